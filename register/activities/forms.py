"""The activity form (every art. 30 item), the retire form and the activate form."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, FieldList, FormField
from wtforms.validators import DataRequired, Optional, ValidationError

from register.activities.catalogue import SCALAR_FIELDS, Kind, by_attribute, scalar_fields
from register.activities.choices import FormChoices
from register.activities.commands import ActivityCommand
from register.activities.fields import (
    MAX_TEXT,
    CodeField,
    IdField,
    IdListField,
    http_url,
    long_text,
    text,
)
from register.activities.labels import DPIA_LABELS, ROLE_LABELS
from register.activities.models import Activity, DpiaStatus, Role
from register.activities.rows import (
    DataCategoryForm,
    PurposeForm,
    RetentionForm,
    SubprocessorForm,
    TransferForm,
)
from register.forms import VersionedForm
from register.vocabularies.models import Vocabulary

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


class ActivityForm(VersionedForm):
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

        scalars = {f.attribute: f.command_value(self[f.attribute].data) for f in scalar_fields()}
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
