"""An import row based on an older version than the register's is refused, with both
versions side by side, unless the user ticks "overschrijven" for that row."""

from __future__ import annotations

import io

import sqlalchemy as sa
from openpyxl import load_workbook

from register.activities.models import Activity, Role
from register.auth.models import UserRole
from register.exchange.importing import staging
from tests.exchange.conftest import export_xlsx


def _upload(client, content: bytes):
    return client.post(
        "/uitwisseling/import",
        data={"file": (io.BytesIO(content), "register.xlsx")},
        content_type="multipart/form-data",
    )


def _token(client) -> str:
    with client.session_transaction() as flask_session:
        return flask_session[staging.SESSION_KEY]["token"]


def _controller(session) -> Activity:
    return session.scalars(sa.select(Activity).where(Activity.role == Role.CONTROLLER)).one()


def test_the_export_carries_each_version(session, register):
    activity = _controller(session)
    sheet = load_workbook(io.BytesIO(export_xlsx(session)))["Verwerkingsverantwoordelijke"]
    headers = [c.value for c in sheet[1]]
    assert sheet.cell(row=2, column=headers.index("Versie") + 1).value == activity.version


def test_an_old_export_is_refused_until_overwrite_is_ticked(
    staging_folder, client, auth, make_user, session, register
):
    old_export = export_xlsx(session)
    activity = _controller(session)
    exported_version, original = activity.version, activity.description
    # A colleague edits the activity after the export.
    activity.description = "Later gewijzigd door een collega"
    session.commit()
    assert activity.version == exported_version + 1

    auth.login_as(make_user(UserRole.PRIVACY))
    preview = _upload(client, old_export).get_data(as_text=True)
    assert "Rijen op basis van een oudere versie" in preview
    assert f"In het bestand (versie {exported_version})" in preview
    assert f"Nu in het register (versie {exported_version + 1})" in preview
    assert original in preview and "Later gewijzigd door een collega" in preview

    token = _token(client)
    refused = client.post("/uitwisseling/import/bevestigen", data={"token": token, "confirm": "1"})
    assert refused.status_code == 400
    shown = refused.get_data(as_text=True)
    assert "Vink ‘overschrijven’ aan" in shown
    session.expire_all()
    assert _controller(session).description == "Later gewijzigd door een collega"

    # The refusal keeps the upload: the same page offers the choice, no new upload needed.
    assert "Het bestand is bewaard" in shown
    assert 'name="overschrijven" value="Verwerkingsverantwoordelijke:2"' in shown
    assert f'value="{token}"' in shown and _token(client) == token
    applied = client.post(
        "/uitwisseling/import/bevestigen",
        data={"token": token, "confirm": "1", "overschrijven": "Verwerkingsverantwoordelijke:2"},
    )
    assert applied.status_code == 302
    session.expire_all()
    assert _controller(session).description == original
    with client.session_transaction() as flask_session:
        assert staging.SESSION_KEY not in flask_session  # used, then deleted


def test_a_conflict_arising_after_the_preview_keeps_the_upload(
    staging_folder, client, auth, make_user, session, register
):
    export = export_xlsx(session)
    auth.login_as(make_user(UserRole.PRIVACY))
    preview = _upload(client, export).get_data(as_text=True)
    assert "Rijen op basis van een oudere versie" not in preview
    # A colleague edits the activity between the preview and the confirmation.
    _controller(session).description = "Intussen gewijzigd"
    session.commit()

    token = _token(client)
    refused = client.post("/uitwisseling/import/bevestigen", data={"token": token, "confirm": "1"})
    assert refused.status_code == 400
    shown = refused.get_data(as_text=True)
    assert "Rijen op basis van een oudere versie" in shown and "Intussen gewijzigd" in shown
    assert any(staging_folder.glob("*.xlsx")) and _token(client) == token  # kept

    cancelled = client.post("/uitwisseling/import/bevestigen", data={"token": token, "cancel": "1"})
    assert cancelled.status_code == 302
    assert not any(staging_folder.glob("*.xlsx"))
    session.expire_all()
    assert _controller(session).description == "Intussen gewijzigd"


def test_a_current_export_imports_without_asking(
    staging_folder, client, auth, make_user, session, register
):
    content = export_xlsx(session)
    auth.login_as(make_user(UserRole.PRIVACY))
    preview = _upload(client, content).get_data(as_text=True)
    assert "Rijen op basis van een oudere versie" not in preview
