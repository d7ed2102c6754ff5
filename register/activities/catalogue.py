"""The fields of an activity, declared once: the catalogue the rest of the code reads from.

Each entry is one item of the canonical record (`register.activities.record`), in record
order, with its Dutch label (history, diffs, forms), the art. 30 item it records, the header
of its export column (a fixed Dutch string: headers are part of the versioned file format),
its kind, its maximum length (read from the model column) and, for the items whose presence
alone is checked, what completeness reports when it is empty.

Derived from it: the scalar fields a command sets (`SCALAR_FIELDS`), the diff labels
(`FIELD_LABELS`), the form fields' labels and limits, the export and import columns
(`register.exchange.columns`), the import limits (`register.exchange.importing.limits`), the empty
record an import starts from, the presence checks of `register.activities.completeness` and
the items an agreement's annexes describe, which drift compares (`DOCUMENT_PATHS`).

Entries are written with small constructors that fill in what follows from the kind:
`scalar` (an `Activity` column a command sets), `term_list`, `row_list` and `term` (a part
holding a term's label); `Field` and `Part` directly for the rest.

A new scalar field needs one entry here and the model column (with its migration): the
`ActivityCommand` attribute, the form field (`register.activities.forms.activity`) and its
row on the record page and in the PDF register (by `section`) follow from the entry.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import InstrumentedAttribute

from register.activities.models import (
    Activity,
    ActivityPurpose,
    ActivitySubprocessor,
    DpiaStatus,
    RetentionRule,
    Role,
    Transfer,
)
from register.db import LabelledEnum
from register.organisations.models import Organisation
from register.products.models import Product
from register.vocabularies.models import Term

AP_ADVICE = _l("AP-aanbeveling")


class Kind(enum.Enum):
    """How a field's value is held, shown and read."""

    NUMBER = "int"  # the activity's number, only exported
    TEXT = "text"  # one line with a length limit
    LONG_TEXT = "long_text"  # several lines, the general limit
    BOOL = "bool"
    ENUM = "enum"
    DATE = "date"
    LABELS = "labels"  # a list of term labels (one per line in a cell)
    ROWS = "rows"  # a list of items with parts (aligned columns in a sheet)


class Section(enum.Enum):
    """Where a scalar field stands on the form, the record page and the PDF register."""

    GENERAL = "general"  # what the activity is (shown in the page head and its own places)
    PROCESSING = "processing"  # art. 30(2)(b), processor activities only
    SECURITY = "security"  # with the security measures
    MANAGEMENT = "management"  # ownership, review and the recommended additions


class Roles(enum.Enum):
    """Which register a presence check applies to."""

    BOTH = "both"
    PROCESSOR = "processor"


@dataclass(frozen=True)
class Presence:
    """Completeness: what is reported when the field is empty."""

    message: Any
    article: Any
    mandatory: bool = True
    roles: Roles = Roles.BOTH


@dataclass(frozen=True)
class Part:
    """One part of a row item (e.g. a purpose's legal basis): record key and export column."""

    name: str
    header: str
    kind: Kind = Kind.TEXT
    default: Any = ""
    column: Any = None  # the model column that bounds its length
    internal: bool = False  # see Field.internal

    @property
    def max_length(self) -> int | None:
        return column_length(self.column)


@dataclass(frozen=True)
class Field:
    """One item of an activity record.

    `path` is the record key ("data_source") or a dotted path into a nested value
    ("dpia.status"); `attribute` is the `Activity` column (and `ActivityCommand` attribute)
    a command sets one to one, None for what a command does not set that way.
    """

    path: str
    label: Any
    kind: Kind
    header: str | None = None
    article: str = ""
    attribute: str | None = None
    default: Any = ""
    column: Any = None
    form_label: Any = None
    enum: type[LabelledEnum] | None = None
    parts: tuple[Part, ...] = ()
    presence: Presence | None = None
    section: Section = Section.MANAGEMENT
    help: Any = None  # the form's hint under the field
    # Kept inside the company: left out of what a school (the agreement and its attached
    # data) or a data subject (the privacy statement) gets; see `record.shared_record`.
    internal: bool = False
    # Described in an agreement's annexes: a change after the agreement was made is drift
    # (`register.agreements.drift`), which the school is told of.
    in_documents: bool = False

    @property
    def max_length(self) -> int | None:
        """The longest text the database column holds (None: no limit of its own)."""
        return column_length(self.column)

    @property
    def lead(self) -> str:
        """Rows: the part that decides how many items there are (the first)."""
        return self.parts[0].name if self.parts else ""

    @property
    def input_label(self) -> Any:
        """The label of the form field (the record label unless the form says more)."""
        return self.form_label or self.label

    def command_value(self, data: Any) -> Any:
        """A form field's data as the command's value of this field."""
        if self.kind is Kind.BOOL:
            return bool(data)
        if self.enum is not None:
            return self.enum(data)
        if self.kind is Kind.DATE:
            return data if isinstance(data, dt.date) else None
        return data or ""

    def value_in(self, record: Mapping[str, Any]) -> Any:
        """The field's plain value in a canonical record (None when it is not there)."""
        value: Any = record
        for key in self.path.split("."):
            value = value.get(key) if isinstance(value, Mapping) else None
        return value

    def record_input(self, record: Mapping[str, Any]) -> Any:
        """The command's value of this field from a canonical record."""
        value = self.value_in(record)
        if self.kind is Kind.DATE:
            return dt.date.fromisoformat(value) if value else None
        return self.command_value(value)

    def record_value(self, activity: Activity) -> Any:
        """The field's plain value in an activity record."""
        value = getattr(activity, self.attribute or self.path)
        if isinstance(value, enum.Enum):
            return value.value
        if isinstance(value, dt.date):
            return value.isoformat()
        return value


