"""Tenant scoping: the one place where queries are limited to a user's own organisations."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import abort

from register.auth.permissions import READERS


def scope_to_user(statement: sa.Select[Any], user: Any, organisation_column: Any) -> sa.Select[Any]:
    """Limit a query to the organisations the user may see (staff and auditors see all)."""
    if getattr(user, "role", None) in READERS:
        return statement
    ids = sorted(user.organisation_ids) if getattr(user, "is_authenticated", False) else []
    return statement.where(organisation_column.in_(ids or [-1]))


def first_or_404(session: Any, statement: sa.Select[Any]) -> Any:
    """The first row of a scoped query, or 404: another tenant's object does not exist.

    Unique: a query may read collections with the row (`joinedload`)."""
    found = session.scalars(statement.limit(1)).unique().first()
    if found is None:
        abort(404)
    return found
