"""Recording changes: a session listener for audited models, named changes, explicit events.

A service names a change the listener would call "update" with `set_audit_action`;
`set_active` deactivates or reactivates a record that is never deleted, named so.
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session, attributes

from register.audit.chain import append_entries
from register.audit.context import current_actor
from register.audit.redaction import redact, redacted_columns
from register.db import Base

_PENDING = "audit_pending"
_ACTIONS = "audit_actions"
# Columns never written into the trail, or written masked.
_SKIPPED = {"version", "created_at", "updated_at", "last_login_at"}
_MASKED = {"password_hash", "session_token", "token_hash"}


def plain(value: Any) -> Any:
    """A JSON-safe, stable representation of a column value."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, dict | list):
        return value
    label = getattr(value, "label", None) or getattr(value, "name", None)
    return str(label) if label is not None else str(value)


def entity_type(obj: Any) -> str:
    return obj.__tablename__


def set_audit_action(session: Session, obj: Any, action: str, summary: str = "") -> None:
    """Name the next flush's change of `obj` (e.g. "retire" instead of "update")."""
    session.info.setdefault(_ACTIONS, {})[id(obj)] = (action, summary)


def set_active(session: Session, obj: Any, active: bool) -> None:
    """Deactivate or reactivate a record that is never deleted (its `is_active`).

    Audited as "deactivate" or "reactivate"; flushes when it changed, nothing otherwise.
    """
    if obj.is_active != active:
        obj.is_active = active
        set_audit_action(session, obj, "reactivate" if active else "deactivate")
        session.flush()


def record_event(
    session: Session,
    action: str,
    *,
    entity_type: str = "",
    entity_id: Any = "",
    summary: str = "",
    changes: dict[str, Any] | None = None,
) -> None:
    """Append an event that is not a row change (sign-in, download, export) to the trail."""
    actor = current_actor()
    row = {
        "actor_id": actor.id,
        "actor_email": actor.email,
        "ip": actor.ip,
        "action": action,
        "entity_type": entity_type,
        "entity_id": str(entity_id),
        "summary": summary,
        "changes": changes,
    }
    append_entries(session.connection(), [row])


def _is_audited(obj: Any) -> bool:
    return getattr(type(obj), "__audit__", False)


def _changes(obj: Any, *, new: bool) -> dict[str, list[Any]]:
    state = sa.inspect(obj)
    redacted = redacted_columns(obj)
    out: dict[str, list[Any]] = {}
    for attr in state.mapper.column_attrs:
        key = attr.key
        if key in _SKIPPED:
            continue
        if new:
            # After the INSERT every value is in the instance dict: no history needed.
            value = state.dict.get(key)
            if value is None or value == "":
                continue
            old, current = None, value
        else:
            hist = state.attrs[key].history
            if not hist.has_changes():
                continue
            old = hist.deleted[0] if hist.deleted else None
            current = hist.added[0] if hist.added else None
            if old == current:
                continue
        if key in _MASKED:
            out[key] = ["***" if old else None, "***" if current else None]
        elif key in redacted:
            out[key] = [redact(plain(old)), redact(plain(current))]
        else:
            out[key] = [plain(old), plain(current)]
    for rel in state.mapper.relationships:
        if rel.secondary is None:
            continue
        hist = attributes.get_history(obj, rel.key, passive=attributes.PASSIVE_NO_INITIALIZE)
        if not hist.has_changes():
            continue
        before = sorted(plain(o) for o in [*hist.unchanged, *hist.deleted])
        after = sorted(plain(o) for o in [*hist.unchanged, *hist.added])
        if before != after:
            out[rel.key] = [before, after]
    return out


def _before_flush(session: Session, flush_context: Any, instances: Any) -> None:
    pending = session.info.setdefault(_PENDING, [])
    actions = session.info.get(_ACTIONS, {})
    for obj in session.new:
        if _is_audited(obj):
            pending.append((obj, "create", None))
    for obj in session.dirty:
        if _is_audited(obj) and session.is_modified(obj):
            changes = _changes(obj, new=False)
            if changes or id(obj) in actions:
                pending.append((obj, "update", changes))
    for obj in session.deleted:
        if _is_audited(obj):
            pending.append((obj, "delete", None))


def _after_flush(session: Session, flush_context: Any) -> None:
    pending = session.info.pop(_PENDING, [])
    actions = session.info.pop(_ACTIONS, {})
    if not pending:
        return
    actor = current_actor()
    rows = []
    for obj, action, changes in pending:
        named_action, summary = actions.get(id(obj), (action, ""))
        if action == "create":
            changes = _changes(obj, new=True)
        rows.append(
            {
                "actor_id": actor.id,
                "actor_email": actor.email,
                "ip": actor.ip,
                "action": named_action,
                "entity_type": entity_type(obj),
                "entity_id": _primary_key(obj),
                "summary": _without_redacted(obj, summary or _label(obj)),
                "changes": changes or None,
            }
        )
    append_entries(session.connection(), rows)


def _without_redacted(obj: Any, summary: str) -> str:
    """`summary` with the values of the redacted columns replaced by their keyed hash."""
    for key in redacted_columns(obj):
        value = getattr(obj, key, None)
        if isinstance(value, str) and value and value in summary:
            summary = summary.replace(value, redact(value))
    return summary


def _primary_key(obj: Any) -> str:
    values = sa.inspect(obj).mapper.primary_key_from_instance(obj)
    return "/".join(str(v) for v in values if v is not None)


def _label(obj: Any) -> str:
    for name in ("name", "label", "email", "number"):
        value = getattr(obj, name, None)
        if value:
            return str(value)
    return ""


def _after_rollback(session: Session) -> None:
    session.info.pop(_PENDING, None)
    session.info.pop(_ACTIONS, None)


def _keep_old_value(target: Any, value: Any, oldvalue: Any, initiator: Any) -> None:
    """No-op: registering it with active_history makes SQLAlchemy load the old value."""


def _load_old_values_on_change() -> None:
    # Attributes are expired after a commit; without active history the old value of a
    # changed column would be unknown to the trail (see shared/NOTES.md, SQLAlchemy).
    for mapper in Base.registry.mappers:
        if not getattr(mapper.class_, "__audit__", False):
            continue
        for attr in mapper.column_attrs:
            column = getattr(mapper.class_, attr.key)
            if not event.contains(column, "set", _keep_old_value):
                event.listen(column, "set", _keep_old_value, active_history=True)


def install_listeners() -> None:
    """Attach the audit listeners to every SQLAlchemy session (idempotent)."""
    _load_old_values_on_change()
    if not event.contains(Session, "before_flush", _before_flush):
        event.listen(Session, "before_flush", _before_flush)
        event.listen(Session, "after_flush", _after_flush)
        event.listen(Session, "after_soft_rollback", _after_soft_rollback)


def _after_soft_rollback(session: Session, previous_transaction: Any) -> None:
    _after_rollback(session)
