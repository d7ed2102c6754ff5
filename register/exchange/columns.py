"""The columns of the register sheets: one per art. 30 item, shared by exports and imports.

Headers are part of the versioned file format (docs/export-format.md), so they are fixed
Dutch strings rather than translated UI text. List items go one per line; items with parts
(purposes, data categories, ...) spread over aligned columns, line n of each belonging to
item n. The first column of such a group (the "lead") decides how many items there are.
"""

from __future__ import annotations

from dataclasses import dataclass

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
    of `group`, one per line).
    """

    path: str
    header: str
    kind: str = "text"
    group: str = ""

    @property
    def field(self) -> str:
        return self.path.rsplit(".", 1)[-1]


def _part(group: str, field: str, header: str, kind: str = "text") -> Column:
    return Column(f"{group}.{field}", header, kind if kind != "text" else "part", group)


ACTIVITY_COLUMNS: tuple[Column, ...] = (
    Column("id", "Nr.", "int"),
    Column("name", "Naam verwerking"),
    Column("role", "Rol", "enum"),
    Column("status", "Status", "enum"),
    Column("product.code", "Productcode"),
    Column("product.name", "Product"),
    Column("description", "Omschrijving"),
    Column("department", "Afdeling"),
    Column("owner", "Eigenaar"),
    Column("joint_controller", "Gezamenlijke verwerkingsverantwoordelijke"),
    Column("processing_categories", "Categorieën van verwerkingen"),
    _part("purposes", "purpose", "Doel"),
    _part("purposes", "legal_basis", "Grondslag"),
    _part("purposes", "legal_basis_reference", "Grondslag (artikel)"),
    _part("purposes", "special_condition", "Voorwaarde art. 9"),
    _part("purposes", "legitimate_interest", "Gerechtvaardigd belang"),
    _part("purposes", "lia_link", "Link belangenafweging"),
    Column("data_subjects", "Betrokkenen", "labels"),
    _part("data_categories", "category", "Persoonsgegevens"),
    _part("data_categories", "data_subject", "Betrokkene bij persoonsgegeven"),
    _part("data_categories", "required", "Verplicht gegeven", "part_bool"),
    Column("recipient_categories", "Categorieën ontvangers", "labels"),
    _part("recipients", "name", "Ontvanger"),
    _part("recipients", "kind", "Soort ontvanger", "part_enum"),
    _part("recipients", "location", "Locatie ontvanger"),
    _part("subprocessors", "name", "Subverwerker"),
    _part("subprocessors", "service", "Dienst subverwerker"),
    _part("subprocessors", "location", "Locatie subverwerker"),
    _part("subprocessors", "safeguard", "Waarborg subverwerker"),
    _part("transfers", "country", "Doorgifte naar land"),
    _part("transfers", "recipient", "Ontvanger doorgifte"),
    _part("transfers", "mechanism", "Doorgiftemechanisme"),
    _part("transfers", "safeguards", "Waarborgen doorgifte"),
    _part("retention", "period", "Bewaartermijn"),
    _part("retention", "data_category", "Bewaartermijn voor gegeven"),
    _part("retention", "trigger", "Bewaartermijn gaat in bij"),
    _part("retention", "reason", "Reden bewaartermijn"),
    _part("retention", "legal_exception", "Wettelijke uitzondering"),
    Column("security_measures", "Beveiligingsmaatregelen", "labels"),
    Column("security_description", "Beveiliging (toelichting)"),
    Column("storage_location", "Opslaglocatie / systeem"),
    Column("data_source", "Bron van de gegevens"),
    Column("rights_available", "Rechten van betrokkenen"),
    Column("automated_decision_making", "Geautomatiseerde besluitvorming", "bool"),
    Column("automated_decision_logic", "Logica besluitvorming"),
    Column("dpia.required", "DPIA nodig", "bool"),
    Column("dpia.status", "DPIA-status", "enum"),
    Column("dpia.link", "DPIA-link"),
    Column("review_date", "Herzieningsdatum", "date"),
    Column("retired_at", "Beëindigd op"),
    Column("retired_reason", "Reden beëindiging"),
)

# The lead part of each group: an item exists for every line of this column.
GROUP_LEADS = {
    "purposes": "purpose",
    "data_categories": "category",
    "recipients": "name",
    "subprocessors": "name",
    "transfers": "country",
    "retention": "period",
}
# Record keys of each group item, in record order, with their defaults.
GROUP_FIELDS: dict[str, dict[str, object]] = {
    "purposes": {
        "purpose": "",
        "legal_basis": None,
        "legal_basis_reference": "",
        "special_condition": None,
        "legitimate_interest": "",
        "lia_link": "",
    },
    "data_categories": {"category": "", "data_subject": None, "required": True},
    "recipients": {"name": "", "kind": "recipient", "location": ""},
    "subprocessors": {"name": "", "service": "", "location": "", "safeguard": ""},
    "transfers": {"country": "", "recipient": "", "mechanism": None, "safeguards": ""},
    "retention": {
        "data_category": None,
        "period": "",
        "trigger": "",
        "reason": "",
        "legal_exception": "",
    },
}

# The processor record's controllers: one row per school with a licence, and product.
SCHOOL_COLUMNS: tuple[Column, ...] = (
    Column("product.code", "Productcode"),
    Column("product.name", "Product"),
    Column("controller.name", "Verwerkingsverantwoordelijke (school)"),
    Column("controller.brin", "BRIN"),
    Column("controller.rio", "RIO-code"),
    Column("controller.kvk", "KvK-nummer"),
    Column("controller.city", "Plaats"),
    Column("controller.privacy_contact_email", "Privacycontact school"),
    Column("licence.start_date", "Licentie vanaf", "date"),
    Column("licence.end_date", "Licentie tot en met", "date"),
    Column("licence.reference", "Licentiekenmerk"),
    Column("activities", "Verwerkingen als verwerker", "labels"),
)

# Which record columns each register sheet shows.
PROCESSOR_ONLY = {"processing_categories"}
CONTROLLER_SHEET_COLUMNS = tuple(c for c in ACTIVITY_COLUMNS if c.path not in PROCESSOR_ONLY)
PROCESSOR_SHEET_COLUMNS = ACTIVITY_COLUMNS

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
)

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