def column_length(column: Any) -> int | None:
    """The length of a String column (None for other types or no column)."""
    if column is None:
        return None
    column_type = (
        column.property.columns[0].type if isinstance(column, InstrumentedAttribute) else column
    )
    return column_type.length if isinstance(column_type, sa.String) else None


_SCALAR_DEFAULTS: dict[Kind, Any] = {Kind.BOOL: False, Kind.DATE: None}


def scalar(
    path: str, label: Any, kind: Kind, header: str, article: str = "", **details: Any
) -> Field:
    """A field held in the `Activity` column named after its path ("dpia.status":
    `dpia_status`) that a command sets one to one. A text is as long as that column allows;
    a flag starts off False, a date empty, anything else ""."""
    attribute = path.replace(".", "_")
    if kind is Kind.TEXT:
        details.setdefault("column", getattr(Activity, attribute))
    details.setdefault("default", _SCALAR_DEFAULTS.get(kind, ""))
    return Field(path, label, kind, header, article, attribute, **details)


def term_list(path: str, label: Any, header: str, article: str, **details: Any) -> Field:
    """A list of term labels (one per line in a cell)."""
    return Field(path, label, Kind.LABELS, header, article, column=Term.label, **details)


def row_list(path: str, label: Any, article: str, *parts: Part, **details: Any) -> Field:
    """A list of items with parts; the first part leads (see `Field.lead`)."""
    return Field(path, label, Kind.ROWS, article=article, parts=parts, **details)


def term(name: str, header: str, default: Any = None) -> Part:
    """A part holding a term's label (by default None: no term chosen)."""
    return Part(name, header, default=default, column=Term.label)


