"""Imports every task module so their @task registrations exist (app start-up and the worker)."""

from app.jobs import evidence as evidence
from app.jobs import mail as mail
from app.jobs import packages as packages
from app.jobs import webhooks as webhooks
