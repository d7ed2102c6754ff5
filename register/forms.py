"""Form pieces every feature shares: the version field, service errors at their field, and
running a versioned state change (activate, deactivate) from a button."""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import Any, Protocol

from flask import flash
from flask_wtf import FlaskForm
from sqlalchemy.orm.exc import StaleDataError
from wtforms import HiddenField

from register.audit.concurrency import submitted_version
from register.errors import DomainError, Stale
from register.extensions import db


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


def run_versioned_change(
    form: VersionedForm,
    change: Callable[[int], Any],
    refused: type[Exception] | tuple[type[Exception], ...],
    stale_message: Any,
    done: str,
) -> None:
    """Run `change(submitted version)` for a valid `form` and commit once; flash the outcome.

    A refusal (`refused`, or a concurrent writer caught at flush) rolls back and flashes its
    Dutch message; nothing is half-written.
    """
    if not form.validate_on_submit():
        return
    refusals = refused if isinstance(refused, tuple) else (refused,)
    caught: tuple[type[Exception], ...] = (*refusals, StaleDataError)
    try:
        change(form.submitted_version())
        db.session.commit()
    except caught as error:
        db.session.rollback()
        flash(str(getattr(error, "message", stale_message)), "error")
    else:
        flash(done, "success")


class EditOutcome(enum.Enum):
    """What became of a submitted edit form (`run_versioned_edit`)."""

    SHOWN = "shown"  # not submitted, or invalid: show the form (with its errors)
    SAVED = "saved"  # changed and committed
    STALE = "stale"  # changed by someone else meanwhile: nothing written, show the conflict
    REFUSED = "refused"  # refused by the service: nothing written, the reason at its field


def run_versioned_edit(
    form: VersionedForm, change: Callable[[int], Any], record: Any
) -> EditOutcome:
    """Run `change(submitted version)` for a valid `form` and commit once.

    A stale version (the service's `Stale`, or a concurrent writer caught at flush) rolls
    back and gives the form the record's current version, so that saving again overwrites
    knowingly; any other `DomainError` rolls back and is shown at its field.
    """
    if not form.validate_on_submit():
        return EditOutcome.SHOWN
    try:
        change(form.submitted_version())
        db.session.commit()
    except (Stale, StaleDataError):
        db.session.rollback()
        form.version.data = str(record.version)
        return EditOutcome.STALE
    except DomainError as error:
        db.session.rollback()
        attach_error(form, error)
        return EditOutcome.REFUSED
    return EditOutcome.SAVED
