"""The activity form: its scalar fields built from the field catalogue, its lists and rows.

A scalar field of the catalogue (`register.activities.catalogue`) becomes a form field by its
kind, label, help and length limit; `FIELD_CHECKS` adds the few checks a kind does not imply.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField
from wtforms.validators import DataRequired, Email, Optional, ValidationError

from register.activities.catalogue import SCALAR_FIELDS, Field, Kind, scalar_fields
from register.activities.choices import FormChoices
from register.activities.commands import ActivityCommand
from register.activities.forms.inputs import (
    MAX_TEXT,
    CodeField,
    IdField,
    IdListField,
    http_url,
    long_text,
    text,
)
from register.activities.forms.rows import (
    ROWS,
    add_blank_rows,
    add_row,
    row_lines,
    rows_field,
    set_row_choices,
)
from register.activities.models import Activity, DpiaStatus, Role
from register.forms import CreateForm, VersionedForm
from register.vocabularies.models import Vocabulary

# Checks beyond what a field's kind implies, by `Activity` attribute.
FIELD_CHECKS: dict[str, tuple[Any, ...]] = {
    "name": (DataRequired(_l("Geef de verwerking een naam.")),),
    "dpia_link": (http_url,),
    "owner_email": (Optional(), Email(_l("Dit is geen geldig e-mailadres."))),
}


def scalar_input(entry: Field) -> Any:
    """The form field of a scalar catalogue field."""
    checks = FIELD_CHECKS.get(entry.attribute or "", ())
    label = entry.input_label
    if entry.kind is Kind.BOOL:
        return BooleanField(label)
    if entry.kind is Kind.ENUM and entry.enum is not None:
        return CodeField(label, options=[(member.value, member.label) for member in entry.enum])
    if entry.kind is Kind.DATE:
        return DateField(
            label, validators=[Optional(), *checks], render_kw={"placeholder": "jjjj-mm-dd"}
        )
    if entry.kind is Kind.LONG_TEXT:
        return long_text(label, *checks)
    return text(label, entry.max_length or MAX_TEXT, *checks)


class CatalogueForm(VersionedForm):
    """A form with one field per scalar field of the catalogue (set below, in record order)."""

    def section(self, section: str) -> list[Any]:
        """The scalar form fields of a section, with the catalogue entry: (field, entry)."""
        return [
            (self[name], entry) for name, entry in scalar_fields() if entry.section.value == section
        ]


for _name, _entry in scalar_fields():
    setattr(CatalogueForm, _name, scalar_input(_entry))


class ActivityForm(CreateForm, CatalogueForm):
    """Create or change an activity; lists of parts are repeated rows (blank rows ignored)."""

    product_id = IdField(_l("Product"))
    data_subject_ids = IdListField(_l("Categorieën betrokkenen"))
    recipient_category_ids = IdListField(_l("Categorieën ontvangers"))
    recipient_ids = IdListField(_l("Genoemde ontvangers"))
    security_measure_ids = IdListField(_l("Beveiligingsmaatregelen"))
    purposes = rows_field("purposes")
    data_categories = rows_field("data_categories")
    subprocessors = rows_field("subprocessors")
    transfers = rows_field("transfers")
    retention_rules = rows_field("retention_rules")

    def __init__(self, choices: FormChoices, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choices = choices
        self.product_id.choices = choices.products
        self.data_subject_ids.choices = choices.of(Vocabulary.DATA_SUBJECT)
        self.recipient_category_ids.choices = choices.of(Vocabulary.RECIPIENT_CATEGORY)
        self.recipient_ids.choices = choices.recipients
        self.security_measure_ids.choices = choices.of(Vocabulary.SECURITY_MEASURE)
        set_row_choices(self, choices)

    def add_blank_rows(self) -> None:
        """Offer an empty row in every part to fill in (no JavaScript needed)."""
        add_blank_rows(self)
        set_row_choices(self, self.choices)

    def add_row(self, posted: Any) -> bool:
        """Whether an "add row" button was pressed; if so its part has one more empty row."""
        return add_row(self, posted)

    def validate_product_id(self, field: IdField) -> None:
        if self["role"].data == Role.PROCESSOR.value and field.data is None:
            raise ValidationError(
                _l("Kies het product: een verwerking als verwerker hoort bij een product.")
            )

    def validate_automated_decision_logic(self, field: Any) -> None:
        if self["automated_decision_making"].data and not field.data:
            raise ValidationError(_l("Beschrijf de logica van de geautomatiseerde besluitvorming."))

    def validate_dpia_status(self, field: Any) -> None:
        if self["dpia_required"].data and field.data == DpiaStatus.NOT_NEEDED.value:
            raise ValidationError(_l("Een vereiste DPIA heeft een andere status dan ‘niet nodig’."))

    def validate_review_date(self, field: Any) -> None:
        if field.data is not None and not dt.date(2000, 1, 1) <= field.data <= dt.date(
            2100, 12, 31
        ):
            raise ValidationError(_l("Kies een datum tussen 2000 en 2100."))

    def to_command(self) -> ActivityCommand:
        """The service input described by the (validated) form."""
        return ActivityCommand(
            **{name: f.command_value(self[name].data) for name, f in scalar_fields()},
            product_id=self.product_id.data,
            data_subject_ids=tuple(self.data_subject_ids.data or ()),
            recipient_category_ids=tuple(self.recipient_category_ids.data or ()),
            recipient_ids=tuple(self.recipient_ids.data or ()),
            security_measure_ids=tuple(self.security_measure_ids.data or ()),
            **{name: row_lines(self, name) for name in ROWS},
        )


def _form_value(value: Any) -> Any:
    return value.value if isinstance(value, enum.Enum) else value


def initial_data(activity: Activity) -> dict[str, Any]:
    """The form's data for an existing activity."""
    data: dict[str, Any] = {name: _form_value(getattr(activity, name)) for name in SCALAR_FIELDS}
    data.update(
        product_id=activity.product_id,
        version=str(activity.version),
        data_subject_ids=[t.id for t in activity.data_subjects],
        recipient_category_ids=[t.id for t in activity.recipient_categories],
        recipient_ids=[o.id for o in activity.recipients],
        security_measure_ids=[t.id for t in activity.security_measures],
        purposes=list(activity.purposes),
        data_categories=[
            {
                "term_id": c.term_id,
                "data_subject_id": c.data_subject_id,
                "is_required": c.is_required,
                "purpose_ids": [t.id for t in c.purposes],
            }
            for c in activity.data_categories
        ],
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
