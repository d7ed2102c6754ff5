"""The input fields of the activity forms: choices of ids and codes, check boxes, texts.

Choice fields coerce ids themselves, so posted garbage becomes a Dutch error next to the
field rather than an exception or an English default message.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from wtforms import (
    Field,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import Choice
from wtforms.validators import Length, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from register.ids import parse_id

MAX_TEXT = 10_000
Choices = Sequence[tuple[Any, str]]


def _as_id(raw: Any) -> int | None:
    text = str(raw).strip()
    if text == "":
        return None
    value = parse_id(text)
    if value is None:
        raise ValueError(text)
    return value


def _values(choices: Choices | None) -> set[Any]:
    return {value for value, _label in choices or ()}


class IdField(SelectField):
    """A select of ids with an empty option; data is an int or None."""

    def __init__(self, label: Any = None, validators: Any = None, **kwargs: Any) -> None:
        super().__init__(label, validators, coerce=lambda v: v, validate_choice=False, **kwargs)
        self.choices: Choices = []

    def process_data(self, value: Any) -> None:
        self.data = value if isinstance(value, int) else None

    def process_formdata(self, valuelist: list[Any]) -> None:
        if not valuelist:
            self.data = None
            return
        try:
            self.data = _as_id(valuelist[0])
        except ValueError:
            self.data = None
            raise ValueError(_l("Kies een waarde uit de lijst.")) from None

    def pre_validate(self, form: Any) -> None:
        if self.data is not None and self.data not in _values(self.choices):
            raise ValidationError(_l("Kies een waarde uit de lijst."))

    def iter_choices(self) -> Iterable[Choice]:
        yield Choice("", str(_l("— kies —")), self.data is None, {})
        for value, label in self.choices or ():
            yield Choice(value, label, value == self.data, {})


class CodeField(SelectField):
    """A select of fixed codes (enum values) with a Dutch message for anything else."""

    def __init__(
        self, label: Any = None, validators: Any = None, *, options: Choices = (), **kwargs: Any
    ) -> None:
        super().__init__(label, validators, validate_choice=False, **kwargs)
        self.choices: Choices = list(options)

    def process_formdata(self, valuelist: list[Any]) -> None:
        self.data = str(valuelist[0]) if valuelist else None

    def pre_validate(self, form: Any) -> None:
        if self.data not in _values(self.choices):
            raise ValidationError(_l("Kies een waarde uit de lijst."))

    def iter_choices(self) -> Iterable[Choice]:
        for value, label in self.choices:
            yield Choice(value, str(label), value == self.data, {})


class IdListField(SelectMultipleField):
    """Check boxes for a list of ids; data is a list of ints."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(self, label: Any = None, validators: Any = None, **kwargs: Any) -> None:
        super().__init__(label, validators, coerce=int, validate_choice=False, **kwargs)
        self.choices: Choices = []

    def process_data(self, value: Any) -> None:
        self.data = [v for v in (value or []) if isinstance(v, int)]

    def process_formdata(self, valuelist: list[Any]) -> None:
        try:
            ids = [_as_id(v) for v in valuelist]
        except ValueError:
            self.data = []
            raise ValueError(_l("Kies alleen waarden uit de lijst.")) from None
        self.data = list(dict.fromkeys(i for i in ids if i is not None))

    def pre_validate(self, form: Any) -> None:
        allowed = _values(self.choices)
        if any(i not in allowed for i in self.data or []):
            raise ValidationError(_l("Kies alleen waarden uit de lijst."))

    def iter_choices(self) -> Iterable[Choice]:
        data = set(self.data or ())
        for value, label in self.choices or ():
            yield Choice(value, label, value in data, {})


def http_url(form: Any, field: Field) -> None:
    """An optional link must be an http(s) address."""
    value = (field.data or "").strip()
    if not value:
        return
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in value:
        raise ValidationError(_l("Een link begint met http:// of https:// (bijv. https://…)."))


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def text(label: Any, max_length: int, *validators: Any, area: bool = False) -> Any:
    """An optional text field with a length limit (trimmed)."""
    field_class = TextAreaField if area else StringField
    return field_class(
        label,
        validators=[
            *validators,
            Length(
                max=max_length,
                message=_l("Maximaal %(max)d tekens.", max=max_length),
            ),
        ],
        filters=[_strip],
    )


def long_text(label: Any, *validators: Any) -> Any:
    """A multi-line text field with the general limit."""
    return text(label, MAX_TEXT, *validators, area=True)
