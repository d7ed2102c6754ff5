"""Issue 12, register side: what the authority exports say about the FG, the schools, the
legal basis of processor activities and recipients that are processors, read back from the
files themselves (JSON, XLSX with openpyxl, CSV, PDF with pypdf)."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook
from pypdf import PdfReader

from register.activities.models import Activity
from register.exchange.exporting.services import ExportCommand, export_register
from register.exchange.importing.services import import_register
from register.organisations.models import Organisation, OrganisationKind
from tests.exchange.conftest import edit_workbook, empty_database, export_xlsx

REASON = "Geen overheidsinstantie en geen grootschalige verwerking van bijzondere gegevens."


def _export(session: Any, fmt: str, record: str | None = None) -> bytes:
    data = export_register(session, ExportCommand(fmt, record=record)).data
    session.commit()
    return data


def _organisation(session: Any, kind: OrganisationKind, name: str | None = None) -> Organisation:
    query = sa.select(Organisation).where(Organisation.kind == kind)
    if name:
        query = query.where(Organisation.name == name)
    return session.scalars(query).one()


@pytest.fixture
def items(session: Any, register: dict[str, Any]) -> dict[str, Any]:
    """The small register with the FG decision, a school's contacts and FG, and a recipient
    that processes on the company's behalf."""
    own = _organisation(session, OrganisationKind.OWN)
    own.dpo_name = own.dpo_email = ""
    own.dpo_not_appointed = True
    own.dpo_not_appointed_reason = REASON
    school = _organisation(session, OrganisationKind.SCHOOL, "Stichting Noord")
    school.address, school.postcode = "Noorderstraat 1", "9711 AA"
    school.privacy_contact_name = "P. Privacy"
    school.privacy_contact_email = "privacy@noord.example"
    school.dpo_name, school.dpo_email = "F. Noord", "fg@noord.example"
    recipient = _organisation(session, OrganisationKind.RECIPIENT, "Belastingdienst")
    recipient.processor_agreement = "VWO-2024-7"
    controller = session.get(Activity, register["controller_id"])
    controller.purposes[1].lia_link = "https://lia.example/1"
    session.commit()
    return register


def test_json_records_the_fg_decision_schools_fg_and_whose_legal_basis(session, items):
    document = json.loads(_export(session, "json"))
    assert document["organisation"]["dpo_not_appointed"] is True
    assert document["organisation"]["dpo_not_appointed_reason"] == REASON
    [noord] = [
        entry["controller"]
        for entry in document["controllers_by_product"]["DOENIN"]
        if entry["controller"]["name"] == "Stichting Noord"
    ]
    assert noord["dpo_name"] == "F. Noord" and noord["dpo_email"] == "fg@noord.example"
    assert noord["address"] == "Noorderstraat 1" and noord["privacy_contact_name"] == "P. Privacy"
    holders = {a["role"]: a["legal_basis_holder"] for a in document["activities"]}
    assert holders == {"controller": "own", "processor": "controller"}
    [controller] = [a for a in document["activities"] if a["role"] == "controller"]
    assert controller["recipients"][0]["processor_agreement"] == "VWO-2024-7"


def test_xlsx_organisation_school_and_processor_sheets(session, items):
    workbook = load_workbook(io.BytesIO(_export(session, "xlsx")), read_only=True)
    organisation = {row[0]: row[1] for row in workbook["Organisatie"].iter_rows(values_only=True)}
    assert organisation["Geen FG aangewezen"] == "ja"
    assert organisation["Reden geen FG"] == REASON
    rows = list(workbook["Verwerker per school"].iter_rows(values_only=True))
    header = list(rows[0])
    noord = next(dict(zip(header, row, strict=True)) for row in rows if "Stichting Noord" in row)
    assert noord["FG school"] == "F. Noord"
    assert noord["E-mailadres FG school"] == "fg@noord.example"
    assert noord["Adres school"] == "Noorderstraat 1"
    assert noord["Privacycontactpersoon school"] == "P. Privacy"
    processor_header = next(workbook["Verwerker"].iter_rows(values_only=True))
    controller_header = next(workbook["Verwerkingsverantwoordelijke"].iter_rows(values_only=True))
    assert "Grondslag van de school (verwerkingsverantwoordelijke)" in processor_header
    assert "Grondslag" not in processor_header
    assert "Grondslag" in controller_header
    assert "Verwerkersovereenkomst ontvanger" in controller_header
    workbook.close()


