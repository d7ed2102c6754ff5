"""The activity form (every art. 30 item) with its rows and fields, the retire and activate forms.

Choice fields coerce ids themselves, so posted garbage becomes a Dutch error next to the
field rather than an exception or an English default message. Each row of a repeated part
(purposes, data categories, ...) is a small form that turns into a command line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from flask_wtf.i18n import translations
from wtforms import (
    BooleanField,
    DateField,
    Field,
    FieldList,
    Form,
    FormField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import Choice
from wtforms.validators import DataRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from register.activities.catalogue import SCALAR_FIELDS, Kind, by_attribute, scalar_fields
from register.activities.choices import FormChoices
from register.activities.commands import (
    ActivityCommand,
    DataCategoryLine,
    PurposeLine,
    RetentionLine,
    SubprocessorLine,
    TransferLine,
)
from register.activities.labels import DPIA_LABELS, ROLE_LABELS
from register.activities.models import Activity, DpiaStatus, Role
from register.forms import CreateForm, VersionedForm
from register.vocabularies.models import Vocabulary

MAX_TEXT = 10_000
Choices = Sequence[tuple[Any, str]]


def _as_id(raw: Any) -> int | None:
    text = str(raw).strip()
    if text == "":
        return None
    if not text.isdigit() or len(text) > 10 or int(text) > 2**31 - 1:
        raise ValueError(text)
    return int(text)


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


def no_control_characters(form: Any, field: Field) -> None:
    """Refuse NUL and other control characters (PostgreSQL refuses NUL in text)."""
    value = field.data or ""
    if any(ord(c) < 32 and c not in "\t\n\r" for c in value):
        raise ValidationError(_l("Dit veld bevat ongeldige (onzichtbare) tekens."))


def http_url(form: Any, field: Field) -> None:
    """An optional link must be an http(s) address."""
    value = (field.data or "").strip()
    if not value:
        return
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in value:
        raise ValidationError(_l("Een link begint met http:// of https:// (bijv. https://…)."))


def _chosen(value: int | None) -> int:
    """A choice that the row's validation requires (a blank row is never turned into a line)."""
    if value is None:
        raise ValueError("a required choice of a row is missing")
    return value


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
            no_control_characters,
        ],
        filters=[_strip],
    )


def long_text(label: Any, *validators: Any) -> Any:
    """A multi-line text field with the general limit."""
    return text(label, MAX_TEXT, *validators, area=True)


class RowForm(Form):
    """A row that counts only when one of its `content` fields was filled in."""

    content: tuple[str, ...] = ()
    required: dict[str, Any] = {}

    class Meta:
        def get_translations(self, form: Any) -> Any:
            return translations

    def is_blank(self) -> bool:
        """Nothing typed (posted rows) or nothing stored (rows filled from the database)."""
        for name in self.content:
            field = self[name]
            if field.raw_data is None:
                if field.data not in (None, ""):
                    return False
            elif any(str(v).strip() for v in field.raw_data):
                return False
        return True

    def validate(self, extra_validators: Any = None) -> bool:
        if self.is_blank():
            for field in self:
                field.errors = []
            return True
        ok = super().validate(extra_validators)
        for name, message in self.required.items():
            field = self[name]
            if not field.errors and field.data in (None, ""):
                field.errors = [*field.errors, message]
                ok = False
        return ok


class PurposeForm(RowForm):
    purpose_id = IdField(_l("Doel"))
    legal_basis_id = IdField(_l("Grondslag (art. 6 lid 1)"))
    special_condition_id = IdField(_l("Uitzonderingsgrond (art. 9 lid 2)"))
    legitimate_interest = long_text(_l("Gerechtvaardigd belang"))
    lia_link = text(_l("Link naar de belangenafweging (LIA)"), 500, http_url)

    content = (
        "purpose_id",
        "legal_basis_id",
        "special_condition_id",
        "legitimate_interest",
        "lia_link",
    )
    required = {"purpose_id": _l("Kies een doel.")}

    def to_line(self) -> PurposeLine:
        return PurposeLine(
            purpose_id=_chosen(self.purpose_id.data),
            legal_basis_id=self.legal_basis_id.data,
            special_condition_id=self.special_condition_id.data,
            legitimate_interest=self.legitimate_interest.data or "",
            lia_link=self.lia_link.data or "",
        )