ACTIVITY_FIELDS: tuple[Field, ...] = (
    Field("id", _l("Nr."), Kind.NUMBER, "Nr.", internal=True),
    scalar(
        "name",
        _l("Naam"),
        Kind.TEXT,
        "Naam verwerking",
        form_label=_l("Naam van de verwerking"),
        section=Section.GENERAL,
    ),
    scalar(
        "description",
        _l("Omschrijving"),
        Kind.LONG_TEXT,
        "Omschrijving",
        section=Section.GENERAL,
        help=_l("Wat gebeurt er met de gegevens, in gewone woorden."),
    ),
    scalar(
        "role",
        _l("Rol"),
        Kind.ENUM,
        "Rol",
        "art. 30 lid 1 en 2",
        default="controller",
        enum=Role,
        section=Section.GENERAL,
        help=_l("Verwerker: KPC verwerkt voor scholen (art. 30 lid 2)."),
    ),
    Field("status", _l("Status"), Kind.ENUM, "Status", default="draft", internal=True),
    Field(
        "product.code",
        _l("Productcode"),
        Kind.TEXT,
        "Productcode",
        "art. 30 lid 2 sub a",
        default=None,
        column=Product.code,
    ),
    Field("product.name", _l("Product"), Kind.TEXT, "Product", default=None, column=Product.name),
    scalar("department", _l("Afdeling"), Kind.TEXT, "Afdeling", internal=True),
    scalar(
        "owner",
        _l("Eigenaar"),
        Kind.TEXT,
        "Eigenaar",
        internal=True,
        form_label=_l("Eigenaar (verantwoordelijke)"),
        presence=Presence(_l("Er is geen eigenaar (verantwoordelijke)."), AP_ADVICE),
    ),
    scalar(
        "owner_email",
        _l("E-mailadres eigenaar"),
        Kind.TEXT,
        "E-mailadres eigenaar",
        internal=True,
        form_label=_l("E-mailadres van de eigenaar (voor het overzicht van herzieningen)"),
        help=_l("Krijgt wekelijks de verwerkingen waarvan de herziening is verlopen."),
    ),
    scalar(
        "joint_controller",
        _l("Gezamenlijk verwerkingsverantwoordelijke"),
        Kind.TEXT,
        "Gezamenlijke verwerkingsverantwoordelijke",
        "art. 30 lid 1 sub a",
        section=Section.GENERAL,
    ),
    scalar(
        "processing_categories",
        _l("Categorieën van verwerkingen"),
        Kind.LONG_TEXT,
        "Categorieën van verwerkingen",
        "art. 30 lid 2 sub b",
        form_label=_l("Categorieën van verwerkingen (art. 30 lid 2 sub b)"),
        presence=Presence(
            _l("De categorieën van verwerkingen zijn niet beschreven."),
            "art. 30 lid 2 sub b",
            roles=Roles.PROCESSOR,
        ),
        section=Section.PROCESSING,
        help=_l("Alleen bij de rol verwerker: wat doet KPC voor de scholen?"),
    ),
    scalar(
        "storage_location",
        _l("Opslaglocatie / systeem"),
        Kind.TEXT,
        "Opslaglocatie / systeem",
        presence=Presence(
            _l("Er is niet vastgelegd waar (in welk systeem) de gegevens staan."),
            AP_ADVICE,
            mandatory=False,
        ),
        in_documents=True,
    ),
    scalar(
        "data_source",
        _l("Bron van de gegevens"),
        Kind.TEXT,
        "Bron van de gegevens",
        "art. 14 lid 2 sub f",
        in_documents=True,
    ),
    scalar(
        "automated_decision_making",
        _l("Geautomatiseerde besluitvorming"),
        Kind.BOOL,
        "Geautomatiseerde besluitvorming",
        "art. 22",
        form_label=_l("Er is geautomatiseerde besluitvorming"),
    ),
    scalar(
        "automated_decision_logic",
        _l("Logica van de geautomatiseerde besluitvorming"),
        Kind.LONG_TEXT,
        "Logica besluitvorming",
        "art. 22",
        help=_l("Verplicht als er geautomatiseerde besluitvorming is."),
        internal=True,
    ),
    scalar(
        "security_description",
        _l("Beschrijving beveiliging"),
        Kind.LONG_TEXT,
        "Beveiliging (toelichting)",
        "art. 30 lid 1 sub g",
        form_label=_l("Beschrijving van de beveiliging"),
        section=Section.SECURITY,
        in_documents=True,
    ),
    scalar(
        "rights_available",
        _l("Rechten van betrokkenen"),
        Kind.LONG_TEXT,
        "Rechten van betrokkenen",
        "art. 12-22",
        form_label=_l("Hoe betrokkenen hun rechten uitoefenen"),
        in_documents=True,
    ),
    scalar("dpia.required", _l("DPIA vereist"), Kind.BOOL, "DPIA nodig", "art. 35", internal=True),
    scalar(
        "dpia.status",
        _l("DPIA-status"),
        Kind.ENUM,
        "DPIA-status",
        "art. 35",
        default="not_needed",
        enum=DpiaStatus,
        internal=True,
    ),
    scalar(
        "dpia.link",
        _l("DPIA-link"),
        Kind.TEXT,
        "DPIA-link",
        "art. 35",
        form_label=_l("Link naar de DPIA"),
        internal=True,
    ),
    scalar(
        "review_date",
        _l("Herzieningsdatum"),
        Kind.DATE,
        "Herzieningsdatum",
        presence=Presence(_l("Er is geen herzieningsdatum vastgelegd."), AP_ADVICE),
        help=_l("Bijvoorbeeld 2026-12-31."),
        internal=True,
    ),
    row_list(
        "purposes",
        _l("Doelen"),
        "art. 30 lid 1 sub b",
        term("purpose", "Doel", default=""),
        term("legal_basis", "Grondslag"),
        Part("legal_basis_reference", "Grondslag (artikel)"),
        term("special_condition", "Voorwaarde art. 9"),
        Part("legitimate_interest", "Gerechtvaardigd belang"),
        Part("lia_link", "Link belangenafweging", column=ActivityPurpose.lia_link, internal=True),
        in_documents=True,
    ),
    term_list(
        "data_subjects", _l("Betrokkenen"), "Betrokkenen", "art. 30 lid 1 sub c", in_documents=True
    ),
    row_list(
        "data_categories",
        _l("Persoonsgegevens"),
        "art. 30 lid 1 sub c",
        term("category", "Persoonsgegevens", default=""),
        term("data_subject", "Betrokkene bij persoonsgegeven"),
        Part("required", "Verplicht gegeven", Kind.BOOL, default=True),
        # The purposes (of this activity) the data serves; none: all of them.
        Part("purposes", "Doelen bij persoonsgegeven", Kind.LABELS, [], Term.label),
        in_documents=True,
    ),
    term_list(
        "recipient_categories",
        _l("Categorieën ontvangers"),
        "Categorieën ontvangers",
        "art. 30 lid 1 sub d",
        in_documents=True,
    ),
    row_list(
        "recipients",
        _l("Ontvangers"),
        "art. 30 lid 1 sub d",
        Part("name", "Ontvanger", column=Organisation.name),
        Part("kind", "Soort ontvanger", Kind.ENUM, default="recipient"),
        Part("location", "Locatie ontvanger", column=Organisation.location),
        Part(
            "processor_agreement",
            "Verwerkersovereenkomst ontvanger",
            column=Organisation.processor_agreement,
        ),
    ),
    row_list(
        "subprocessors",
        _l("Subverwerkers"),
        "art. 28 lid 2 en 4",
        Part("name", "Subverwerker", column=Organisation.name),
        Part("service", "Dienst subverwerker", column=ActivitySubprocessor.service),
        Part("location", "Locatie subverwerker", column=ActivitySubprocessor.location),
        Part("safeguard", "Waarborg subverwerker", column=ActivitySubprocessor.safeguard),
        in_documents=True,
    ),
    row_list(
        "transfers",
        _l("Doorgiften"),
        "art. 30 lid 1 sub e",
        Part("country", "Doorgifte naar land", column=Transfer.country),
        Part("recipient", "Ontvanger doorgifte", column=Transfer.recipient),
        term("mechanism", "Doorgiftemechanisme"),
        Part("safeguards", "Waarborgen doorgifte"),
        in_documents=True,
    ),
    row_list(
        "retention",
        _l("Bewaartermijnen"),
        "art. 30 lid 1 sub f",
        Part("period", "Bewaartermijn", column=RetentionRule.period),
        term("data_category", "Bewaartermijn voor gegeven"),
        Part("trigger", "Bewaartermijn gaat in bij", column=RetentionRule.trigger),
        Part("reason", "Reden bewaartermijn"),
        Part("legal_exception", "Wettelijke uitzondering"),
        in_documents=True,
    ),
    term_list(
        "security_measures",
        _l("Beveiligingsmaatregelen"),
        "Beveiligingsmaatregelen",
        "art. 30 lid 1 sub g",
        in_documents=True,
    ),
    Field("retired_at", _l("Beëindigd op"), Kind.TEXT, "Beëindigd op", default=None, internal=True),
    Field(
        "retired_reason",
        _l("Reden van beëindiging"),
        Kind.LONG_TEXT,
        "Reden beëindiging",
        internal=True,
    ),
)

