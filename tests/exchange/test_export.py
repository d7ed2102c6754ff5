"""Exports: the XLSX sheets, CSV, JSON against its schema, neutralisation, audit and the CLI."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from pathlib import Path

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from register.activities.models import Activity, ActivityStatus, Role
from register.audit.models import AuditEntry
from register.calendar import today
from register.exchange.cells import neutralise, unneutralise
from register.exchange.errors import InvalidDate
from register.exchange.exporting.services import ExportCommand, export_register
from register.exchange.filters import ActivityFilter
from register.products.models import Product
from register.vocabularies.models import Term, Vocabulary
from tests.exchange.conftest import HOSTILE
from tests.exchange.schema_check import validate

SCHEMA = json.loads((Path(__file__).parents[2] / "docs/register-export.schema.json").read_text())
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def _xlsx(session, **kwargs):
    exported = export_register(session, ExportCommand("xlsx", **kwargs))
    return load_workbook(io.BytesIO(exported.data)), exported


def _rows(sheet):
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], r)) for r in rows[1:]]


def test_xlsx_has_the_records_the_organisation_and_every_vocabulary(session, register):
    workbook, exported = _xlsx(session)
    assert exported.filename.endswith(".xlsx") and exported.count == 2
    assert workbook.sheetnames[:5] == [
        "Over dit bestand", "Verwerkingsverantwoordelijke", "Verwerker", "Verwerker per school",
        "Organisatie",
    ]  # fmt: skip
    assert len([s for s in workbook.sheetnames if s.startswith("Lijst ")]) == 8
    (controller,) = _rows(workbook["Verwerkingsverantwoordelijke"])
    assert controller["Naam verwerking"] == "Nieuwsbrief"
    assert controller["Doel"] == "Nieuwsbrief versturen\nLeerlingen laten oefenen"
    assert controller["Grondslag"] == "Toestemming\n"  # aligned: the second purpose has none
    assert controller["Gerechtvaardigd belang"] == "\nGoede dienst"
    assert controller["Bewaartermijn"] == "3 jaar\n7 jaar"
    assert controller["Herzieningsdatum"] == dt.datetime(2027, 1, 31)  # noqa: DTZ001 (a spreadsheet date)
    assert controller["Beveiligingsmaatregelen"] == "Bewustwordingstraining\nVersleuteling"
    (processor,) = _rows(workbook["Verwerker"])
    assert processor["Naam verwerking"] == "DOENIN leeromgeving"
    assert processor["Categorieën van verwerkingen"] == "Hosting, leeranalyses"
    assert processor["Productcode"] == "DOENIN"
    # One row per school with a running licence, and product, naming the activities.
    schools = _rows(workbook["Verwerker per school"])
    assert [r["Verwerkingsverantwoordelijke (school)"] for r in schools] == [
        "Stichting Noord", "Stichting Zuid",
    ]  # fmt: skip
    assert {r["Verwerkingen als verwerker"] for r in schools} == {"DOENIN leeromgeving"}
    assert schools[1]["Licentie tot en met"] == dt.datetime(2030, 7, 31)  # noqa: DTZ001
    organisation = {r["Gegeven"]: r["Waarde"] for r in _rows(workbook["Organisatie"])}
    assert organisation["Naam"] == "KPC Groep" and organisation["Functionaris gegevensbescherming"]
    grounds = _rows(workbook["Lijst Grondslagen"])
    assert [g["Naam"] for g in grounds] == ["Toestemming", "Overeenkomst"]
    assert grounds[0]["Verwijzing"] == "AVG art. 6 lid 1 sub a"


def test_every_hostile_cell_is_stored_as_text_as_typed(session, hostile_register):
    workbook, _ = _xlsx(session)
    seen = set()
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula"
                if isinstance(cell.value, str) and cell.value.startswith(DANGEROUS):
                    assert cell.data_type == "s", (sheet.title, cell.coordinate)
                    seen.add(sheet.title)
    # Activity name, organisation name, vocabulary labels, school names: typed text, no guard.
    assert {
        "Verwerkingsverantwoordelijke", "Organisatie", "Lijst Doelen", "Lijst Betrokkenen",
    } <= seen  # fmt: skip
    # A leading tab or CR keeps the guard: the import strips surrounding whitespace.
    schools = _rows(workbook["Verwerker per school"])
    assert "'\tStichting Zuid" in {r["Verwerkingsverantwoordelijke (school)"] for r in schools}
    controller = _rows(workbook["Verwerkingsverantwoordelijke"])[0]
    assert controller["Naam verwerking"] == HOSTILE
    assert controller["Eigenaar"] == "-Hoofd marketing"


def test_xlsx_phone_number_shows_without_the_csv_guard(session, register):
    workbook, exported = _xlsx(session)
    organisation = {r["Gegeven"]: r["Waarde"] for r in _rows(workbook["Organisatie"])}
    assert "+31 73 6247247" in organisation.values()  # the fixture's phone number
    assert "'+31 73 6247247" not in organisation.values()
    with zipfile.ZipFile(io.BytesIO(exported.data)) as archive:
        assert not any(b"<f>" in archive.read(name) for name in archive.namelist())


@pytest.mark.parametrize("value", ["=1+1", "+31", "-x", "@SUM(A1)", "\tx", "\rx", "'=x", "''+y"])
def test_neutralise_round_trips(value):
    assert neutralise(value).startswith("'")
    assert unneutralise(neutralise(value)) == value


def test_plain_values_are_left_alone():
    assert neutralise("Nieuwsbrief") == "Nieuwsbrief"
    assert neutralise("'quoted") == "'quoted" and unneutralise("'quoted") == "'quoted"


def test_csv_zip_holds_both_records_neutralised(session, hostile_register):
    exported = export_register(session, ExportCommand("csv"))
    assert exported.filename.endswith(".zip")
    with zipfile.ZipFile(io.BytesIO(exported.data)) as archive:
        assert sorted(archive.namelist()) == [
            "verwerker-per-school.csv", "verwerker.csv", "verwerkingsverantwoordelijke.csv",
        ]  # fmt: skip
        text = archive.read("verwerkingsverantwoordelijke.csv").decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert rows[0]["Naam verwerking"] == "'" + HOSTILE
    for row in rows:
        for value in row.values():
            assert not value.startswith(DANGEROUS)
    assert rows[0]["Herzieningsdatum"] == "2027-01-31"


def test_csv_of_one_record_kind(session, register):
    exported = export_register(session, ExportCommand("csv", record="schools"))
    assert exported.filename.endswith("-schools.csv")
    rows = list(csv.DictReader(io.StringIO(exported.data.decode("utf-8-sig")), delimiter=";"))
    assert [r["BRIN"] for r in rows] == ["11AA", ""]
    assert rows[1]["RIO-code"] == "100B200"


def test_json_export_follows_the_schema(session, hostile_register):
    document = json.loads(export_register(session, ExportCommand("json")).data)
    assert validate(document, SCHEMA) == []
    assert document["format_version"] == 1
    assert {a["role"] for a in document["activities"]} == {"controller", "processor"}
    assert [c["controller"]["name"] for c in document["controllers_by_product"]["DOENIN"]]


def test_schema_check_catches_a_broken_document(session, register):
    document = json.loads(export_register(session, ExportCommand("json")).data)
    document["activities"][0]["role"] = "boss"
    del document["activities"][1]["purposes"]
    document["surprise"] = 1
    errors = validate(document, SCHEMA)
    assert len(errors) == 3


def test_filter_like_the_overview(session, register):
    processor_only = ActivityFilter.from_args({"rol": "processor"})
    document = json.loads(
        export_register(session, ExportCommand("json", activity_filter=processor_only)).data
    )
    assert [a["name"] for a in document["activities"]] == ["DOENIN leeromgeving"]
    assert document["filter"] == {"rol": "processor"}
    session.add(
        Activity(
            name="Oude enquête",
            role=Role.CONTROLLER,
            status=ActivityStatus.RETIRED,
            review_date=dt.date(2020, 1, 1),
        )
    )
    processor = session.get(Activity, register["processor_id"])
    processor.review_date = dt.date(2021, 6, 1)
    session.commit()
    product = session.scalar(sa.select(Product.id))
    health = session.scalar(sa.select(Term.id).where(Term.label == "Gezondheid"))
    consent = session.scalar(
        sa.select(Term.id).where(
            Term.vocabulary == Vocabulary.LEGAL_BASIS, Term.label == "Toestemming"
        )
    )
    everything = ["Nieuwsbrief", "DOENIN leeromgeving", "Oude enquête"]
    for args, names in [
        ({}, everything),  # the whole register, retired activities included
        ({"q": "NIEUWS"}, ["Nieuwsbrief"]),
        ({"status": "active"}, ["Nieuwsbrief"]),
        ({"status": "alle"}, everything),
        ({"status": "retired"}, ["Oude enquête"]),
        ({"rol": "controller"}, ["Nieuwsbrief"]),  # the overview hides retired by default
        ({"product": str(product)}, ["DOENIN leeromgeving"]),
        ({"gegeven": str(health)}, ["DOENIN leeromgeving"]),
        ({"grondslag": str(consent)}, ["Nieuwsbrief"]),
        ({"grondslag": "999999"}, []),
        ({"verlopen": "1"}, ["DOENIN leeromgeving"]),  # retired ones are never overdue
        ({"onvolledig": "1", "status": "alle"}, everything),
        ({"rol": "nonsense", "product": "x", "sort": "name"}, everything),
    ]:
        data = export_register(
            session, ExportCommand("json", activity_filter=ActivityFilter.from_args(args))
        ).data
        assert sorted(a["name"] for a in json.loads(data)["activities"]) == sorted(names), args


def test_every_export_is_audited_with_format_and_filter(session, register):
    export_register(
        session,
        ExportCommand("xlsx", activity_filter=ActivityFilter.from_args({"rol": "controller"})),
    )
    session.commit()
    entry = session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "export")).one()
    assert entry.changes["format"] == "xlsx"
    assert entry.changes["filter"] == {"rol": "controller"}
    assert entry.changes["activities"] == 1


def test_future_as_of_is_refused(session, register):
    with pytest.raises(InvalidDate):
        export_register(session, ExportCommand("json", as_of=today() + dt.timedelta(days=2)))


def test_cli_export_writes_the_file_and_audits(app, runner, register, tmp_path):
    target = tmp_path / "register.xlsx"
    result = runner.invoke(args=["export", "--format", "xlsx", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert load_workbook(target).sheetnames[1] == "Verwerkingsverantwoordelijke"
    result = runner.invoke(
        args=["export", "--format", "csv", "--record", "controller", "-o", str(tmp_path / "c.csv")]
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "c.csv").read_bytes().startswith("\ufeffNr.;".encode())
    with app.app_context():
        from register.extensions import db

        entries = db.session.scalars(
            sa.select(AuditEntry).where(AuditEntry.action == "export").order_by(AuditEntry.id)
        ).all()
        assert [e.changes["format"] for e in entries] == ["xlsx", "csv"]
        assert entries[0].actor_email.startswith("cli:")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--as-of", "31-01-2026"], "Ongeldige datum"),
        (["--as-of", "2999-01-01"], "toekomst"),
        (["--as-of", "2026-02-30"], "Ongeldige datum"),
    ],
)
def test_cli_export_errors_are_dutch(app, runner, register, tmp_path, args, message):
    target = tmp_path / "x.json"
    result = runner.invoke(args=["export", "--format", "json", *args, "-o", str(target)])
    assert result.exit_code != 0
    assert message in result.output
    assert not target.exists()
    with app.app_context():
        from register.extensions import db

        assert (
            db.session.scalar(
                sa.select(sa.func.count())
                .select_from(AuditEntry)
                .where(AuditEntry.action == "export")
            )
            == 0
        )