class DataCategoryForm(RowForm):
    term_id = IdField(_l("Persoonsgegeven"))
    data_subject_id = IdField(_l("Van betrokkenen"))
    is_required = BooleanField(_l("Verplicht gegeven"), default=True)

    content = ("term_id", "data_subject_id")
    required = {"term_id": _l("Kies een categorie persoonsgegevens.")}

    def to_line(self) -> DataCategoryLine:
        return DataCategoryLine(
            term_id=_chosen(self.term_id.data),
            data_subject_id=self.data_subject_id.data,
            is_required=bool(self.is_required.data),
        )


class SubprocessorForm(RowForm):
    organisation_id = IdField(_l("Subverwerker"))
    service = text(_l("Dienst"), 300)
    location = text(_l("Locatie (land)"), 100)
    safeguard = text(_l("Waarborg"), 300)

    content = ("organisation_id", "service", "location", "safeguard")
    required = {
        "organisation_id": _l("Kies de subverwerker (een organisatie van het soort subverwerker)."),
        "service": _l("Beschrijf de dienst van de subverwerker."),
        "location": _l("Vul de locatie in (land of regio)."),
    }

    def to_line(self) -> SubprocessorLine:
        return SubprocessorLine(
            organisation_id=_chosen(self.organisation_id.data),
            service=self.service.data or "",
            location=self.location.data or "",
            safeguard=self.safeguard.data or "",
        )


class TransferForm(RowForm):
    country = text(_l("Land of internationale organisatie"), 100)
    recipient = text(_l("Ontvanger"), 200)
    mechanism_id = IdField(_l("Doorgiftemechanisme"))
    safeguards = long_text(_l("Waarborgen"))

    content = ("country", "recipient", "mechanism_id", "safeguards")
    required = {"country": _l("Vul het land of de internationale organisatie in.")}

    def validate_safeguards(self, field: Any) -> None:
        if self.mechanism_id.data is None and not (field.data or "").strip():
            raise ValidationError(_l("Kies een doorgiftemechanisme of beschrijf de waarborgen."))

    def to_line(self) -> TransferLine:
        return TransferLine(
            country=self.country.data or "",
            recipient=self.recipient.data or "",
            mechanism_id=self.mechanism_id.data,
            safeguards=self.safeguards.data or "",
        )


class RetentionForm(RowForm):
    data_category_id = IdField(_l("Persoonsgegeven (leeg: alle)"))
    period = text(_l("Bewaartermijn"), 100)
    trigger = text(_l("Start van de termijn"), 300)
    reason = long_text(_l("Reden"))
    legal_exception = long_text(_l("Wettelijke uitzondering"))

    content = ("data_category_id", "period", "trigger", "reason", "legal_exception")
    required = {"period": _l("Vul de bewaartermijn in, bijvoorbeeld ‘2 jaar’.")}

    def to_line(self) -> RetentionLine:
        return RetentionLine(
            data_category_id=self.data_category_id.data,
            period=self.period.data or "",
            trigger=self.trigger.data or "",
            reason=self.reason.data or "",
            legal_exception=self.legal_exception.data or "",
        )


MAX_ROWS = 50
BLANK_ROWS = 2
ROWS = ("purposes", "data_categories", "subprocessors", "transfers", "retention_rules")


def catalogue_input(attribute: str, *validators: Any) -> Any:
    """The text field of a catalogue field: its label and the length its column holds."""
    entry = by_attribute(attribute)
    if entry.kind is Kind.LONG_TEXT:
        return long_text(entry.input_label, *validators)
    return text(entry.input_label, entry.max_length or MAX_TEXT, *validators)


def _rows(form_class: type, label: Any) -> FieldList:
    return FieldList(FormField(form_class), label=label, max_entries=MAX_ROWS)


