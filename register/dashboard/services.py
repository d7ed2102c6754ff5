"""The register panels of the dashboard: completeness, reviews and DPIAs.

Every panel is a fixed number of SQL queries whatever the register's size: counts are
aggregates, lists are capped or paginated, and only the listed page of incomplete activities
is loaded as full records (to name their missing items).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from register.activities.completeness import MissingItem, missing_items
from register.activities.facts import load_facts
from register.activities.models import Activity, ActivityStatus, DpiaStatus, Role
from register.activities.record import activity_record, record_loaders
from register.pagination import Page, paginate

REVIEW_HORIZON_DAYS = 30
LIST_CAP = 10  # the longest list a panel shows (the agreement panels too)
INCOMPLETE_PER_PAGE = 20
CURRENT = (ActivityStatus.DRAFT, ActivityStatus.ACTIVE)


@dataclass(frozen=True)
class ActivityRow:
    """An activity named in a panel, with the fields the panels show."""

    id: int
    name: str
    role: Role
    status: ActivityStatus
    review_date: dt.date | None
    dpia_status: DpiaStatus


@dataclass(frozen=True)
class IncompleteActivity:
    """An activity with its mandatory missing items and the advice that does not block."""

    activity: ActivityRow
    missing: list[MissingItem]
    advice: list[MissingItem]


@dataclass(frozen=True)
class RegisterCounts:
    """Counts over the current (draft and active) activities."""

    # Status value ("draft", "active", "retired") -> number of activities.
    by_status: dict[str, int]
    complete: int
    incomplete: int
    review_overdue: int
    review_due: int
    review_later: int
    review_missing: int
    dpia_open: int


@dataclass(frozen=True)
class RegisterPanels:
    counts: RegisterCounts
    overdue: list[ActivityRow]
    due: list[ActivityRow]
    dpia_open: list[ActivityRow]
    incomplete: Page[IncompleteActivity]
    today: dt.date
    horizon: dt.date


_ROW_COLUMNS = (
    Activity.id,
    Activity.name,
    Activity.role,
    Activity.status,
    Activity.review_date,
    Activity.dpia_status,
)


def _rows(session: Session, statement: sa.Select[*tuple[Any, ...]]) -> list[ActivityRow]:
    return [ActivityRow(*row) for row in session.execute(statement.limit(LIST_CAP))]


def _dpia_open_filter() -> sa.ColumnElement[bool]:
    return sa.and_(Activity.dpia_required.is_(True), Activity.dpia_status != DpiaStatus.COMPLETED)


def _count_when(condition: sa.ColumnElement[bool]) -> sa.ColumnElement[int]:
    return sa.func.coalesce(sa.func.sum(sa.case((condition, 1), else_=0)), 0)


def register_counts(session: Session, today: dt.date, horizon: dt.date) -> RegisterCounts:
    """All dashboard counts of activities in one aggregate query grouped by status."""
    current = Activity.status.in_(CURRENT)
    rows = session.execute(
        sa.select(
            Activity.status,
            sa.func.count(),
            _count_when(sa.and_(current, Activity.missing_count > 0)),
            _count_when(sa.and_(current, Activity.review_date < today)),
            _count_when(sa.and_(current, Activity.review_date.between(today, horizon))),
            _count_when(sa.and_(current, Activity.review_date > horizon)),
            _count_when(sa.and_(current, Activity.review_date.is_(None))),
            _count_when(sa.and_(current, _dpia_open_filter())),
        ).group_by(Activity.status)
    ).all()
    by_status = {status.value: 0 for status in ActivityStatus}
    sums = [0] * 6
    for status, total, *counts in rows:
        by_status[status.value] = int(total)
        sums = [s + int(c) for s, c in zip(sums, counts)]
    current_total = sum(by_status[s.value] for s in CURRENT)
    incomplete, overdue, due, later, missing, dpia = sums
    return RegisterCounts(
        by_status=by_status,
        complete=current_total - incomplete,
        incomplete=incomplete,
        review_overdue=overdue,
        review_due=due,
        review_later=later,
        review_missing=missing,
        dpia_open=dpia,
    )


def incomplete_activities(
    session: Session, page: int, per_page: int = INCOMPLETE_PER_PAGE
) -> Page[IncompleteActivity]:
    """One page of current activities with missing items, most missing first, items named."""
    ids_page = paginate(
        session,
        sa.select(Activity.id)
        .where(Activity.status.in_(CURRENT), Activity.missing_count > 0)
        .order_by(Activity.missing_count.desc(), Activity.name, Activity.id),
        page,
        per_page,
    )
    ids: list[int] = list(ids_page.items)
    if not ids:
        return Page(items=[], page=ids_page.page, per_page=ids_page.per_page, total=ids_page.total)
    activities = {
        a.id: a
        for a in session.scalars(
            sa.select(Activity).where(Activity.id.in_(ids)).options(*record_loaders())
        ).unique()
    }
    facts = load_facts(session)
    items = []
    for activity_id in ids:
        activity = activities[activity_id]
        found = missing_items(activity_record(activity), facts)
        items.append(
            IncompleteActivity(
                activity=ActivityRow(*(getattr(activity, c.key) for c in _ROW_COLUMNS)),
                missing=[item for item in found if item.mandatory],
                advice=[item for item in found if not item.mandatory],
            )
        )
    return Page(items=items, page=ids_page.page, per_page=ids_page.per_page, total=ids_page.total)


def register_panels(session: Session, *, today: dt.date, page: int = 1) -> RegisterPanels:
    """Counts, capped lists and the incomplete page for the dashboard's register panels."""
    horizon = today + dt.timedelta(days=REVIEW_HORIZON_DAYS)
    current = sa.select(*_ROW_COLUMNS).where(Activity.status.in_(CURRENT))
    return RegisterPanels(
        counts=register_counts(session, today, horizon),
        overdue=_rows(
            session,
            current.where(Activity.review_date < today).order_by(Activity.review_date, Activity.id),
        ),
        due=_rows(
            session,
            current.where(Activity.review_date.between(today, horizon)).order_by(
                Activity.review_date, Activity.id
            ),
        ),
        dpia_open=_rows(
            session, current.where(_dpia_open_filter()).order_by(Activity.name, Activity.id)
        ),
        incomplete=incomplete_activities(session, page),
        today=today,
        horizon=horizon,
    )
