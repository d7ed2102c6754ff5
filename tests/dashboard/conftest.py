"""A constructed register whose dashboard numbers are known in advance."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from register.activities.completeness import mandatory_missing
from register.activities.facts import load_facts
from register.activities.models import Activity, ActivityStatus, DpiaStatus, Role
from register.activities.record import activity_record, record_loaders
from register.calendar import today
from register.extensions import db


def add_activity(name: str, **fields: Any) -> Activity:
    fields.setdefault("status", ActivityStatus.ACTIVE)
    fields.setdefault("role", Role.CONTROLLER)
    activity = Activity(name=name, **fields)
    db.session.add(activity)
    return activity


def refresh_missing_counts(names: list[str]) -> None:
    """Set missing_count as the activity services do, for the named activities."""
    facts = load_facts(db.session)
    for activity in db.session.scalars(
        sa.select(Activity).where(Activity.name.in_(names)).options(*record_loaders())
    ):
        activity.missing_count = len(mandatory_missing(activity_record(activity), facts))


def build_dashboard_register(day: dt.date) -> None:
    """Reviews: 1 overdue, 1 due, 1 later; 1 open DPIA; 2 incomplete (one draft)."""
    add_activity("Te laat herzien", review_date=day - dt.timedelta(days=5))
    add_activity("Binnenkort herzien", review_date=day + dt.timedelta(30))
    add_activity("Later herzien", review_date=day + dt.timedelta(days=31))
    add_activity(
        "Buiten gebruik en te laat",
        status=ActivityStatus.RETIRED,
        review_date=day - dt.timedelta(days=100),
        dpia_required=True,
        dpia_status=DpiaStatus.NOT_STARTED,
        missing_count=3,
    )
    add_activity(
        "DPIA loopt",
        review_date=day + dt.timedelta(days=200),
        dpia_required=True,
        dpia_status=DpiaStatus.IN_PROGRESS,
    )
    add_activity(
        "DPIA afgerond",
        review_date=day + dt.timedelta(days=200),
        dpia_required=True,
        dpia_status=DpiaStatus.COMPLETED,
    )
    add_activity("Onvolledig concept", status=ActivityStatus.DRAFT)
    add_activity("Onvolledig actief", review_date=day + dt.timedelta(days=90))
    db.session.flush()
    refresh_missing_counts(["Onvolledig concept", "Onvolledig actief"])
    db.session.commit()


def add_incomplete_activities(count: int, day: dt.date) -> None:
    """More activities in every panel: incomplete, overdue, due and with an open DPIA."""
    names = []
    for n in range(count):
        names.append(f"Extra {n:03d}")
        add_activity(
            names[-1],
            review_date=day + dt.timedelta(days=(n % 3) * 20 - 10),
            dpia_required=n % 2 == 0,
            dpia_status=DpiaStatus.NOT_STARTED,
        )
    db.session.flush()
    refresh_missing_counts(names)
    db.session.commit()


@pytest.fixture
def day() -> dt.date:
    return today()


@pytest.fixture
def dashboard_register(app: Flask, day: dt.date) -> None:
    with app.app_context():
        build_dashboard_register(day)


@contextmanager
def counting_queries() -> Iterator[list[str]]:
    """Record every SQL statement sent through db.engine inside the block."""
    statements: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", record)
