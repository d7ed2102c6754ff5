"""Running a service for a submitted form, and committing once: a create (`run_create`), any
change (`commit_valid`), a versioned edit (`run_versioned_edit`), a state change from a
button (`run_versioned_change`) or a handling step on a record's page (`run_step`). A
service's refusal is rolled back and shown at its field (`attach_error`); the form pieces
themselves are `register.forms`."""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from flask import flash, redirect
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.wrappers import Response

from register.errors import DomainError, Stale
from register.extensions import db
from register.form_tokens import commit_created, first_result
from register.forms import CreateForm, VersionedForm


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


Created = TypeVar("Created")


def run_create(
    form: CreateForm,
    create: Callable[[], Created],
    location: Callable[[Created], str],
    done: str | Callable[[Created], str],
) -> Response | None:
    """Create once per form: run `create()` for a valid `form`, commit once, flash `done`
    and redirect to `location`; a repeat post of the same form redirects to the first result.

    Returns None when the form is to be shown (not submitted, invalid, or refused by the
    service: then nothing is written and the reason is at its field).
    """
    if (first := first_result(form)) is not None:
        return first
    if not form.validate_on_submit():
        return None
    try:
        created = create()
    except DomainError as error:
        db.session.rollback()
        attach_error(form, error)
        return None
    url = location(created)
    if (twin := commit_created(form, url)) is not None:
        return twin
    flash(done if isinstance(done, str) else done(created), "success")
    return redirect(url)


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


@dataclass(frozen=True)
class Committed:
    """A form's change that was committed, with what the change returned."""

    result: Any


def commit_valid(form: Any, change: Callable[[], Any], stale_message: Any) -> Committed | None:
    """Run `change()` for a valid submitted `form` and commit once; None when nothing was.

    A service's `DomainError` (a `Stale` one included) rolls back and is shown at its field;
    a concurrent writer caught at flush rolls back and shows `stale_message` above the form.
    The view flashes and redirects on `Committed`, and shows the form (its errors) otherwise.
    """
    if not form.validate_on_submit():
        return None
    try:
        result = change()
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        form.form_errors.append(str(stale_message))
        return None
    except DomainError as error:
        db.session.rollback()
        attach_error(form, error)
        return None
    return Committed(result)


Record = TypeVar("Record")


def run_step(
    load: Callable[[], Record],
    form: Any,
    change: Callable[[Record], str],
    back: str,
    show_again: Callable[[Record], Any],
) -> Any:
    """One handling step posted from a record's page (`commit_valid`).

    `load()` the record (or 404) and run `change(record)`. Committed: flash what it returned
    (the Dutch outcome) and go `back`. Not: the page again, `show_again(record)` with the
    record loaded afresh (typically with status 400), with the form's errors; a concurrent
    writer caught at flush reads as stale.
    """
    record = load()
    done = commit_valid(form, lambda: change(record), Stale.message)
    if done:
        flash(done.result, "success")
        return redirect(back)
    db.session.rollback()
    return show_again(load())
