"""The repeated rows of the activity form: purposes, data categories, sub-processors, ...

Each row is a small form that turns into a command line; a row counts only when one of its
`content` fields was filled in, so empty rows are offered and ignored. `add_row` gives a part
one more empty row without saving (the form's "add row" button when JavaScript is off).
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf.i18n import translations
from wtforms import BooleanField, FieldList, Form, FormField
from wtforms.validators import ValidationError

from register.activities.choices import FormChoices
from register.activities.commands import (
    DataCategoryLine,
    PurposeLine,
    RetentionLine,
    SubprocessorLine,
    TransferLine,
)
from register.activities.forms.inputs import IdField, IdListField, http_url, long_text, text
from register.forms import refuse_control_characters
from register.vocabularies.models import Vocabulary


def _chosen(value: int | None) -> int:
    """A choice that the row's validation requires (a blank row is never turned into a line)."""
    if value is None:
        raise ValueError("a required choice of a row is missing")
    return value


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
        ok = refuse_control_characters(self) and ok
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
    is_required = BooleanField(
        _l("Verplicht gegeven"), default=True, render_kw={"data-default": "on"}
    )
    purpose_ids = IdListField(_l("Voor de doelen (niets aangevinkt: alle doelen)"))

    content = ("term_id", "data_subject_id")
    required = {"term_id": _l("Kies een categorie persoonsgegevens.")}

    def to_line(self) -> DataCategoryLine:
        return DataCategoryLine(
            term_id=_chosen(self.term_id.data),
            data_subject_id=self.data_subject_id.data,
            is_required=bool(self.is_required.data),
            purpose_ids=tuple(self.purpose_ids.data or ()),
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
BLANK_ROWS = 1
ROW_FORMS: dict[str, tuple[type[RowForm], Any]] = {
    "purposes": (PurposeForm, _l("Doelen")),
    "data_categories": (DataCategoryForm, _l("Persoonsgegevens")),
    "subprocessors": (SubprocessorForm, _l("Subverwerkers")),
    "transfers": (TransferForm, _l("Doorgiften buiten de EER")),
    "retention_rules": (RetentionForm, _l("Bewaartermijnen")),
}
ROWS = tuple(ROW_FORMS)
ADD_ROW = "add_"  # the name of a part's "add row" button: add_purposes, ...


def rows_field(name: str) -> FieldList:
    """The repeated rows of one part."""
    form_class, label = ROW_FORMS[name]
    return FieldList(FormField(form_class), label=label, max_entries=MAX_ROWS)


def purpose_options(form: Any, choices: FormChoices) -> list[tuple[int, str]]:
    """The purposes chosen in the form's purpose rows: what a data category can serve."""
    labels = dict(choices.of(Vocabulary.PURPOSE))
    chosen = (entry.purpose_id.data for entry in form["purposes"])
    return [(i, labels[i]) for i in dict.fromkeys(chosen) if i in labels]


def set_row_choices(form: Any, choices: FormChoices) -> None:
    """The options of every row's choice fields."""
    for entry in form["purposes"]:
        entry.purpose_id.choices = choices.of(Vocabulary.PURPOSE)
        entry.legal_basis_id.choices = choices.of(Vocabulary.LEGAL_BASIS)
        entry.special_condition_id.choices = choices.of(Vocabulary.SPECIAL_CONDITION)
    purposes = purpose_options(form, choices)
    for entry in form["data_categories"]:
        entry.term_id.choices = choices.of(Vocabulary.DATA_CATEGORY)
        entry.data_subject_id.choices = choices.of(Vocabulary.DATA_SUBJECT)
        entry.purpose_ids.choices = purposes
    for entry in form["subprocessors"]:
        entry.organisation_id.choices = choices.subprocessors
    for entry in form["transfers"]:
        entry.mechanism_id.choices = choices.of(Vocabulary.TRANSFER_MECHANISM)
    for entry in form["retention_rules"]:
        entry.data_category_id.choices = choices.of(Vocabulary.DATA_CATEGORY)


def add_blank_rows(form: Any, count: int = BLANK_ROWS) -> None:
    """Make sure every part offers `count` empty rows to fill in."""
    for name in ROWS:
        rows = form[name]
        blank = sum(1 for entry in rows if entry.form.is_blank())
        for _ in range(min(count - blank, MAX_ROWS - len(rows.entries))):
            rows.append_entry()


def add_row(form: Any, posted: Any) -> bool:
    """One more empty row for the part whose "add row" button was pressed (if one was)."""
    for name in ROWS:
        if ADD_ROW + name in posted:
            rows = form[name]
            if len(rows.entries) < MAX_ROWS:
                rows.append_entry()
            return True
    return False


def row_lines(form: Any, name: str) -> tuple[Any, ...]:
    """The command lines of the part's filled-in rows."""
    return tuple(e.form.to_line() for e in form[name] if not e.form.is_blank())