def test_csv_schools_carry_contacts_and_fg_and_processor_basis_is_the_schools(session, items):
    text = _export(session, "csv", "schools").decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    noord = next(r for r in rows if r["Verwerkingsverantwoordelijke (school)"] == "Stichting Noord")
    assert noord["FG school"] == "F. Noord"
    assert noord["Postcode school"] == "9711 AA"
    processor = _export(session, "csv", "processor").decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(processor), delimiter=";"))
    assert "Grondslag van de school (verwerkingsverantwoordelijke)" in header
    assert "Grondslag" not in header


def test_pdf_names_the_fg_decision_the_schools_fg_and_the_schools_basis(session, items):
    reader = PdfReader(io.BytesIO(_export(session, "pdf")))
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))
    assert f"Functionaris gegevensbescherming Niet aangewezen. Reden: {REASON}" in text
    assert "FG: F. Noord, fg@noord.example" in text
    assert "Noorderstraat 1, 9711 AA Groningen" in text
    assert "contact: P. Privacy, privacy@noord.example" in text
    assert "De grondslag is die van de onderwijsinstelling als verwerkingsverantwoordelijke" in text
    assert "Belastingdienst (verwerker; verwerkersovereenkomst: VWO-2024-7)" in text
    assert "belang: Goede dienst (belangenafweging: https://lia.example/1)" in text


def test_import_restores_the_fg_decision_and_the_schools_fg(session, items):
    content = export_xlsx(session)
    empty_database(session)
    import_register(session, content, filename="register.xlsx")
    session.commit()
    own = _organisation(session, OrganisationKind.OWN)
    assert own.dpo_not_appointed is True and own.dpo_not_appointed_reason == REASON
    noord = _organisation(session, OrganisationKind.SCHOOL, "Stichting Noord")
    assert (noord.dpo_name, noord.dpo_email) == ("F. Noord", "fg@noord.example")
    assert noord.privacy_contact_name == "P. Privacy" and noord.address == "Noorderstraat 1"
    recipient = _organisation(session, OrganisationKind.RECIPIENT, "Belastingdienst")
    assert recipient.processor_agreement == "VWO-2024-7"


@pytest.mark.parametrize("typed", ["'+31 85-2101580", "'t Schooltje", "''=quoted"])
def test_xlsx_import_keeps_a_leading_apostrophe_the_user_typed(session, register, typed):
    content = edit_workbook(export_xlsx(session), "Organisatie", {"Waarde@3": typed})
    import_register(session, content, filename="x.xlsx")
    session.commit()
    assert _organisation(session, OrganisationKind.OWN).legal_form == typed


def test_xlsx_round_trip_of_a_leading_tab_keeps_its_guard(session, register):
    own = _organisation(session, OrganisationKind.OWN)
    own.legal_form = "'\tB.V."
    session.commit()
    content = export_xlsx(session)
    organisation = {
        row[0]: row[1] for row in load_workbook(io.BytesIO(content))["Organisatie"].values
    }
    assert organisation["Rechtsvorm"] == "''\tB.V."
    own.legal_form = ""
    session.commit()
    import_register(session, content, filename="x.xlsx")
    session.commit()
    assert _organisation(session, OrganisationKind.OWN).legal_form == "'\tB.V."


def test_an_older_file_without_the_fg_decision_rows_leaves_the_decision_alone(session, items):
    from openpyxl import Workbook

    workbook = load_workbook(io.BytesIO(export_xlsx(session)))
    sheet = workbook["Organisatie"]
    kept = [row for row in sheet.values if row[0] not in ("Geen FG aangewezen", "Reden geen FG")]
    older = Workbook()
    older.active.title = "Organisatie"
    for row in kept:
        older.active.append(row)
    buffer = io.BytesIO()
    older.save(buffer)
    import_register(session, buffer.getvalue(), filename="ouder.xlsx")
    session.commit()
    own = _organisation(session, OrganisationKind.OWN)
    assert own.dpo_not_appointed is True and own.dpo_not_appointed_reason == REASON
