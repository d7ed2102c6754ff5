"""Form pieces every feature shares: the version field, the one-time token of create forms,
the confirmation tick of binding actions, service errors at their field, and running a
service for a submitted form: a create (`run_create`), any change (`commit_valid`), a
versioned edit (`run_versioned_edit`) or a state change from a button
(`run_versioned_change`)."""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from flask import flash, redirect
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.wrappers import Response
from wtforms import (
    BooleanField,
    Field,
    HiddenField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from register.audit.concurrency import submitted_version
from register.characters import has_control_characters
from register.errors import DomainError, Stale
from register.extensions import db
from register.form_tokens import FormTokenField, commit_created, first_result, new_form_token
from register.i18n import FormTranslations
from register.organisations.validators import strip

TOO_LONG = _l("Maximaal %(max)d tekens.")
LabelledEnum = TypeVar("LabelledEnum", bound=enum.Enum)


class Form(FlaskForm):
    """Every form's base: WTForms' messages from a catalogue read once per process, and no
    control characters (such as NUL, which PostgreSQL refuses in text) in any text field
    (`refuse_control_characters`; line breaks where the form names a field in `MULTILINE`)."""

    MULTILINE: frozenset[str] = frozenset()

    class Meta:
        def get_translations(self, form: Any) -> FormTranslations:
            return _FORM_TRANSLATIONS

    def validate(self, extra_validators: Any = None) -> bool:
        valid: bool = super().validate(extra_validators)
        return refuse_control_characters(self, self.MULTILINE) and valid


def refuse_control_characters(form: Any, multiline: frozenset[str] = frozenset()) -> bool:
    """Put an error at each text field of `form` that holds control characters; whether none
    did. `Form` does this for every form; a form without that base (the repeated rows of a
    form, which are not Flask-WTF forms) calls it from its own `validate`.

    Tabs are allowed everywhere; line breaks in a TextAreaField and in the fields named in
    `multiline`. A field that already has an error gets no second one."""
    clean = True
    for name, field in form._fields.items():
        text = field.data if isinstance(field, StringField) else None
        if not isinstance(text, str) or field.errors:
            continue
        lines = isinstance(field, TextAreaField) or name in multiline
        if has_control_characters(text, multiline=lines):
            field.errors = [_l("Dit veld bevat ongeldige tekens.")]
            clean = False
    return clean


_FORM_TRANSLATIONS = FormTranslations()


class VersionedForm(Form):
    """A form that carries the version of the record it was built from (optimistic locking).

    A missing or tampered version reads as 0, which is never current: the change is refused
    as stale rather than applied unchecked.
    """

    version = HiddenField()

    def submitted_version(self) -> int:
        return submitted_version(self.version.data)


def text_field(
    label: Any,
    max_length: int,
    *validators: Any,
    required: Any = None,
    multiline: bool = False,
    field: type[Field] | None = None,
    filters: tuple[Callable[[Any], Any], ...] = (),
    **options: Any,
) -> Any:
    """A trimmed text field of at most `max_length` characters.

    `required` is the Dutch message shown when it is left empty (otherwise it may be);
    `validators` run after the length check and `filters` after the trim; `multiline` makes
    it a text area, `field` another kind (an `EmailField`).
    """
    presence = [DataRequired(required)] if required else [Optional()]
    kind = field or (TextAreaField if multiline else StringField)
    return kind(
        label,
        validators=[*presence, Length(max=max_length, message=TOO_LONG), *validators],
        filters=[strip, *filters],
        **options,
    )


class WholeNumberRange:
    """A validator: the IntegerField's number lies from `minimum` to `maximum`, else `message`.

    WTForms' `NumberRange` asks `math.isnan` about the number, which overflows for an integer
    of some 310 digits or more: such a post was a 500 instead of the message. No number
    (left empty, or not a whole number) is for the field's other checks."""

    def __init__(self, minimum: int, maximum: int, message: Any) -> None:
        self.minimum, self.maximum, self.message = minimum, maximum, message

    def __call__(self, form: Any, field: Field) -> None:
        if isinstance(field.data, int) and not self.minimum <= field.data <= self.maximum:
            raise ValidationError(self.message)


def enum_choices(labels: Mapping[LabelledEnum, Any]) -> list[SelectChoice]:
    """Select choices from an enum's Dutch labels: the stored code, the label shown."""
    return [SelectChoice(member.value, label) for member, label in labels.items()]


def enum_field(
    label: Any,
    labels: Mapping[LabelledEnum, Any],
    required: Any,
    default: LabelledEnum | None = None,
) -> Any:
    """A select of an enum's Dutch labels (`enum_choices`) that must be answered.

    `required` is the Dutch message shown when none is chosen; `default` the member a new
    form proposes.
    """
    return SelectField(
        label,
        choices=enum_choices(labels),
        default=default.value if default is not None else None,
        validators=[InputRequired(required)],
    )


class ConfirmedForm(VersionedForm):
    """A binding or destructive action (cancel, approve, reject, terminate, withdraw, delete).

    The server refuses it unless "Ik bevestig" is ticked; with JavaScript the page asks in a
    dialog instead (`data-confirm` on the form, `static/js/app.js`) and ticks it. Templates
    render the tick with the `confirm_check` macro.
    """

    confirmed = BooleanField(
        _l("Ik bevestig deze handeling"),
        validators=[DataRequired(_l("Bevestig eerst dat u dit wilt: vink ‘Ik bevestig’ aan."))],
    )


class CreateForm(Form):
    """A form that creates something: it carries a one-time token, so that posting it twice
    gives the first result instead of a twin (`register.form_tokens`).

    Templates render `form.form_token` beside the CSRF token.
    """

    form_token = FormTokenField(default=new_form_token)


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
