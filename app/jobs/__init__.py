"""Background jobs. Task modules register themselves when `app.jobs.tasks` is imported."""
