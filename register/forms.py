"""Form pieces every feature shares: the version field and service errors at their field."""

from __future__ import annotations

from typing import Any, Protocol

from flask_wtf import FlaskForm
from wtforms import HiddenField

from register.audit.concurrency import submitted_version


class VersionedForm(FlaskForm):
    """A form that carries the version of the record it was built from (optimistic locking).

    A missing or tampered version reads as 0, which is never current: the change is refused
    as stale rather than applied unchecked.
    """

    version = HiddenField()

    def submitted_version(self) -> int:
        return submitted_version(self.version.data)


class FieldError(Protocol):
    """A service error that may name the form field it is about."""

    field: str | None
    message: Any


def attach_error(form: Any, error: FieldError) -> None:
    """Show a service error next to its field, or above the form when it names none."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, str(error.message)]
    else:
        form.form_errors.append(str(error.message))
