"""Background jobs; importing this package registers every task."""

from app.jobs import mail as mail
