"""The columns of the register sheets: one per art. 30 item, shared by exports and imports.

Headers are part of the versioned file format (docs/export-format.md), so they are fixed
Dutch strings rather than translated UI text. List items go one per line; items with parts
(purposes, data categories, ...) spread over aligned columns, line n of each belonging to
item n. The first column of such a group (the "lead") decides how many items there are.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from register.activities import catalogue
from register.activities.catalogue import ACTIVITY_FIELDS, Field, Kind

FORMAT_VERSION = 1

# Plain values of the enums, with the Dutch words used in the files.
ROLE_LABELS = {"controller": "Verwerkingsverantwoordelijke", "processor": "Verwerker"}
STATUS_LABELS = {"draft": "Concept", "active": "Actief", "retired": "Beëindigd"}
DPIA_LABELS = {
    "not_needed": "Niet nodig",
    "not_started": "Niet gestart",
    "in_progress": "In uitvoering",
    "completed": "Afgerond",
}
KIND_LABELS = {
    "own": "Eigen organisatie",
    "school": "Onderwijsinstelling",
    "subprocessor": "Subverwerker",
    "recipient": "Ontvanger",
}
ENUM_LABELS = {
    "role": ROLE_LABELS,
    "status": STATUS_LABELS,
    "dpia.status": DPIA_LABELS,
    "recipients.kind": KIND_LABELS,
}
YES, NO = "ja", "nee"


@dataclass(frozen=True)
class Column:
    """One column: a record path, its header and how its cells are written and read.

    kind: text, enum, bool, date, labels (one label per line) or part (a part of the items
    of `group`, one per line; part_labels: several labels on that line, `LABEL_SEPARATOR`).
    """

    path: str
    header: str
    kind: str = "text"
    group: str = ""

    @property
    def field(self) -> str:
        return self.path.rsplit(".", 1)[-1]


# The order of the activity columns in format version 1. Fields of the catalogue that are
# not listed here (added later) follow at the end, so files of version 1 still read.
SHEET_ORDER = (
    "id", "name", "role", "status", "product.code", "product.name", "description",
    "department", "owner", "joint_controller", "processing_categories", "purposes",
    "data_subjects", "data_categories", "recipient_categories", "recipients", "subprocessors",
    "transfers", "retention", "security_measures", "security_description", "storage_location",
    "data_source", "rights_available", "automated_decision_making", "automated_decision_logic",
    "dpia.required", "dpia.status", "dpia.link", "review_date", "retired_at", "retired_reason",
)  # fmt: skip
_KINDS = {
    Kind.NUMBER: "int",
    Kind.TEXT: "text",
    Kind.LONG_TEXT: "text",
    Kind.BOOL: "bool",
    Kind.ENUM: "enum",
    Kind.DATE: "date",
    Kind.LABELS: "labels",
}
_PART_KINDS = {
    Kind.TEXT: "part",
    Kind.BOOL: "part_bool",
    Kind.ENUM: "part_enum",
    Kind.LABELS: "part_labels",
}
# Several labels in one part (one line of a group column) are separated by this.
LABEL_SEPARATOR = "; "


def _columns(field: Field) -> list[Column]:
    if field.kind is Kind.ROWS:
        return [
            Column(f"{field.path}.{p.name}", p.header, _PART_KINDS[p.kind], field.path)
            for p in field.parts
        ]
    return [Column(field.path, field.header or field.path, _KINDS[field.kind])]


def _sheet_fields() -> list[Field]:
    later = [f for f in ACTIVITY_FIELDS if f.path not in SHEET_ORDER]
    return [*(catalogue.field(path) for path in SHEET_ORDER), *later]


# The version of the record the row was exported from: an import of a row based on an older
# version than the register's is refused unless the user chooses to overwrite (issue 11).
VERSION_COLUMN = Column("version", "Versie", "int")

ACTIVITY_COLUMNS: tuple[Column, ...] = (
    *(c for f in _sheet_fields() for c in _columns(f)),
    VERSION_COLUMN,
)

# The lead part of each group: an item exists for every line of this column.
GROUP_LEADS = {f.path: f.lead for f in ACTIVITY_FIELDS if f.kind is Kind.ROWS}
# Record keys of each group item with their defaults.
GROUP_FIELDS: dict[str, dict[str, object]] = {
    f.path: {p.name: p.default for p in f.parts} for f in ACTIVITY_FIELDS if f.kind is Kind.ROWS
}

# The school (controller) on whose behalf the company processes, art. 30(2)(a): its
# identifiers and contact details, as organisation field and column header.
SCHOOL_CONTROLLER_FIELDS: tuple[tuple[str, str], ...] = (
    ("name", "Verwerkingsverantwoordelijke (school)"),
    ("brin", "BRIN"),
    ("rio", "RIO-code"),
    ("kvk", "KvK-nummer"),
    ("address", "Adres school"),
    ("postcode", "Postcode school"),
    ("city", "Plaats"),
    ("email", "E-mailadres school"),
    ("phone", "Telefoon school"),
    ("privacy_contact_name", "Privacycontactpersoon school"),
    ("privacy_contact_email", "Privacycontact school"),
    ("privacy_contact_phone", "Telefoon privacycontact school"),
    ("dpo_name", "FG school"),
    ("dpo_email", "E-mailadres FG school"),
)

# The processor record's controllers: one row per school with a licence, and product.
SCHOOL_COLUMNS: tuple[Column, ...] = (
    Column("product.code", "Productcode"),
    Column("product.name", "Product"),
    # The product's term for deleting or returning the data, art. 28(3)(g) (agreement
    # article 14 and the leaflet).
    Column("product.deletion_term", "Termijn verwijderen of teruggeven"),
    *(Column(f"controller.{name}", header) for name, header in SCHOOL_CONTROLLER_FIELDS),
    Column("licence.start_date", "Licentie vanaf", "date"),
    Column("licence.end_date", "Licentie tot en met", "date"),
    Column("licence.reference", "Licentiekenmerk"),
    Column("activities", "Verwerkingen als verwerker", "labels"),
)

# Which record columns each register sheet shows.
PROCESSOR_ONLY = {"processing_categories"}
CONTROLLER_SHEET_COLUMNS = tuple(c for c in ACTIVITY_COLUMNS if c.path not in PROCESSOR_ONLY)
# On the processor sheet the legal basis is the school's (the controller's), not the
# company's own: its headers say so (the import reads both).
PROCESSOR_HEADERS = {
    "purposes.legal_basis": "Grondslag van de school (verwerkingsverantwoordelijke)",
    "purposes.legal_basis_reference": "Grondslag van de school (artikel)",
}
PROCESSOR_SHEET_COLUMNS = tuple(
    replace(c, header=PROCESSOR_HEADERS.get(c.path, c.header)) for c in ACTIVITY_COLUMNS
)

# The own organisation: field, label on the organisation sheet.
ORGANISATION_FIELDS: tuple[tuple[str, str], ...] = (
    ("name", "Naam"),
    ("legal_form", "Rechtsvorm"),
    ("kvk", "KvK-nummer"),
    ("address", "Adres"),
    ("postcode", "Postcode"),
    ("city", "Plaats"),
    ("country", "Land"),
    ("website", "Website"),
    ("email", "E-mailadres"),
    ("phone", "Telefoon"),
    ("privacy_contact_name", "Privacycontactpersoon"),
    ("privacy_contact_email", "E-mailadres privacycontact"),
    ("privacy_contact_phone", "Telefoon privacycontact"),
    ("dpo_name", "Functionaris gegevensbescherming"),
    ("dpo_email", "E-mailadres FG"),
    ("dpo_phone", "Telefoon FG"),
    ("dpo_not_appointed", "Geen FG aangewezen"),
    ("dpo_not_appointed_reason", "Reden geen FG"),
)
# Organisation fields that are yes/no rather than text.
ORGANISATION_FLAGS = frozenset({"dpo_not_appointed"})
# Rows added after files of format version 1 were written: a file without them leaves the
# stored values alone (the other rows, when missing, are read as empty).
LATER_ORGANISATION_FIELDS = frozenset({"dpo_not_appointed", "dpo_not_appointed_reason"})

# Vocabulary sheets: vocabulary value, sheet name.
VOCABULARY_SHEETS: tuple[tuple[str, str], ...] = (
    ("purpose", "Lijst Doelen"),
    ("legal_basis", "Lijst Grondslagen"),
    ("special_condition", "Lijst Voorwaarden art. 9"),
    ("data_subject", "Lijst Betrokkenen"),
    ("data_category", "Lijst Persoonsgegevens"),
    ("recipient_category", "Lijst Ontvangers"),
    ("transfer_mechanism", "Lijst Doorgiftemechanismen"),
    ("security_measure", "Lijst Beveiligingsmaatregelen"),
)
TERM_COLUMNS: tuple[Column, ...] = (
    Column("label", "Naam"),
    Column("code", "Code"),
    Column("description", "Omschrijving"),
    Column("reference", "Verwijzing"),
    Column("group", "Groep"),
    Column("is_special_category", "Bijzonder persoonsgegeven", "bool"),
    Column("is_criminal_data", "Strafrechtelijk gegeven", "bool"),
    Column("is_national_identifier", "Nationaal identificatienummer", "bool"),
    Column("sort_order", "Volgorde", "int"),
    Column("is_active", "Actief", "bool"),
)

CONTROLLER_SHEET = "Verwerkingsverantwoordelijke"
PROCESSOR_SHEET = "Verwerker"
SCHOOL_SHEET = "Verwerker per school"
ORGANISATION_SHEET = "Organisatie"
INFO_SHEET = "Over dit bestand"
