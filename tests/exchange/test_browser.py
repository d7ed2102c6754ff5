"""Journeys in a real browser: import with preview and confirm; an auditor's XLSX export."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from register.activities.models import Activity
from register.auth.models import UserRole
from tests.conftest import browser_login
from tests.exchange.conftest import edit_workbook, export_xlsx

pytestmark = pytest.mark.browser

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_import_with_preview_and_confirmation(page, make_user, session, register):
    content = edit_workbook(
        export_xlsx(session), "Verwerkingsverantwoordelijke", {"Naam verwerking@2": "Webinars"}
    )
    user = make_user(UserRole.PRIVACY)
    browser_login(page, user.email)
    page.goto("/uitwisseling/")
    page.get_by_label("Werkmap (XLSX)").set_input_files(
        files=[{"name": "register.xlsx", "mimeType": XLSX, "buffer": content}]
    )
    page.get_by_role("button", name="Controleren").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Wat er zou veranderen").is_visible()
    assert page.get_by_role("cell", name="Webinars").is_visible()
    session.expire_all()
    assert session.scalar(sa.select(sa.func.count()).select_from(Activity)) == 2
    page.get_by_role("button", name="Importeren").click()
    page.wait_for_load_state()
    assert "Import opgeslagen" in page.locator(".flashes").inner_text()
    session.expire_all()
    names = session.scalars(sa.select(Activity.name).order_by(Activity.name)).all()
    assert names == ["DOENIN leeromgeving", "Nieuwsbrief", "Webinars"]


def test_auditor_exports_an_xlsx(page, make_user, register, tmp_path):
    user = make_user(UserRole.AUDITOR)
    browser_login(page, user.email)
    page.goto("/uitwisseling/")
    assert page.get_by_label("Werkmap (XLSX)").count() == 0  # auditors cannot import
    page.get_by_label("Formaat").select_option("xlsx")
    with page.expect_download() as info:
        page.get_by_role("button", name="Exporteren").click()
    download = info.value
    assert download.suggested_filename.startswith("verwerkingsregister-")
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    workbook = load_workbook(target)
    assert workbook["Verwerkingsverantwoordelijke"]["B2"].value == "Nieuwsbrief"
