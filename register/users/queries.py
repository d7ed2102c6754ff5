"""The user list query: search, filters and eager loading (no query per row)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from register.auth.models import User, UserRole
from register.db import contains


def user_list_query(q: str = "", role: str = "", active: str = "") -> sa.Select[Any]:
    """Users matching the search text, role and status, by name."""
    statement = sa.select(User).options(selectinload(User.organisations))
    text = q.strip()
    if text:
        statement = statement.where(contains(text, User.name, User.email))
    if role in {r.value for r in UserRole}:
        statement = statement.where(User.role == UserRole(role))
    if active == "ja":
        statement = statement.where(User.is_active.is_(True))
    elif active == "nee":
        statement = statement.where(User.is_active.is_(False))
    return statement.order_by(sa.func.lower(User.name), User.id)
