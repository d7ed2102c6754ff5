"""Imports: round trip, dry run, all or nothing, precise Dutch errors, updates and versions."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from register.activities.models import Activity, ActivityStatus, ActivityVersion
from register.activities.services import refresh_missing_counts
from register.audit.models import AuditEntry
from register.exchange.errors import ImportInvalid
from register.exchange.importing.plan import Action, Subject
from register.exchange.importing.services import import_register
from register.organisations.models import Organisation, OrganisationKind
from register.products.models import Licence
from register.vocabularies.models import Term, Vocabulary
from tests.exchange.conftest import (
    edit_workbook,
    empty_database,
    export_xlsx,
    table_counts,
    workbook_cells,
)


@pytest.mark.parametrize("hostile", [False, True])
def test_round_trip_into_an_empty_database_is_cell_for_cell_equal(session, hostile):
    from tests.exchange.conftest import build_register

    build_register(session, hostile=hostile)
    # An incomplete activity can only be a draft (the import enforces the activation rule).
    refresh_missing_counts(session)
    for activity in session.scalars(sa.select(Activity).where(Activity.missing_count > 0)):
        activity.status = ActivityStatus.DRAFT
    session.commit()
    first = export_xlsx(session)
    empty_database(session)
    import_register(session, first, filename="register.xlsx")
    session.commit()
    second = export_xlsx(session)
    before, after = workbook_cells(first), workbook_cells(second)
    assert before.keys() == after.keys()
    for sheet in before:
        assert before[sheet] == after[sheet], sheet
    assert len(before["Verwerker per school"]) == 3  # header + two schools


def test_import_creates_versions_missing_counts_and_an_audit_entry(session, register):
    content = export_xlsx(session)
    empty_database(session)
    import_register(session, content, filename="register.xlsx")
    session.commit()
    activities = session.scalars(sa.select(Activity).order_by(Activity.name)).all()
    assert [a.name for a in activities] == ["DOENIN leeromgeving", "Nieuwsbrief"]
    versions = session.scalars(sa.select(ActivityVersion)).all()
    assert sorted((v.activity_id, v.number) for v in versions) == sorted(
        (a.id, 1) for a in activities
    )
    assert all(a.version == 1 for a in activities)
    assert versions[0].snapshot["name"] in {"DOENIN leeromgeving", "Nieuwsbrief"}
    # Counted like the activity services do: the second purpose has no legal basis; the
    # processor activity has no owner and no review date.
    assert {a.name: a.missing_count for a in activities} == {
        "Nieuwsbrief": 1,
        "DOENIN leeromgeving": 2,
    }
    entry = session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "import")).one()
    assert entry.changes["file"] == "register.xlsx" and len(entry.changes["sha256"]) == 64
    assert session.scalar(sa.select(sa.func.count()).select_from(Licence)) == 2


def test_reimport_changes_nothing(session, register):
    content = export_xlsx(session)
    counts = table_counts(session)
    result = import_register(session, content, filename="x.xlsx")
    session.commit()
    assert result.changes == [] and result.unchanged == 2
    after = table_counts(session)
    assert after.pop("audit_entry") == counts.pop("audit_entry") + 1  # only the import event
    assert after == counts


def test_dry_run_writes_nothing(session, register):
    content = export_xlsx(session)
    changed = edit_workbook(
        content, "Verwerkingsverantwoordelijke", {"Naam verwerking@2": "Nieuwsbrief 2.0"}
    )
    counts = table_counts(session)
    result = import_register(session, changed, filename="x.xlsx", dry_run=True)
    session.rollback()
    assert [(c.kind, c.action, c.label) for c in result.changes] == [
        (Subject.ACTIVITY, Action.NEW, "Nieuwsbrief 2.0")
    ]
    assert table_counts(session) == counts


def test_a_change_updates_the_activity_and_adds_a_version(session, register):
    content = export_xlsx(session)
    changed = edit_workbook(content, "Verwerkingsverantwoordelijke", {"Afdeling@2": "Communicatie"})
    result = import_register(session, changed, filename="x.xlsx")
    session.commit()
    assert [(c.action, c.label) for c in result.changes] == [(Action.CHANGED, "Nieuwsbrief")]
    activity = session.get(Activity, register["controller_id"])
    assert activity.department == "Communicatie" and activity.version == 2
    numbers = session.scalars(
        sa.select(ActivityVersion.number).where(ActivityVersion.activity_id == activity.id)
    ).all()
    assert sorted(numbers) == [1, 2]


def test_one_bad_row_means_nothing_is_written(session, register):
    content = export_xlsx(session)
    # A new, valid activity in row 3 and a broken one in row 4: neither may be saved.
    bad = edit_workbook(
        content,
        "Verwerkingsverantwoordelijke",
        {
            "Naam verwerking@3": "Goede nieuwe verwerking",
            "Rol@3": "Verwerkingsverantwoordelijke",
            "Naam verwerking@4": "Kapotte verwerking",
            "Rol@4": "Baas",
            "Herzieningsdatum@4": "31-02-2026",
        },
    )  # fmt: skip
    empty_database(session)
    build_again(session)
    counts = table_counts(session)
    with pytest.raises(ImportInvalid) as raised:
        import_register(session, bad, filename="x.xlsx")
    session.rollback()
    messages = [str(issue) for issue in raised.value.issues]
    assert (
        "Blad 'Verwerkingsverantwoordelijke', rij 4, kolom 'Rol': 'Baas' is onbekend" in messages[0]
    )
    assert any("rij 4, kolom 'Herzieningsdatum'" in m for m in messages)
    assert table_counts(session) == counts


def build_again(session):
    from tests.exchange.conftest import build_register

    build_register(session)


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (
            {"Naam verwerking@2": ""},
            "rij 2, kolom 'Naam verwerking': de naam van de verwerking ontbreekt.",
        ),
        (
            {"Grondslag@2": "Grondslag\nNog een\nEn nog een"},
            "rij 2, kolom 'Grondslag': meer regels (3)",
        ),
        (
            {"Naam verwerking@2": "x" * 201},
            "rij 2, kolom 'Naam verwerking': de tekst is te lang (201 tekens",
        ),
        (
            {"Geautomatiseerde besluitvorming@2": "misschien"},
            "rij 2, kolom 'Geautomatiseerde besluitvorming': 'misschien' is geen ja of nee.",
        ),
        (
            {"DPIA-link@2": "javascript:alert(document.cookie)"},
            "rij 2, kolom 'DPIA-link': een link moet beginnen met http:// of https://.",
        ),
        (
            {"Link belangenafweging@2": "data:text/html,<script>x</script>\n"},
            "rij 2, kolom 'Link belangenafweging': een link moet beginnen met http://",
        ),
        (
            {"Status@2": "Weet niet"},
            "rij 2, kolom 'Status': 'Weet niet' is onbekend; kies uit: Concept, Actief",
        ),
    ],
)
def test_errors_name_sheet_row_and_column(session, register, cells, expected):
    content = edit_workbook(export_xlsx(session), "Verwerkingsverantwoordelijke", cells)
    with pytest.raises(ImportInvalid) as raised:
        import_register(session, content, filename="x.xlsx")
    messages = "\n".join(str(i) for i in raised.value.issues)
    assert "Blad 'Verwerkingsverantwoordelijke', " + expected in messages


def test_unknown_labels_become_new_terms(session, register):
    content = edit_workbook(
        export_xlsx(session),
        "Verwerkingsverantwoordelijke",
        {"Grondslag@2": "Gerechtvaardigd belang\n"},
    )
    result = import_register(session, content, filename="x.xlsx")
    session.commit()
    assert (Subject.TERM, Action.NEW, "Gerechtvaardigd belang") in [
        (c.kind, c.action, c.label) for c in result.changes
    ]
    term = session.scalars(
        sa.select(Term).where(
            Term.vocabulary == Vocabulary.LEGAL_BASIS, Term.label == "Gerechtvaardigd belang"
        )
    ).one()
    assert term.code == "gerechtvaardigd-belang"


def test_retired_activity_keeps_its_status(session, register):
    activity = session.get(Activity, register["controller_id"])
    activity.status = ActivityStatus.RETIRED
    activity.retired_at = dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC)
    activity.retired_reason = "Nieuwsbrief gestopt"
    session.commit()
    content = export_xlsx(session)
    empty_database(session)
    import_register(session, content, filename="x.xlsx")
    session.commit()
    imported = session.scalars(sa.select(Activity).where(Activity.name == "Nieuwsbrief")).one()
    assert imported.status is ActivityStatus.RETIRED
    assert imported.retired_at == dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC)


def test_own_organisation_is_created_then_updated(session, register):
    content = export_xlsx(session)
    changed = edit_workbook(content, "Organisatie", {"Waarde@3": "B.V."})
    result = import_register(session, changed, filename="x.xlsx")
    session.commit()
    assert (Subject.ORGANISATION, Action.CHANGED, "KPC Groep", "legal_form") in [
        (c.kind, c.action, c.label, c.detail) for c in result.changes
    ]
    own = session.scalars(
        sa.select(Organisation).where(Organisation.kind == OrganisationKind.OWN)
    ).one()
    assert own.legal_form == "B.V."


def test_cli_import_dry_run_and_real(app, runner, register, tmp_path):
    with app.app_context():
        from register.extensions import db

        content = export_xlsx(db.session)
        path = tmp_path / "register.xlsx"
        path.write_bytes(
            edit_workbook(content, "Verwerkingsverantwoordelijke", {"Naam verwerking@2": "Nieuw"})
        )
        counts = table_counts(db.session)
    result = runner.invoke(args=["import", str(path), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "nieuw" in result.output and "Proefimport" in result.output
    with app.app_context():
        assert table_counts(db.session) == counts
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Activity)) == 3


def test_cli_import_errors_are_dutch_and_exit_non_zero(app, runner, tmp_path):
    path = tmp_path / "plaatje.xlsx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code != 0
    assert "geen Excel-werkmap" in result.output
    result = runner.invoke(args=["import", str(tmp_path / "bestaat-niet.xlsx")])
    assert result.exit_code != 0 and "Kan" in result.output


def test_an_incomplete_activity_marked_active_is_imported_as_draft(session, register):
    content = export_xlsx(session)
    active = edit_workbook(content, "Verwerkingsverantwoordelijke", {"Status@2": "Actief"})
    empty_database(session)
    result = import_register(session, active, filename="x.xlsx")
    session.commit()
    imported = session.scalars(sa.select(Activity).where(Activity.name == "Nieuwsbrief")).one()
    assert imported.missing_count == 1
    assert imported.status is ActivityStatus.DRAFT
    assert any("Nieuwsbrief" in notice and "concept" in notice for notice in result.notices)


def test_imported_licences_recount_activities_the_file_leaves_alone(session, register):
    content = export_xlsx(session)
    processor_id = register["processor_id"]
    refresh_missing_counts(session)
    complete = session.get(Activity, processor_id).missing_count
    for licence in session.scalars(sa.select(Licence)):
        session.delete(licence)
    session.commit()
    refresh_missing_counts(session)
    session.commit()
    assert session.get(Activity, processor_id).missing_count == complete + 1
    result = import_register(session, content, filename="x.xlsx")
    session.commit()
    assert result.unchanged == 2
    assert session.get(Activity, processor_id).missing_count == complete
