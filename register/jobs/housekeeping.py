"""Housekeeping: the nightly removal of rows that have served their purpose.

`form_token_cleanup` deletes the claims of create forms (`register.form_tokens`) older than
`FORM_TOKEN_RETENTION_DAYS`: by then no repeat of those forms is expected, and a repeat
after that shows the form's errors or makes a new record rather than a twin of a long-gone
post. Running it twice deletes nothing more.
"""

from __future__ import annotations

import datetime as dt

from flask import Flask
from huey import crontab

from register.extensions import db
from register.form_tokens import delete_old_claims
from register.jobs.queue import bound_app, queue


def delete_old_form_tokens(app: Flask, *, now: dt.datetime | None = None) -> int:
    """Delete the form claims older than the retention term; return how many."""
    with app.app_context():
        days = int(app.config["FORM_TOKEN_RETENTION_DAYS"])
        deleted = delete_old_claims(older_than=dt.timedelta(days=days), now=now)
        db.session.commit()
        return deleted


@queue.periodic_task(
    crontab(hour="3", minute="41"), name="register.jobs.housekeeping.form_token_cleanup"
)
def form_token_cleanup() -> int:
    """Every night: delete the claims of create forms whose term has ended."""
    return delete_old_form_tokens(bound_app())
