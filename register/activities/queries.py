"""The overview's filters (read from the query string, never trusted) and its query."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from flask import abort
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload, selectinload

from register.activities.facts import current_licence_filter
from register.activities.models import (
    Activity,
    ActivityDataCategory,
    ActivityPurpose,
    ActivityStatus,
    ActivityVersion,
    Role,
)
from register.activities.record import record_loaders
from register.activities.search import matches, unicode_lower
from register.auth.models import User
from register.calendar import today
from register.extensions import db
from register.organisations.models import Organisation
from register.products.models import Licence

SORTS: dict[str, tuple[Any, ...]] = {
    "name": (unicode_lower(Activity.name),),
    "status": (Activity.status, unicode_lower(Activity.name)),
    "review": (Activity.review_date, unicode_lower(Activity.name)),
    "updated": (Activity.updated_at,),
}
ALL_STATUSES = "alle"
# Ids are 32-bit integers on PostgreSQL; a larger number can only be garbage (or a probe).
MAX_ID = 2**31 - 1
MAX_QUERY = 200


def _id(raw: str) -> int | None:
    value = int(raw) if raw.isdigit() and len(raw) <= 12 else None
    return value if value is not None and value <= MAX_ID else None


@dataclass
class ActivityFilter:
    """The overview's search, filters and sort order; odd values are dropped with a message."""

    q: str = ""
    role: Role | None = None
    status: ActivityStatus | None = None
    all_statuses: bool = False
    product_id: int | None = None
    category_id: int | None = None
    basis_id: int | None = None
    overdue: bool = False
    incomplete: bool = False
    sort: str = "name"
    errors: list[str] = field(default_factory=list)

    @classmethod
    def from_args(cls, args: Mapping[str, Any]) -> ActivityFilter:
        """Read the filters; invalid values are ignored and named in `errors`."""
        f = cls()

        def arg(name: str) -> str:
            value = args.get(name)
            return value.strip() if isinstance(value, str) else ""

        f.q = arg("q").replace("\x00", "")[:MAX_QUERY]
        role = arg("rol")
        if role:
            try:
                f.role = Role(role)
            except ValueError:
                f.errors.append(_("Onbekende rol; dat filter is genegeerd."))
        status = arg("status")
        if status == ALL_STATUSES:
            f.all_statuses = True
        elif status:
            try:
                f.status = ActivityStatus(status)
            except ValueError:
                f.errors.append(_("Onbekende status; dat filter is genegeerd."))
        for name, attribute in (
            ("product", "product_id"),
            ("gegeven", "category_id"),
            ("grondslag", "basis_id"),
        ):
            raw = arg(name)
            if raw:
                value = _id(raw)
                if value is None:
                    f.errors.append(_("Ongeldige keuze in een filter; die is genegeerd."))
                setattr(f, attribute, value)
        f.overdue = arg("verlopen") == "1"
        f.incomplete = arg("onvolledig") == "1"
        sort = arg("sort")
        if sort.removeprefix("-") in SORTS:
            f.sort = sort
        elif sort:
            f.errors.append(_("Onbekende sortering; er wordt op naam gesorteerd."))
        return f

    @property
    def is_filtered(self) -> bool:
        return bool(
            self.q
            or self.role
            or self.status
            or self.all_statuses
            or self.product_id
            or self.category_id
            or self.basis_id
            or self.overdue
            or self.incomplete
        )


def activity_list(f: ActivityFilter) -> sa.Select[Any]:
    """Activities matching the filters, sorted, with what the overview shows preloaded."""
    statement = sa.select(Activity).options(
        joinedload(Activity.product),
        selectinload(Activity.purposes).joinedload(ActivityPurpose.purpose),
    )
    if f.q:
        statement = statement.where(matches([Activity.name, Activity.description], f.q))
    if f.role:
        statement = statement.where(Activity.role == f.role)
    if f.status:
        statement = statement.where(Activity.status == f.status)
    elif not f.all_statuses:
        statement = statement.where(Activity.status != ActivityStatus.RETIRED)
    if f.product_id is not None:
        statement = statement.where(Activity.product_id == f.product_id)
    if f.category_id is not None:
        statement = statement.where(
            sa.exists().where(
                ActivityDataCategory.activity_id == Activity.id,
                ActivityDataCategory.term_id == f.category_id,
            )
        )
    if f.basis_id is not None:
        statement = statement.where(
            sa.exists().where(
                ActivityPurpose.activity_id == Activity.id,
                ActivityPurpose.legal_basis_id == f.basis_id,
            )
        )
    if f.overdue:
        statement = statement.where(
            Activity.review_date < today(), Activity.status != ActivityStatus.RETIRED
        )
    if f.incomplete:
        statement = statement.where(Activity.missing_count > 0)
    columns = SORTS[f.sort.removeprefix("-")]
    descending = f.sort.startswith("-")
    order = [(c.desc() if descending else c.asc()).nulls_last() for c in columns]
    return statement.order_by(*order, Activity.id)


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


def history_of(activity_id: int) -> sa.Select[Any]:
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
