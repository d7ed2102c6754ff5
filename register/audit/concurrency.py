"""Lost-update protection across requests: compare the version a form was built from.

Editable models carry an integer `version` (SQLAlchemy `version_id_col`), which guards
against two writers within one flush. Across requests the form carries the version in a
hidden field; `check_version` refuses the change when the record moved on meanwhile::

    check_version(activity, form.version.data)   # raises StaleObject

A record that can be closed (a breach, a data-subject request) also refuses every change once
closed: `check_open(breach, seen_version, BreachClosed)`.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm.exc import StaleDataError

from register.errors import DomainError, Stale
from register.ids import parse_id

STALE_MESSAGE = Stale.message


class StaleObject(Stale):
    """The record `obj` changed after the form was loaded; nothing was written."""

    def __init__(self, obj: Any = None) -> None:
        super().__init__()
        self.obj = obj


def submitted_version(raw: Any) -> int:
    """The version from a hidden form field; 0 when missing or odd (never current: stale)."""
    # The one parser for numbers from a request: ASCII digits only ("²" passes str.isdigit()).
    return parse_id(str(raw) if raw is not None else None) or 0


def check_version(obj: Any, submitted: Any) -> None:
    """Raise StaleObject unless `submitted` equals the object's current version."""
    if submitted_version(submitted) != obj.version:
        raise StaleObject(obj)


def check_open(obj: Any, submitted: Any, closed: type[DomainError]) -> None:
    """`check_version`, then raise `closed` when the record is no longer open (`obj.is_open`)."""
    check_version(obj, submitted)
    if not obj.is_open:
        raise closed()


# Raised at flush time when a concurrent transaction bumped the version first; views can
# catch both: `except (StaleObject, StaleDataError)`.
__all__ = [
    "STALE_MESSAGE",
    "StaleDataError",
    "StaleObject",
    "check_open",
    "check_version",
    "submitted_version",
]
