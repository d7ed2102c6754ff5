"""Form pieces every feature shares: the base that refuses control characters, the version
field, the one-time token of create forms, the confirmation tick of binding actions, text,
enum and whole-number fields. Running a service for a submitted form is
`register.submitting`."""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
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
from register.form_tokens import FormTokenField, new_form_token
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
