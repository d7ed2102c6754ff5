"""Read-side queries for organisations: the filtered list and what refers to one."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import QueryableAttribute

from register.activities.models import Activity, ActivitySubprocessor, activity_recipient
from register.characters import search_text
from register.db import contains
from register.organisations.models import Organisation, OrganisationKind

SORTS = {
    "name": Organisation.name,
    "kind": Organisation.kind,
    "city": Organisation.city,
    "brin": Organisation.brin,
}


class ActiveStatus(enum.Enum):
    """The status filter of a list (the value is the word in the URL): active rows first."""

    ACTIVE = "actief"
    INACTIVE = "inactief"
    ALL = "alle"

    @classmethod
    def from_arg(cls, value: str | None) -> ActiveStatus:
        """The status a query parameter names; anything else is the default, active."""
        return next((status for status in cls if status.value == value), cls.ACTIVE)

    def where(self, is_active: QueryableAttribute[bool]) -> sa.ColumnElement[bool]:
        """The condition on an `is_active` column that this status selects."""
        if self is ActiveStatus.ALL:
            return sa.true()
        return is_active.is_(self is ActiveStatus.ACTIVE)


@dataclass(frozen=True)
class OrganisationFilter:
    kind: OrganisationKind | None = None
    search: str = ""
    status: ActiveStatus = ActiveStatus.ACTIVE
    sort: str = "name"

    @classmethod
    def from_args(cls, args: Any) -> OrganisationFilter:
        """Read the filter from a query string; unknown values fall back to the defaults."""
        kinds = {k.value: k for k in OrganisationKind}
        sort = args.get("sort", "name")
        return cls(
            kind=kinds.get(args.get("soort", "")),
            search=search_text(args.get("q")),
            status=ActiveStatus.from_arg(args.get("status")),
            sort=sort if sort.lstrip("-") in SORTS else "name",
        )


def organisation_list(filters: OrganisationFilter) -> sa.Select[Any]:
    """The organisations matching the filter, sorted (name as tie-breaker)."""
    statement = sa.select(Organisation)
    if filters.kind is not None:
        statement = statement.where(Organisation.kind == filters.kind)
    statement = statement.where(filters.status.where(Organisation.is_active))
    if filters.search:
        statement = statement.where(
            contains(
                filters.search,
                Organisation.name,
                Organisation.brin,
                Organisation.rio,
                Organisation.kvk,
                Organisation.city,
            )
        )
    column = SORTS[filters.sort.lstrip("-")]
    order = column.desc() if filters.sort.startswith("-") else column.asc()
    return statement.order_by(order, Organisation.name, Organisation.id)


def activities_using(organisation_id: int) -> sa.Select[Any]:
    """Activities that engage the organisation as sub-processor or name it as recipient."""
    as_subprocessor = sa.select(ActivitySubprocessor.activity_id).where(
        ActivitySubprocessor.organisation_id == organisation_id
    )
    as_recipient = sa.select(activity_recipient.c.activity_id).where(
        activity_recipient.c.organisation_id == organisation_id
    )
    return (
        sa.select(Activity)
        .where(sa.or_(Activity.id.in_(as_subprocessor), Activity.id.in_(as_recipient)))
        .order_by(Activity.name, Activity.id)
    )
