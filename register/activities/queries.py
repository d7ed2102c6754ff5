"""The activities overview's query (its filter: `register.activities.filters`) and look-ups."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from flask import abort
from sqlalchemy.orm import joinedload, selectinload

from register.activities.facts import current_licence_filter
from register.activities.filters import ActivityFilter, conditions, order_by
from register.activities.models import (
    Activity,
    ActivityPurpose,
    ActivityStatus,
    ActivityVersion,
)
from register.activities.record import record_loaders
from register.auth.models import User
from register.extensions import db
from register.ids import MAX_ID
from register.organisations.models import Organisation
from register.products.models import Licence


def activity_list(f: ActivityFilter) -> sa.Select[Any]:
    """Activities matching the filters, sorted, with what the overview shows preloaded."""
    statement = sa.select(Activity).options(
        joinedload(Activity.product),
        selectinload(Activity.purposes).joinedload(ActivityPurpose.purpose),
    )
    return statement.where(*conditions(f)).order_by(*order_by(f))


def is_overdue(activity: Activity, on: dt.date) -> bool:
    """Whether the review date has passed (retired activities are never overdue)."""
    return (
        activity.review_date is not None
        and activity.review_date < on
        and activity.status is not ActivityStatus.RETIRED
    )


def controllers_of(product_id: int, on: dt.date) -> sa.Select[Any]:
    """The organisations (schools) with a current licence for the product: art. 30(2)(a)."""
    licensed = sa.select(Licence.organisation_id).where(
        Licence.product_id == product_id, current_licence_filter(on)
    )
    return (
        sa.select(Organisation)
        .where(Organisation.id.in_(licensed))
        .order_by(Organisation.name, Organisation.id)
    )


def history_of(activity_id: int) -> sa.Select[ActivityVersion, str, str]:
    """The versions of an activity, newest first, with the name of who made each."""
    return (
        sa.select(ActivityVersion, User.name, User.email)
        .outerjoin(User, User.id == ActivityVersion.user_id)
        .where(ActivityVersion.activity_id == activity_id)
        .order_by(ActivityVersion.number.desc())
    )


def snapshot_of(activity_id: int, number: int) -> sa.Select[Any]:
    """The stored record of one version."""
    return sa.select(ActivityVersion.snapshot).where(
        ActivityVersion.activity_id == activity_id, ActivityVersion.number == number
    )


def load_activity(activity_id: int) -> Activity:
    """The activity with everything its record needs, or 404."""
    if activity_id > MAX_ID:
        abort(404)
    activity = db.session.scalars(
        sa.select(Activity).where(Activity.id == activity_id).options(*record_loaders())
    ).first()
    if activity is None:
        abort(404)
    return activity
