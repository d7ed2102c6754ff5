"""Scheduled work of the privacy registers: reminders of deadlines, deleting old files.

Every morning `morning_reminder` e-mails staff the requests and breaches that are overdue
or due within 7 days (what `flask deadlines` lists).

A request file is kept only as long as needed: `REQUEST_FILE_RETENTION_DAYS` (default 365)
after the request was closed it is deleted, with its link to the activities and the
e-mails about it. The deletion is audited like any other (the trail holds the requester's
data only as keyed hashes); running the job twice deletes nothing more.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask import Flask
from flask_babel import gettext as _
from huey import crontab

from register.auth.models import User, UserRole
from register.calendar import today as local_today
from register.db import utcnow
from register.extensions import db
from register.jobs.queue import bound_app, queue
from register.mail.links import external_url
from register.mail.services import send_mail
from register.subject_requests.agenda import AgendaItem, open_items
from register.subject_requests.services import delete_expired_requests


def retention_days(app: Flask) -> int:
    return int(app.config["REQUEST_FILE_RETENTION_DAYS"])


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


def send_deadline_reminders(app: Flask, *, today: dt.date | None = None) -> int:
    """Remind staff of requests and breaches overdue or due within 7 days; return messages.

    A request's handler hears about their own requests; every active privacy officer hears
    about requests without a handler and about breaches. Each reminder is sent once a day
    (its key holds the date), so running the job twice sends nothing more.
    """
    with app.app_context():
        day = today or local_today()
        urgent = [i for i in open_items(db.session) if i.state(day) in {"overdue", "soon"}]
        if not urgent:
            return 0
        officers = list(
            db.session.scalars(
                sa.select(User).where(User.role == UserRole.PRIVACY, User.is_active.is_(True))
            )
        )
        per_recipient: dict[str, tuple[User | str, list[AgendaItem]]] = {}
        for item in urgent:
            recipients: list[User | str] = (
                [item.handler_email] if item.handler_email else list(officers)
            )
            for recipient in recipients:
                address = recipient if isinstance(recipient, str) else recipient.email
                per_recipient.setdefault(address, (recipient, []))[1].append(item)
        sent = 0
        for address, (recipient, items) in sorted(per_recipient.items()):
            send_mail(
                template="privacy_deadlines_reminder",
                to=[recipient],
                context={
                    "items": [
                        {
                            "label": _("Verzoek") if i.kind == "request" else _("Datalek"),
                            "reference": i.reference,
                            "title": i.title,
                            "due": i.due,
                            "overdue": i.state(day) == "overdue",
                            "link": external_url(
                                "subject_requests.detail"
                                if i.kind == "request"
                                else "breaches.detail",
                                **(
                                    {"request_id": i.id}
                                    if i.kind == "request"
                                    else {"breach_id": i.id}
                                ),
                            ),
                        }
                        for i in items
                    ]
                },
                key=f"deadline_reminder:{day.isoformat()}:{address}",
            )
            sent += 1
        db.session.commit()
        return sent


@queue.periodic_task(
    crontab(hour="7", minute="5"), name="register.subject_requests.jobs.morning_reminder"
)
def morning_reminder() -> int:
    """Every morning: remind staff of the deadlines that are near or passed."""
    return send_deadline_reminders(bound_app())
