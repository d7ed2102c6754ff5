"""The audit overview query: filters and keyset pagination over the indexed columns."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, defer

from register.audit.models import AuditEntry
from register.calendar import LOCAL_ZONE


@dataclass(frozen=True)
class AuditFilters:
    actor_id: int | None = None
    entity_type: str = ""
    entity_id: str = ""
    action: str = ""
    start: dt.date | None = None
    end: dt.date | None = None


@dataclass(frozen=True)
class AuditPage:
    """One page, newest first; `older`/`newer` are the keyset cursors for the neighbours."""

    items: list[AuditEntry]
    older: int | None
    newer: int | None


def _day_start(day: dt.date) -> dt.datetime:
    """Midnight in the Netherlands at the start of `day`, as UTC."""
    return dt.datetime.combine(day, dt.time(), tzinfo=LOCAL_ZONE).astimezone(dt.UTC)


def filtered(filters: AuditFilters) -> sa.Select[Any]:
    """The ids of entries matching the filters (no ordering yet).

    Selecting only the id lets the database answer from an index (every index carries the
    row id), then sort just the ids; the page's rows are fetched afterwards by id.
    """
    statement = sa.select(AuditEntry.id)
    if filters.actor_id is not None:
        statement = statement.where(AuditEntry.actor_id == filters.actor_id)
    if filters.entity_type:
        statement = statement.where(AuditEntry.entity_type == filters.entity_type)
        if filters.entity_id:  # only with a type: (entity_type, entity_id) is the index
            statement = statement.where(AuditEntry.entity_id == filters.entity_id)
    if filters.action:
        statement = statement.where(AuditEntry.action == filters.action)
    if filters.start:
        statement = statement.where(AuditEntry.created_at >= _day_start(filters.start))
    if filters.end:
        next_day = filters.end + dt.timedelta(days=1)
        statement = statement.where(AuditEntry.created_at < _day_start(next_day))
    return statement


NEWEST_FIRST = (AuditEntry.created_at.desc(), AuditEntry.id.desc())
OLDEST_FIRST = (AuditEntry.created_at.asc(), AuditEntry.id.asc())


def _older_than(created_at: dt.datetime, entry_id: int) -> sa.ColumnElement[bool]:
    """(created_at, id) < (created_at, entry_id), written so the created_at index serves it."""
    return sa.and_(
        AuditEntry.created_at <= created_at,
        sa.or_(AuditEntry.created_at < created_at, AuditEntry.id < entry_id),
    )


def _newer_than(created_at: dt.datetime, entry_id: int) -> sa.ColumnElement[bool]:
    return sa.and_(
        AuditEntry.created_at >= created_at,
        sa.or_(AuditEntry.created_at > created_at, AuditEntry.id > entry_id),
    )


def _entries(session: Session, ids: list[int]) -> list[AuditEntry]:
    """The entries with these ids, newest first; the changes stay unloaded."""
    if not ids:
        return []
    return list(
        session.scalars(
            sa.select(AuditEntry)
            .options(defer(AuditEntry.changes))
            .where(AuditEntry.id.in_(ids))
            .order_by(*NEWEST_FIRST)
        )
    )


def audit_page(
    session: Session,
    filters: AuditFilters,
    per_page: int,
    before: int | None = None,
    after: int | None = None,
) -> AuditPage:
    """A page of entries newest first (by time, then id): older than entry `before`, or
    just newer than entry `after` (keyset pagination: no OFFSET, no COUNT)."""
    statement = filtered(filters)
    cursor_id = after if after is not None else before
    cursor_time = (
        session.scalar(sa.select(AuditEntry.created_at).where(AuditEntry.id == cursor_id))
        if cursor_id is not None
        else None
    )
    if after is not None and cursor_time is not None:
        ids = list(
            session.scalars(
                statement.where(_newer_than(cursor_time, after))
                .order_by(*OLDEST_FIRST)
                .limit(per_page + 1)
            )
        )
        has_newer = len(ids) > per_page
        ids = ids[:per_page]
        has_older = True
    else:
        if before is not None and cursor_time is not None:
            statement = statement.where(_older_than(cursor_time, before))
        ids = list(session.scalars(statement.order_by(*NEWEST_FIRST).limit(per_page + 1)))
        has_older = len(ids) > per_page
        ids = ids[:per_page]
        has_newer = cursor_time is not None
    items = _entries(session, ids)
    if not items:
        return AuditPage(items=[], older=None, newer=None)
    return AuditPage(
        items=items,
        older=items[-1].id if has_older else None,
        newer=items[0].id if has_newer else None,
    )
