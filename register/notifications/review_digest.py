"""The weekly digest of due review dates, to each activity's owner.

Every Monday morning `weekly_review_digest` collects the activities in use (draft or active)
whose review date has come or passed and that name an owner's address (`owner_email`), and
sends each address (in lower case, however the activities spell it) one message listing its
activities, oldest review date first. A staff
user with that address gets it in their own language. The key holds the ISO week, so an
owner gets one digest a week however often the task runs; an owner with nothing due gets
nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from flask import Flask
from huey import crontab

from register.activities.models import Activity, ActivityStatus
from register.auth.models import User
from register.calendar import today as local_today
from register.extensions import db
from register.jobs.queue import bound_app, queue
from register.mail.links import external_url
from register.mail.services import send_mail


def due_for_review(day: dt.date) -> dict[str, list[Activity]]:
    """The activities in use whose review date is `day` or earlier, per owner address."""
    activities = db.session.scalars(
        sa.select(Activity)
        .where(
            Activity.status != ActivityStatus.RETIRED,
            Activity.review_date <= day,
            Activity.owner_email != "",
        )
        .order_by(Activity.review_date, Activity.id)
    )
    per_owner: dict[str, list[Activity]] = {}
    for activity in activities:
        per_owner.setdefault(activity.owner_email.strip().lower(), []).append(activity)
    return per_owner


def _items(activities: Sequence[Activity], day: dt.date) -> list[dict[str, Any]]:
    return [
        {
            "name": activity.name,
            "review_date": activity.review_date,
            "days_late": (day - activity.review_date).days if activity.review_date else 0,
            "link": external_url("activities.detail", activity_id=activity.id),
        }
        for activity in activities
    ]


def send_review_digests(app: Flask, *, today: dt.date | None = None) -> int:
    """Send every owner with due reviews this week's digest; return how many owners."""
    with app.app_context():
        day = today or local_today()
        year, week, _weekday = day.isocalendar()
        per_owner = due_for_review(day)
        users = {
            user.email.lower(): user
            for user in db.session.scalars(
                sa.select(User).where(
                    sa.func.lower(User.email).in_(list(per_owner)), User.is_active.is_(True)
                )
            )
        }
        for address, activities in sorted(per_owner.items()):
            send_mail(
                template="review_digest",
                to=[users.get(address, address)],
                context={
                    "items": _items(activities, day),
                    "overview": external_url("activities.index"),
                },
                key=f"review_digest:{year}-W{week:02d}",
            )
        db.session.commit()
        return len(per_owner)


@queue.periodic_task(
    crontab(day_of_week="1", hour="7", minute="11"),
    name="register.notifications.review_digest.weekly",
)
def weekly_review_digest() -> int:
    """Every Monday: tell activity owners which of their review dates are due."""
    return send_review_digests(bound_app())