FIELDS_BY_PATH = {f.path: f for f in ACTIVITY_FIELDS}
FIELDS_BY_ATTRIBUTE = {f.attribute: f for f in ACTIVITY_FIELDS if f.attribute}

# The activity's own columns a command sets one to one (the rest are lists of rows).
SCALAR_FIELDS: tuple[str, ...] = tuple(f.attribute for f in ACTIVITY_FIELDS if f.attribute)

# The record's items an agreement's annexes describe: what drift compares.
DOCUMENT_PATHS: tuple[str, ...] = tuple(f.path for f in ACTIVITY_FIELDS if f.in_documents)

# Dutch names of the record's items, by dotted path (history and conflict views).
FIELD_LABELS: dict[str, Any] = {f.path: f.label for f in ACTIVITY_FIELDS if f.path != "id"}


def field(path: str) -> Field:
    """The catalogue entry of a record path."""
    return FIELDS_BY_PATH[path]


def by_attribute(attribute: str) -> Field:
    """The catalogue entry of an `Activity` attribute set by a command."""
    return FIELDS_BY_ATTRIBUTE[attribute]


def scalar_fields() -> Iterator[tuple[str, Field]]:
    """(attribute, field) of the fields a command sets one to one, in record order."""
    return ((f.attribute, f) for f in ACTIVITY_FIELDS if f.attribute)


def section_fields(section: Section) -> list[Field]:
    """The scalar fields of a section, in record order (form, record page, PDF register)."""
    return [f for _name, f in scalar_fields() if f.section is section]


def part_limits() -> Iterator[tuple[str, int]]:
    """(record path, maximum length) of every field and part bounded by a column."""
    for f in ACTIVITY_FIELDS:
        if (length := f.max_length) is not None:
            yield f.path, length
        for part in f.parts:
            if (length := part.max_length) is not None:
                yield f"{f.path}.{part.name}", length


def empty_record() -> dict[str, Any]:
    """The record of an activity with nothing filled in (an import starts from it)."""
    record: dict[str, Any] = {}
    for f in ACTIVITY_FIELDS:
        if f.path == "id":
            continue
        if f.path.startswith("product."):
            record["product"] = None
        elif "." in f.path:
            outer, inner = f.path.split(".")
            record.setdefault(outer, {})[inner] = f.default
        elif f.kind in (Kind.ROWS, Kind.LABELS):
            record[f.path] = []
        else:
            record[f.path] = f.default
    return record
