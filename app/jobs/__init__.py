"""Background jobs. Job modules register with `app.jobs.queue`; `app.jobs.registry` imports them."""
