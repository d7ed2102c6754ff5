"""Lost-update protection across requests: compare the version a form was built from.

Editable models carry an integer `version` (SQLAlchemy `version_id_col`), which guards
against two writers within one flush. Across requests the form carries the version in a
hidden field; `check_version` refuses the change when the record moved on meanwhile::

    check_version(activity, form.version.data)   # raises StaleObject
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm.exc import StaleDataError

STALE_MESSAGE = _l(
    "Iemand anders heeft dit gegeven intussen gewijzigd. Uw wijzigingen zijn niet opgeslagen; "
    "laad de pagina opnieuw, bekijk de nieuwe gegevens en breng uw wijziging opnieuw aan."
)


class StaleObject(Exception):
    """The record changed after the form was loaded; `message` is the Dutch text."""

    def __init__(self, obj: Any = None) -> None:
        super().__init__(str(STALE_MESSAGE))
        self.obj = obj
        self.message = STALE_MESSAGE


def submitted_version(raw: Any) -> int | None:
    """The version from a hidden form field, or None when it is missing or not a number."""
    try:
        return int(raw)
    except (TypeError, ValueError):
        return None


def check_version(obj: Any, submitted: Any) -> None:
    """Raise StaleObject unless `submitted` equals the object's current version."""
    if submitted_version(submitted) != obj.version:
        raise StaleObject(obj)


# Raised at flush time when a concurrent transaction bumped the version first; views can
# catch both: `except (StaleObject, StaleDataError)`.
__all__ = ["STALE_MESSAGE", "StaleDataError", "StaleObject", "check_version", "submitted_version"]
