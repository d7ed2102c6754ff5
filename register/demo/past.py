"""The demo register's past: when its activities were recorded and how they changed since.

A demo that starts today shows nothing in an activity's history or in the register as of an
earlier date. So each demo activity is recorded as it stood a year ago, the activities one
after another over the past year; a few were changed since (another owner, a security
measure added), through the same service as any change. The dates of the versions are then
set back: they are what the history and the register as of a date read. The audit trail
keeps the real moment of loading, since its entries are chained and never rewritten.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from register.activities.commands import ActivityCommand
from register.activities.models import Activity, ActivityVersion
from register.activities.services import create_activity, update_activity
from register.calendar import LOCAL_ZONE, today

# The first activity was recorded this many days ago, each next one this many days later.
FIRST_RECORDED = 350
SPACING = 30
CHANGED_DAYS_AGO = 45
# Demo activities changed since they were first recorded (names from `register_data`).
CHANGED = frozenset(
    {
        "Nieuwsbrief, publicaties en whitepapers verzenden",
        "Websiteanalyse met Google Analytics",
        "DOENIN: digitaal onderwijsmiddel voor scholen",
    }
)
EARLIER_OWNER = "Directie"


def recorded_days_ago(index: int) -> int:
    """How long ago the `index`-th demo activity was first recorded."""
    return max(FIRST_RECORDED - index * SPACING, CHANGED_DAYS_AGO + 1)


def _earlier(command: ActivityCommand) -> ActivityCommand:
    """The activity as first recorded: another owner, its last security measure missing."""
    # The command's scalar attributes come from the field catalogue, unseen by the type checker.
    earlier: dict[str, Any] = {
        "owner": EARLIER_OWNER,
        "security_measure_ids": command.security_measure_ids[:-1],
    }
    return dataclasses.replace(command, **earlier)


def _set_back(session: Session, activity: Activity, days_ago: int) -> None:
    """Date the activity's newest version `days_ago` days back, at ten in the morning."""
    session.flush()
    version = session.scalars(
        sa.select(ActivityVersion)
        .where(ActivityVersion.activity_id == activity.id)
        .order_by(ActivityVersion.number.desc())
        .limit(1)
    ).one()
    day = today() - dt.timedelta(days=days_ago)
    version.created_at = dt.datetime.combine(day, dt.time(10), LOCAL_ZONE).astimezone(dt.UTC)


def record_with_past(session: Session, command: ActivityCommand, index: int) -> Activity:
    """Add one demo activity, active, with versions dated in the past year."""
    changed = command.name in CHANGED
    activity = create_activity(session, _earlier(command) if changed else command, activate=True)
    _set_back(session, activity, recorded_days_ago(index))
    if changed:
        update_activity(session, activity, command, activity.version)
        _set_back(session, activity, CHANGED_DAYS_AGO)
    return activity
