"""Scheduled work of the request register: deleting request files once their term is over.

A request file is kept only as long as needed: `REQUEST_FILE_RETENTION_DAYS` (default 365)
after the request was closed it is deleted, with its link to the activities. The deletion
is audited like any other; running the job twice deletes nothing more.
"""

from __future__ import annotations

import datetime as dt

from flask import Flask
from huey import crontab

from register.db import utcnow
from register.extensions import db
from register.jobs.queue import bound_app, queue
from register.subject_requests.services import delete_expired_requests

DEFAULT_RETENTION_DAYS = 365


def retention_days(app: Flask) -> int:
    return int(app.config.get("REQUEST_FILE_RETENTION_DAYS", DEFAULT_RETENTION_DAYS))


def delete_expired_request_files(app: Flask, *, now: dt.datetime | None = None) -> int:
    """Delete the files closed longer than the retention term ago; return how many."""
    with app.app_context():
        cutoff = (now or utcnow()) - dt.timedelta(days=retention_days(app))
        deleted = delete_expired_requests(db.session, closed_before=cutoff)
        db.session.commit()
        return deleted


@queue.periodic_task(
    crontab(hour="3", minute="17"), name="register.subject_requests.jobs.nightly_deletion"
)
def nightly_deletion() -> int:
    """Every night: delete the request files whose term has ended."""
    return delete_expired_request_files(bound_app())
