"""The exchange pages over HTTP: who may do what, downloads, the import preview and confirm."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
import sqlalchemy as sa
from flask import template_rendered
from openpyxl import load_workbook

from register.activities.models import Activity, ActivityVersion
from register.audit.models import AuditEntry
from register.auth.models import UserRole
from register.calendar import today
from register.exchange.importing import staging
from tests.conftest import AuthActions
from tests.exchange.conftest import edit_workbook, export_xlsx, table_counts

PAGES = [
    ("get", "/uitwisseling/"),
    ("post", "/uitwisseling/export"),
    ("get", "/uitwisseling/stand?datum=2026-01-31"),
    ("post", "/uitwisseling/import"),
    ("post", "/uitwisseling/import/bevestigen"),
]
ALLOWED = {
    UserRole.ADMIN: {0, 1, 2, 3, 4},
    UserRole.PRIVACY: {0, 1, 2, 3, 4},
    UserRole.AUDITOR: {0, 1, 2},
    UserRole.CONTRACT_MANAGER: set(),
}


@pytest.mark.parametrize("role", list(UserRole))
def test_access_matrix(client, auth, make_user, role):
    auth.login_as(make_user(role))
    for index, (method, url) in enumerate(PAGES):
        response = getattr(client, method)(url, data={"format": "json"})
        if index in ALLOWED[role]:
            assert response.status_code in (200, 302, 400), (role, url, response.status_code)
        else:
            assert response.status_code == 403, (role, url)


def test_anonymous_visitors_are_sent_to_sign_in(client):
    for method, url in PAGES:
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "/aanmelden" in response.headers["Location"]


def test_auditor_downloads_an_xlsx_with_the_filter(app, client, auth, make_user, session, register):
    auth.login_as(make_user(UserRole.AUDITOR))
    page = client.get("/uitwisseling/?rol=processor")
    assert b'name="rol" type="hidden" value="processor"' in page.data
    response = client.post("/uitwisseling/export", data={"format": "xlsx", "rol": "processor"})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert "attachment" in response.headers["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.data))
    assert workbook["Verwerkingsverantwoordelijke"].max_row == 1  # filtered away
    assert workbook["Verwerker"].max_row == 2
    assert workbook["Verwerker per school"].max_row == 3
    entry = session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "export")).one()
    assert entry.actor_email.startswith("auditor") and entry.changes["filter"] == {
        "rol": "processor"
    }


@pytest.mark.parametrize(
    ("as_of", "message"),
    [("2999-01-01", "toekomst"), ("31 januari", "Ongeldige datum")],
)
def test_export_date_errors_are_shown_next_to_the_field(client, auth, make_user, as_of, message):
    auth.login_as(make_user(UserRole.AUDITOR))
    response = client.post("/uitwisseling/export", data={"format": "json", "as_of": as_of})
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert message in text and f'value="{as_of}"' in text


def test_history_page_shows_the_register_as_it_stood(
    app, client, auth, make_user, session, register
):
    for version in session.scalars(sa.select(ActivityVersion)):
        early = version.activity_id == register["controller_id"]
        version.created_at = dt.datetime(2026, 1 if early else 2, 10, 9, tzinfo=dt.UTC)
    session.commit()
    auth.login_as(make_user(UserRole.AUDITOR))
    seen = []
    with template_rendered.connected_to(
        lambda sender, template, context, **kw: seen.append(context)
    ):
        response = client.get("/uitwisseling/stand?datum=2026-01-31")
    assert response.status_code == 200
    assert [r["name"] for r in seen[0]["records"]] == ["Nieuwsbrief"]
    assert "Nieuwsbrief" in response.get_data(as_text=True)
    bad = client.get("/uitwisseling/stand?datum=morgen")
    assert "Ongeldige datum" in bad.get_data(as_text=True)
    future = client.get("/uitwisseling/stand?datum=2999-01-01")
    assert "toekomst" in future.get_data(as_text=True)


def _upload(client, content, name="register.xlsx"):
    return client.post(
        "/uitwisseling/import",
        data={"file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )


def test_upload_preview_then_confirm(
    staging_folder, app, client, auth, make_user, session, register
):
    content = edit_workbook(
        export_xlsx(session), "Verwerkingsverantwoordelijke", {"Naam verwerking@2": "Nieuwsbrief 2"}
    )
    auth.login_as(make_user(UserRole.PRIVACY))
    counts = table_counts(session)
    preview = _upload(client, content)
    assert preview.status_code == 200
    text = preview.get_data(as_text=True)
    assert "Nieuwsbrief 2" in text and "nieuw" in text
    assert table_counts(session) == counts  # the preview wrote nothing
    staged = list(staging_folder.glob("*.xlsx"))
    assert len(staged) == 1
    with client.session_transaction() as flask_session:
        token = flask_session[staging.SESSION_KEY]["token"]
    assert token in text
    response = client.post("/uitwisseling/import/bevestigen", data={"token": token, "confirm": "1"})
    assert response.status_code == 302
    assert session.scalar(sa.select(sa.func.count()).select_from(Activity)) == 3
    assert not staged[0].exists()
    # The same token cannot be used twice.
    again = client.post(
        "/uitwisseling/import/bevestigen",
        data={"token": token, "confirm": "1"},
        follow_redirects=True,
    )
    assert "verlopen of al verwerkt" in again.get_data(as_text=True)
    assert session.scalar(sa.select(sa.func.count()).select_from(Activity)) == 3


def test_confirm_with_a_forged_token_or_another_users_session_does_nothing(
    app, client, auth, make_user, session, register
):
    content = edit_workbook(
        export_xlsx(session), "Verwerkingsverantwoordelijke", {"Naam verwerking@2": "Nieuwsbrief 2"}
    )
    auth.login_as(make_user(UserRole.PRIVACY))
    _upload(client, content)
    other = app.test_client()
    AuthActions(other).login(make_user(UserRole.ADMIN).email)
    with client.session_transaction() as flask_session:
        token = flask_session[staging.SESSION_KEY]["token"]
    counts = table_counts(session)
    for forged in ["../../etc/passwd", "A" * 43, ""]:
        response = client.post(
            "/uitwisseling/import/bevestigen", data={"token": forged, "confirm": "1"}
        )
        assert response.status_code == 302
    # Another user who learns the token has no staged file in their session.
    response = other.post("/uitwisseling/import/bevestigen", data={"token": token, "confirm": "1"})
    assert response.status_code == 302
    assert table_counts(session) == counts


def test_cancel_discards_the_staged_file(
    staging_folder, app, client, auth, make_user, session, register
):
    auth.login_as(make_user(UserRole.ADMIN))
    _upload(client, export_xlsx(session))
    with client.session_transaction() as flask_session:
        token = flask_session[staging.SESSION_KEY]["token"]
    response = client.post(
        "/uitwisseling/import/bevestigen",
        data={"token": token, "cancel": "1"},
        follow_redirects=True,
    )
    assert "geannuleerd" in response.get_data(as_text=True)
    assert list(staging_folder.glob("*.xlsx")) == []


def test_rejected_upload_shows_the_reason_next_to_the_field(client, auth, make_user):
    auth.login_as(make_user(UserRole.PRIVACY))
    response = _upload(client, b"Naam;Rol\n", name="register.xlsx")
    assert response.status_code == 400
    assert "geen Excel-werkmap" in response.get_data(as_text=True)


def test_preview_lists_errors_and_offers_no_confirm(client, auth, make_user, session, register):
    content = edit_workbook(export_xlsx(session), "Verwerkingsverantwoordelijke", {"Rol@2": "Baas"})
    auth.login_as(make_user(UserRole.PRIVACY))
    response = _upload(client, content)
    text = response.get_data(as_text=True)
    assert "Blad &#39;Verwerkingsverantwoordelijke&#39;, rij 2, kolom &#39;Rol&#39;" in text
    assert "bevestigen" not in text


def test_expired_staged_files_are_purged(app, staging_folder):
    with app.test_request_context():
        folder = staging_folder
        folder.mkdir(parents=True, exist_ok=True)
        old = folder / ("x" * 43 + ".xlsx")
        old.write_bytes(b"PK")
        staging.purge_expired(now=old.stat().st_mtime + staging.MAX_AGE_SECONDS + 1)
        assert not old.exists()


def test_json_download_from_the_history_date(client, auth, make_user, register):
    auth.login_as(make_user(UserRole.ADMIN))
    day = today().isoformat()
    response = client.post("/uitwisseling/export", data={"format": "json", "as_of": day})
    assert response.status_code == 200
    assert json.loads(response.data)["as_of"] == day