class ActivityForm(CreateForm, VersionedForm):
    """Create or change an activity; lists of parts are repeated rows (blank rows ignored)."""

    name = catalogue_input("name", DataRequired(_l("Geef de verwerking een naam.")))
    description = catalogue_input("description")
    role = CodeField(_l("Rol"), options=[(r.value, label) for r, label in ROLE_LABELS.items()])
    product_id = IdField(_l("Product"))
    department = catalogue_input("department")
    owner = catalogue_input("owner")
    joint_controller = catalogue_input("joint_controller")
    processing_categories = catalogue_input("processing_categories")
    storage_location = catalogue_input("storage_location")
    data_source = catalogue_input("data_source")
    automated_decision_making = BooleanField(by_attribute("automated_decision_making").input_label)
    automated_decision_logic = catalogue_input("automated_decision_logic")
    security_description = catalogue_input("security_description")
    rights_available = catalogue_input("rights_available")
    dpia_required = BooleanField(by_attribute("dpia_required").input_label)
    dpia_status = CodeField(
        _l("DPIA-status"), options=[(s.value, label) for s, label in DPIA_LABELS.items()]
    )
    dpia_link = catalogue_input("dpia_link", http_url)
    review_date = DateField(
        _l("Herzieningsdatum"),
        validators=[Optional()],
        render_kw={"placeholder": "jjjj-mm-dd"},
    )
    data_subject_ids = IdListField(_l("Categorieën betrokkenen"))
    recipient_category_ids = IdListField(_l("Categorieën ontvangers"))
    recipient_ids = IdListField(_l("Genoemde ontvangers"))
    security_measure_ids = IdListField(_l("Beveiligingsmaatregelen"))
    purposes = _rows(PurposeForm, _l("Doelen"))
    data_categories = _rows(DataCategoryForm, _l("Persoonsgegevens"))
    subprocessors = _rows(SubprocessorForm, _l("Subverwerkers"))
    transfers = _rows(TransferForm, _l("Doorgiften buiten de EER"))
    retention_rules = _rows(RetentionForm, _l("Bewaartermijnen"))

    def __init__(self, choices: FormChoices, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choices = choices
        self.product_id.choices = choices.products
        self.data_subject_ids.choices = choices.of(Vocabulary.DATA_SUBJECT)
        self.recipient_category_ids.choices = choices.of(Vocabulary.RECIPIENT_CATEGORY)
        self.recipient_ids.choices = choices.recipients
        self.security_measure_ids.choices = choices.of(Vocabulary.SECURITY_MEASURE)
        self._row_choices()

    def _row_choices(self) -> None:
        c = self.choices
        for entry in self.purposes:
            entry.purpose_id.choices = c.of(Vocabulary.PURPOSE)
            entry.legal_basis_id.choices = c.of(Vocabulary.LEGAL_BASIS)
            entry.special_condition_id.choices = c.of(Vocabulary.SPECIAL_CONDITION)
        for entry in self.data_categories:
            entry.term_id.choices = c.of(Vocabulary.DATA_CATEGORY)
            entry.data_subject_id.choices = c.of(Vocabulary.DATA_SUBJECT)
        for entry in self.subprocessors:
            entry.organisation_id.choices = c.subprocessors
        for entry in self.transfers:
            entry.mechanism_id.choices = c.of(Vocabulary.TRANSFER_MECHANISM)
        for entry in self.retention_rules:
            entry.data_category_id.choices = c.of(Vocabulary.DATA_CATEGORY)

    def add_blank_rows(self, count: int = BLANK_ROWS) -> None:
        """Offer a few empty rows to fill in (no JavaScript needed)."""
        for name in ROWS:
            rows = self[name]
            blank = sum(1 for entry in rows if entry.form.is_blank())
            for _ in range(min(count - blank, MAX_ROWS - len(rows.entries))):
                rows.append_entry()
        self._row_choices()

    def validate_product_id(self, field: IdField) -> None:
        if self.role.data == Role.PROCESSOR.value and field.data is None:
            raise ValidationError(
                _l("Kies het product: een verwerking als verwerker hoort bij een product.")
            )

    def validate_automated_decision_logic(self, field: Any) -> None:
        if self.automated_decision_making.data and not field.data:
            raise ValidationError(_l("Beschrijf de logica van de geautomatiseerde besluitvorming."))

    def validate_dpia_status(self, field: Any) -> None:
        if self.dpia_required.data and field.data == DpiaStatus.NOT_NEEDED.value:
            raise ValidationError(_l("Een vereiste DPIA heeft een andere status dan ‘niet nodig’."))

    def validate_review_date(self, field: Any) -> None:
        if field.data is not None and not dt.date(2000, 1, 1) <= field.data <= dt.date(
            2100, 12, 31
        ):
            raise ValidationError(_l("Kies een datum tussen 2000 en 2100."))

    def to_command(self) -> ActivityCommand:
        """The service input described by the (validated) form."""

        def lines(name: str) -> tuple[Any, ...]:
            return tuple(e.form.to_line() for e in self[name] if not e.form.is_blank())

        scalars = {name: f.command_value(self[name].data) for name, f in scalar_fields()}
        return ActivityCommand(
            **scalars,
            product_id=self.product_id.data,
            purposes=lines("purposes"),
            data_subject_ids=tuple(self.data_subject_ids.data or ()),
            data_categories=lines("data_categories"),
            recipient_category_ids=tuple(self.recipient_category_ids.data or ()),
            recipient_ids=tuple(self.recipient_ids.data or ()),
            subprocessors=lines("subprocessors"),
            transfers=lines("transfers"),
            retention_rules=lines("retention_rules"),
            security_measure_ids=tuple(self.security_measure_ids.data or ()),
        )


def initial_data(activity: Activity) -> dict[str, Any]:
    """The form's data for an existing activity."""
    data: dict[str, Any] = {name: getattr(activity, name) for name in SCALAR_FIELDS}
    data.update(
        product_id=activity.product_id,
        role=activity.role.value,
        dpia_status=activity.dpia_status.value,
        version=str(activity.version),
        data_subject_ids=[t.id for t in activity.data_subjects],
        recipient_category_ids=[t.id for t in activity.recipient_categories],
        recipient_ids=[o.id for o in activity.recipients],
        security_measure_ids=[t.id for t in activity.security_measures],
        purposes=list(activity.purposes),
        data_categories=list(activity.data_categories),
        subprocessors=list(activity.subprocessors),
        transfers=list(activity.transfers),
        retention_rules=list(activity.retention_rules),
    )
    return data


def ids_in_use(activity: Activity) -> tuple[set[int], set[int]]:
    """Term ids and organisation ids the activity uses (kept as options even if inactive)."""
    terms = {
        t.id
        for t in [
            *activity.data_subjects,
            *activity.recipient_categories,
            *activity.security_measures,
        ]
    }
    for p in activity.purposes:
        terms |= {p.purpose_id, p.legal_basis_id or 0, p.special_condition_id or 0}
    for c in activity.data_categories:
        terms |= {c.term_id, c.data_subject_id or 0}
    terms |= {t.mechanism_id or 0 for t in activity.transfers}
    terms |= {r.data_category_id or 0 for r in activity.retention_rules}
    organisations = {o.id for o in activity.recipients}
    organisations |= {s.organisation_id for s in activity.subprocessors}
    return terms, organisations


class _VersionedAction(VersionedForm):
    """A state change that carries the version it was based on (no lost updates)."""


class RetireForm(_VersionedAction):
    """End an activity: a reason is required."""

    reason = long_text(_l("Reden van beëindiging"), DataRequired(_l("Geef de reden op.")))
    confirm = BooleanField(
        _l(
            "Ik begrijp dat de verwerking uit het actieve register verdwijnt "
            "(de geschiedenis blijft)."
        ),
        validators=[DataRequired(_l("Bevestig de beëindiging."))],
    )


class ActivateForm(_VersionedAction):
    """Activate a complete draft (a button; CSRF only)."""
