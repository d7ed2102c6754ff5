"""Read-side queries for products and licences."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from register.db import contains
from register.organisations.models import Organisation, OrganisationKind
from register.organisations.queries import ActiveStatus
from register.products.models import Licence, Product

# The most schools a licence form lists at once; a search narrows them down.
SCHOOL_CHOICES = 50
SORTS = {"code": Product.code, "name": Product.name, "kind": Product.kind}


def product_list(search: str, status: ActiveStatus, sort: str) -> sa.Select[Any]:
    """Products matching a search and status, sorted; with the number of licences."""
    licence_count = (
        sa.select(sa.func.count(Licence.id))
        .where(Licence.product_id == Product.id)
        .correlate(Product)
        .scalar_subquery()
    )
    statement = sa.select(Product, licence_count.label("licences"))
    statement = statement.where(status.where(Product.is_active))
    if search:
        statement = statement.where(contains(search, Product.code, Product.name))
    key = sort.lstrip("-")
    column = SORTS.get(key, Product.name)
    order = column.desc() if sort.startswith("-") else column.asc()
    return statement.order_by(order, Product.id)


def licences_of_product(product_id: int) -> sa.Select[Any]:
    """The licences of a product with their school, newest first."""
    return _licences(Licence.organisation, Licence.product_id == product_id, Organisation.name)


def licences_of_organisation(organisation_id: int) -> sa.Select[Any]:
    """The licences of a school with their product."""
    return _licences(Licence.product, Licence.organisation_id == organisation_id, Product.name)


def _licences(other: Any, condition: sa.ColumnElement[bool], by_name: Any) -> sa.Select[Any]:
    """The licences matching `condition` with the `other` party loaded, by its name
    (`by_name`), then newest first."""
    return (
        sa.select(Licence)
        .options(joinedload(other))
        .join(other)
        .where(condition)
        .order_by(by_name, Licence.start_date.desc(), Licence.id)
    )


def school_choices(
    session: Any, search: str = "", *, include: Iterable[int] = (), limit: int = SCHOOL_CHOICES
) -> tuple[list[tuple[int, str]], bool]:
    """Active schools matching `search` as (id, "name (BRIN)"), at most `limit`, by name.

    The schools in `include` (the current or submitted choice) are always among them, even
    when they do not match. The flag says whether more schools match than are listed.
    """
    statement = (
        sa.select(Organisation.id, Organisation.name, Organisation.brin)
        .where(Organisation.kind == OrganisationKind.SCHOOL, Organisation.is_active.is_(True))
        .order_by(Organisation.name, Organisation.id)
    )
    if search:
        statement = statement.where(
            contains(search, Organisation.name, Organisation.brin, Organisation.city)
        )
    rows = list(session.execute(statement.limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    missing = set(include) - {row.id for row in rows}
    if missing:
        rows += session.execute(
            sa.select(Organisation.id, Organisation.name, Organisation.brin).where(
                Organisation.id.in_(missing), Organisation.kind == OrganisationKind.SCHOOL
            )
        ).all()
    return [(row.id, f"{row.name} ({row.brin})" if row.brin else row.name) for row in rows], more
