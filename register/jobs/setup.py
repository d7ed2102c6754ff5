"""Binding jobs to the app: the queue, the after-commit listener and every module with tasks."""

from __future__ import annotations

import importlib

from flask import Flask

from register.jobs.after_commit import install_after_commit
from register.jobs.queue import init_queue

# Modules that define tasks: imported at start, so a worker knows every task it dequeues.
TASK_MODULES = (
    "register.jobs.worker",
    "register.jobs.runner",
    "register.jobs.exports",
    "register.agreements.sending",
    "register.agreements.signed_pdf",  # renders, seals and stores the signed PDF
    "register.rounds.running",  # bulk rounds of agreements
    "register.mail.delivery",
    "register.subject_requests.jobs",  # deletes request files after their term
    "register.jobs.housekeeping",  # deletes old claims of create forms
    "register.notifications.reminders",  # reminds schools of waiting agreements
    "register.notifications.review_digest",  # weekly due review dates to activity owners
    "register.statement.document",  # renders and stores each statement publication's PDF
)


def init_jobs(app: Flask) -> None:
    """Bind the queue to the app's storage and load every task."""
    init_queue(app)
    install_after_commit()
    for module in TASK_MODULES:
        importlib.import_module(module)
