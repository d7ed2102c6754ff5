"""The auditor exports the trail (CSV, XLSX, with the hashes) and checks the chain as a job."""

from __future__ import annotations

import csv
import io

import openpyxl
import sqlalchemy as sa

from register.audit.chain import append_entries, entry_hash
from register.audit.models import AuditEntry
from register.auth.models import UserRole
from register.extensions import db
from register.jobs.models import Job, JobState

HOSTILE = '=HYPERLINK("http://x")'


def _trail(app):
    with app.app_context():
        append_entries(
            db.session.connection(),
            [
                {
                    "action": "update",
                    "entity_type": "activity",
                    "entity_id": "3",
                    "actor_email": "a@x.nl",
                    "summary": HOSTILE,
                    "changes": {"status": ["draft", "active"]},
                },
                {
                    "action": "sign",
                    "entity_type": "agreement",
                    "entity_id": "4",
                    "actor_email": "b@x.nl",
                    "summary": "+31 85 123",
                },
            ],
        )
        db.session.commit()
        return db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id)).all()


def test_csv_export_holds_the_hashes_and_guards_formulas(app, client, auth, make_user):
    auditor = make_user(UserRole.AUDITOR)
    auth.login_as(auditor)
    entries = _trail(app)
    response = client.get("/audit/export.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    heads, body = rows[0], rows[1:]
    assert heads[0] == "Nr." and heads[-1] == "Hash"
    by_id = {int(row[0]): row for row in body}
    hostile = by_id[entries[-2].id]
    assert hostile[heads.index("Omschrijving")] == "'" + HOSTILE
    assert hostile[heads.index("Handeling")] == "Gewijzigd"
    assert hostile[heads.index("Soort gegeven")] == "Verwerking"
    assert hostile[heads.index("Hash")] == entries[-2].hash
    assert hostile[heads.index("Vorige hash")] == entries[-2].prev_hash
    # The stored values in the file recompute the hash (what an auditor can check offline).
    fields = {
        "created_at": entries[-1].created_at,
        "actor_id": None,
        "actor_email": "b@x.nl",
        "ip": "",
        "action": "sign",
        "entity_type": "agreement",
        "entity_id": "4",
        "summary": "+31 85 123",
        "changes": None,
    }
    last = by_id[entries[-1].id]
    assert entry_hash(last[heads.index("Vorige hash")], fields) == last[heads.index("Hash")]
    assert last[heads.index("Omschrijving")] == "'+31 85 123"


def test_filters_apply_and_every_export_is_audited(app, client, auth, make_user):
    auditor = make_user(UserRole.AUDITOR)
    auth.login_as(auditor)
    entries = _trail(app)
    body = client.get("/audit/export.csv?action=sign").get_data(as_text=True)
    ids = [int(row[0]) for row in list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))[1:]]
    assert ids == [entries[-1].id]
    client.get("/audit/export.xlsx?entity_type=activity").get_data()
    with app.app_context():
        exports = db.session.execute(
            sa.select(AuditEntry.actor_id, AuditEntry.changes)
            .where(AuditEntry.action == "export", AuditEntry.entity_type == "audit_entry")
            .order_by(AuditEntry.id)
        ).all()
    assert [(actor, c["format"], c["filters"]) for actor, c in exports] == [
        (auditor.id, "csv", {"action": "sign"}),
        (auditor.id, "xlsx", {"entity_type": "activity"}),
    ]


def test_xlsx_cells_are_text_without_a_visible_quote(app, client, auth, make_user):
    auth.login_as(make_user(UserRole.PRIVACY))
    entries = _trail(app)
    response = client.get("/audit/export.xlsx")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    heads = list(rows[0])
    by_id = {row[0]: row for row in rows[1:]}
    hostile = by_id[entries[-2].id]
    assert hostile[heads.index("Omschrijving")] == HOSTILE  # as text: no formula, no quote
    assert by_id[entries[-1].id][heads.index("Omschrijving")] == "+31 85 123"
    assert hostile[heads.index("Hash")] == entries[-2].hash
    assert hostile[heads.index("Wijzigingen (JSON)")] == '{"status":["draft","active"]}'
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type != "f"


def test_contract_manager_cannot_export_or_check(app, client, auth, make_user, make_organisation):
    from register.organisations.models import OrganisationKind

    school = make_organisation(OrganisationKind.SCHOOL)
    auth.login_as(make_user(UserRole.CONTRACT_MANAGER, organisations=[school]))
    assert client.get("/audit/export.csv").status_code == 403
    assert client.get("/audit/export.xlsx").status_code == 403
    assert client.post("/audit/controle").status_code == 403


def test_chain_check_runs_as_a_job_with_progress_and_result(app, client, auth, make_user, run_jobs):
    auditor = make_user(UserRole.AUDITOR)
    auth.login_as(auditor)
    _trail(app)
    response = client.post("/audit/controle")
    assert response.status_code == 302
    job_url = response.headers["Location"]
    waiting = client.get(job_url)
    assert "In de wachtrij" in waiting.text and waiting.headers["Refresh"] == "2"
    assert run_jobs(app, wait=0) >= 1  # the recovery at start may queue it once more
    done = client.get(job_url)
    assert "Refresh" not in done.headers
    assert "de keten is intact" in done.text
    with app.app_context():
        job = db.session.scalars(sa.select(Job)).one()
        assert job.state is JobState.DONE and job.progress == job.total > 0
        verify = db.session.scalars(
            sa.select(AuditEntry).where(AuditEntry.action == "verify")
        ).one()
        assert verify.actor_id == auditor.id and verify.changes["ok"] is True
    assert "de keten is intact" in client.get("/audit/controle").text


def test_chain_check_names_the_broken_entry(app, client, auth, make_user, run_jobs):
    auth.login_as(make_user(UserRole.AUDITOR))
    entries = _trail(app)
    with app.app_context():
        db.session.execute(
            sa.update(AuditEntry).where(AuditEntry.id == entries[-1].id).values(summary="vervalst")
        )
        db.session.commit()
    job_url = client.post("/audit/controle").headers["Location"]
    run_jobs(app, wait=0)
    page = client.get(job_url).text
    assert f"Item {entries[-1].id} de inhoud past niet bij de hash" in page
    assert f'href="/audit/{entries[-1].id}"' in page
