"""Server-side pagination in SQL: one count query and one page query."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import sqlalchemy as sa
from flask import current_app, request
from sqlalchemy.orm import Session

from register.extensions import db

T = TypeVar("T")
MAX_PER_PAGE = 200


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))


def page_number(raw: Any) -> int:
    """A page number from a query string: anything odd becomes page 1."""
    try:
        number = int(raw)
    except (TypeError, ValueError):
        return 1
    return number if 1 <= number <= 1_000_000 else 1


def paginate(
    session: Session, statement: sa.Select[*tuple[Any, ...]], page: int, per_page: int
) -> Page[Any]:
    """Count the rows of `statement` and fetch one page of it (ORM entities or rows)."""
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    total = session.scalar(
        sa.select(sa.func.count()).select_from(statement.order_by(None).subquery())
    )
    total = int(total or 0)
    last = max(1, math.ceil(total / per_page))
    page = min(max(1, page), last)
    result = session.execute(statement.limit(per_page).offset((page - 1) * per_page))
    first_column_is_entity = len(statement.column_descriptions) == 1
    items = list(result.scalars().unique()) if first_column_is_entity else list(result.all())
    return Page(items=items, page=page, per_page=per_page, total=total)


def requested_page(
    statement: sa.Select[*tuple[Any, ...]], per_page: int | None = None
) -> Page[Any]:
    """The page of `statement` the request asks for (`?page=`), `per_page` or `PAGE_SIZE`
    rows long."""
    return paginate(
        db.session,
        statement,
        page_number(request.args.get("page")),
        per_page or int(current_app.config["PAGE_SIZE"]),
    )
