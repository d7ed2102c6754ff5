"""A small but complete register to export, import and compare."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from register.activities.models import (
    Activity,
    ActivityDataCategory,
    ActivityPurpose,
    ActivityStatus,
    ActivitySubprocessor,
    ActivityVersion,
    DpiaStatus,
    RetentionRule,
    Role,
    Transfer,
)
from register.activities.record import activity_record
from register.extensions import db
from register.organisations.models import Organisation, OrganisationKind
from register.products.models import Licence, Product, ProductKind
from register.vocabularies.models import Term, Vocabulary

HOSTILE = '=HYPERLINK("http://evil.example","klik")'


def _term(vocabulary: Vocabulary, label: str, **fields: Any) -> Term:
    code = fields.pop("code", label.lower().replace(" ", "-")[:50])
    return Term(vocabulary=vocabulary, label=label, code=code, **fields)


def build_register(session: Any, *, hostile: bool = False) -> dict[str, Any]:
    """Own organisation, vocabularies, a controller and a processor activity, two schools."""
    evil = HOSTILE if hostile else ""
    own = Organisation(
        kind=OrganisationKind.OWN,
        name=(evil or "KPC Groep"),
        address="Postbus 482",
        postcode="5201 AL",
        city="'s-Hertogenbosch",
        email="privacy@kpc.example",
        phone="+31 73 6247247",
        dpo_name="-Functionaris" if hostile else "F. Gegevens",
        dpo_email="fg@kpc.example",
    )
    email = _term(Vocabulary.DATA_CATEGORY, "E-mailadres")
    name = _term(Vocabulary.DATA_CATEGORY, "Naam")
    health = _term(Vocabulary.DATA_CATEGORY, "Gezondheid", is_special_category=True)
    pupils = _term(Vocabulary.DATA_SUBJECT, "Leerlingen")
    subscribers = _term(Vocabulary.DATA_SUBJECT, "+Abonnees" if hostile else "Abonnees")
    consent = _term(
        Vocabulary.LEGAL_BASIS, "Toestemming", reference="AVG art. 6 lid 1 sub a", sort_order=1
    )
    contract = _term(
        Vocabulary.LEGAL_BASIS, "Overeenkomst", reference="AVG art. 6 lid 1 sub b", sort_order=2
    )
    newsletter = _term(
        Vocabulary.PURPOSE, "@Nieuwsbrief versturen" if hostile else "Nieuwsbrief versturen"
    )
    learning = _term(Vocabulary.PURPOSE, "Leerlingen laten oefenen")
    scc = _term(Vocabulary.TRANSFER_MECHANISM, "Standaardcontractbepalingen")
    encryption = _term(Vocabulary.SECURITY_MEASURE, "Versleuteling", group="Technisch")
    training = _term(Vocabulary.SECURITY_MEASURE, "Bewustwordingstraining", group="Organisatorisch")
    it_suppliers = _term(Vocabulary.RECIPIENT_CATEGORY, "IT-leveranciers")
    condition = _term(Vocabulary.SPECIAL_CONDITION, "Uitdrukkelijke toestemming")
    mailer = Organisation(kind=OrganisationKind.SUBPROCESSOR, name="Mailer BV", location="Ierland")
    cloud = Organisation(kind=OrganisationKind.SUBPROCESSOR, name="Cloud NV", location="Nederland")
    tax = Organisation(
        kind=OrganisationKind.RECIPIENT, name="Belastingdienst", location="Nederland"
    )
    doenin = Product(code="DOENIN", name="DOENIN", kind=ProductKind.LEARNING_PRODUCT)
    school_a = Organisation(
        kind=OrganisationKind.SCHOOL,
        name="Stichting Noord",
        brin="11AA",
        kvk="41000001",
        city="Groningen",
    )
    school_b = Organisation(
        kind=OrganisationKind.SCHOOL,
        name="\tStichting Zuid" if hostile else "Stichting Zuid",
        rio="100B200",
        city="Maastricht",
    )
    controller = Activity(
        name=(evil or "Nieuwsbrief"),
        description="Versturen van de nieuwsbrief aan abonnees.\nTweede regel.",
        role=Role.CONTROLLER,
        status=ActivityStatus.ACTIVE,
        department="Marketing",
        owner="-Hoofd marketing" if hostile else "Hoofd marketing",
        storage_location="Mailer BV (EU)",
        data_source="Betrokkene zelf",
        dpia_status=DpiaStatus.NOT_NEEDED,
        review_date=dt.date(2027, 1, 31),
        rights_available="Inzage, rectificatie, verwijdering",
    )
    controller.purposes = [
        ActivityPurpose(purpose=newsletter, legal_basis=consent),
        ActivityPurpose(purpose=learning, legal_basis=None, legitimate_interest="Goede dienst"),
    ]
    controller.data_subjects = [subscribers]
    controller.data_categories = [
        ActivityDataCategory(term=email, data_subject=subscribers, purposes=[newsletter]),
        ActivityDataCategory(term=name, data_subject=None, is_required=False),
    ]
    controller.recipient_categories = [it_suppliers]
    controller.recipients = [tax]
    controller.subprocessors = [
        ActivitySubprocessor(
            organisation=mailer, service="Verzending", location="Ierland", safeguard="VWO"
        )
    ]
    controller.transfers = [
        Transfer(country="Verenigde Staten", recipient="Mailer Inc.", mechanism=scc)
    ]
    controller.retention_rules = [
        RetentionRule(period="3 jaar", trigger="laatste activiteit", reason="Privacyverklaring"),
        RetentionRule(period="7 jaar", data_category=name, reason="Fiscale bewaarplicht"),
    ]
    controller.security_measures = [encryption, training]
    processor = Activity(
        name="DOENIN leeromgeving",
        role=Role.PROCESSOR,
        status=ActivityStatus.DRAFT,
        product=doenin,
        processing_categories="Hosting, leeranalyses",
        dpia_required=True,
        dpia_status=DpiaStatus.IN_PROGRESS,
        automated_decision_making=True,
        automated_decision_logic="Adaptief oefenen",
    )
    processor.purposes = [
        ActivityPurpose(purpose=learning, legal_basis=contract, special_condition=condition)
    ]
    processor.data_subjects = [pupils]
    processor.data_categories = [
        ActivityDataCategory(term=name, data_subject=pupils),
        ActivityDataCategory(term=health, data_subject=pupils, is_required=False),
    ]
    processor.subprocessors = [
        ActivitySubprocessor(organisation=cloud, service="Hosting", location="Nederland")
    ]
    processor.security_measures = [encryption]
    session.add_all([own, controller, processor, school_a, school_b, tax, mailer, cloud, doenin])
    session.add_all(
        [
            Licence(organisation=school_a, product=doenin, start_date=dt.date(2024, 8, 1)),
            Licence(
                organisation=school_b,
                product=doenin,
                start_date=dt.date(2025, 1, 1),
                end_date=dt.date(2030, 7, 31),
                reference="L-2",
            ),
        ]
    )
    session.flush()
    for activity in (controller, processor):
        session.add(
            ActivityVersion(activity_id=activity.id, number=1, snapshot=activity_record(activity))
        )
    session.commit()
    return {"controller_id": controller.id, "processor_id": processor.id}


@pytest.fixture(autouse=True)
def staging_folder(app: Any, tmp_path: Any) -> Any:
    """Staged uploads go to a temporary folder, not the instance folder."""
    folder = tmp_path / "imports"
    app.config["EXCHANGE_STAGING_DIR"] = str(folder)
    return folder


@pytest.fixture
def register(session: Any) -> dict[str, Any]:
    return build_register(session)


@pytest.fixture
def hostile_register(session: Any) -> dict[str, Any]:
    return build_register(session, hostile=True)


def table_counts(session: Any) -> dict[str, int]:
    """Rows in every table (to prove that nothing was written)."""
    return {
        table.name: session.scalar(sa.select(sa.func.count()).select_from(table))
        for table in db.metadata.sorted_tables
    }


def workbook_cells(
    content: bytes, *, skip_columns: tuple[str, ...] = ("Nr.", "Versie")
) -> dict[str, list[list[Any]]]:
    """Every sheet's cell values (ignoring the info sheet, id and version columns)."""
    workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    out: dict[str, list[list[Any]]] = {}
    for sheet in workbook.worksheets:
        if sheet.title == "Over dit bestand":
            continue
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        skip = {i for i, h in enumerate(rows[0] if rows else []) if h in skip_columns}
        out[sheet.title] = [[v for i, v in enumerate(r) if i not in skip] for r in rows]
    workbook.close()
    return out


def empty_database(session: Any) -> None:
    """Delete every row (as the suite does between tests): an empty, migrated database."""
    for table in reversed(db.metadata.sorted_tables):
        session.execute(table.delete())
    session.commit()


def export_xlsx(session: Any) -> bytes:
    from register.exchange.exporting.services import ExportCommand, export_register

    data = export_register(session, ExportCommand("xlsx")).data
    session.commit()
    return data


def edit_workbook(content: bytes, sheet: str, cells: dict[str, Any]) -> bytes:
    """A copy of an XLSX with some cells changed, by header and row: {"Rol@2": "Baas"}."""
    workbook = load_workbook(io.BytesIO(content))
    headers = [c.value for c in workbook[sheet][1]]
    for where, value in cells.items():
        header, row = where.rsplit("@", 1)
        workbook[sheet].cell(row=int(row), column=headers.index(header) + 1, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def flat_workbook(
    rows: list[list[Any]], title: str = "Blad1", above: list[list[Any]] = ()
) -> bytes:  # type: ignore[assignment]
    """A workbook with one sheet: optional rows above the header, then the rows given."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in [*above, *rows]:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
