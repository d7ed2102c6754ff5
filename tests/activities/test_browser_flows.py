"""In a real browser: a double click or Back-and-save makes one activity; the input of the
form survives an expired session."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from register.activities.models import Activity
from register.auth.models import UserRole
from register.extensions import db
from tests.conftest import PASSWORD, totp_code

pytestmark = pytest.mark.browser


def activity_count(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(Activity)) or 0


def fill_activity(page) -> None:
    page.get_by_label("Naam van de verwerking").fill("Inschrijving trainingen")
    page.get_by_label("Omschrijving").fill("Deelnemers schrijven zich in voor een training.")
    page.get_by_label("Eigenaar (verantwoordelijke)").fill("Hoofd opleidingen")
    page.locator("#purposes-0-purpose_id").select_option(label="Onderwijs leveren")
    page.get_by_label("Docenten").check()


def sign_in_here(page, email: str) -> None:
    """Answer the sign-in page the browser was sent to (keeping where it goes next)."""
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_load_state()
    if "/aanmelden/code" in page.url:
        page.get_by_label("Code", exact=True).fill(totp_code(email))
        page.get_by_role("button", name="Bevestigen").click()
        page.wait_for_load_state()


def test_double_click_and_back_then_save_make_one_activity(
    page, app, make_user, vocab, own_organisation
):
    user = make_user(UserRole.PRIVACY)
    sign_in_here_from_start(page, user.email)
    page.goto("/verwerkingen/nieuw")
    fill_activity(page)
    page.get_by_role("button", name="Opslaan", exact=True).dblclick()
    page.get_by_text("Verwerking ‘Inschrijving trainingen’ is toegevoegd.").wait_for()
    assert activity_count(app) == 1

    # Back to the filled-in form and save again: still the one activity, shown again (once
    # the page has loaded: going back mid-swap fails with "Not attached to an active page").
    page.wait_for_load_state("load")
    page.go_back()
    page.wait_for_load_state()
    page.get_by_role("button", name="Opslaan", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Inschrijving trainingen")
    assert activity_count(app) == 1


def sign_in_here_from_start(page, email: str) -> None:
    page.goto("/aanmelden")
    sign_in_here(page, email)


def test_the_form_survives_an_expired_session(page, app, make_user, vocab, own_organisation):
    user = make_user(UserRole.PRIVACY)
    sign_in_here_from_start(page, user.email)
    page.goto("/verwerkingen/nieuw")
    fill_activity(page)

    page.context.clear_cookies()  # the session has expired meanwhile
    page.get_by_role("button", name="Opslaan", exact=True).click()
    page.wait_for_load_state()
    assert "Wat u had ingevuld is in deze browser bewaard" in page.content()
    assert activity_count(app) == 0

    page.get_by_role("link", name="Terug naar het formulier").click()
    page.wait_for_load_state()
    sign_in_here(page, user.email)
    assert page.url.endswith("/verwerkingen/nieuw")
    assert page.get_by_label("Naam van de verwerking").input_value() == "Inschrijving trainingen"
    assert page.get_by_label("Eigenaar (verantwoordelijke)").input_value() == "Hoofd opleidingen"
    assert page.get_by_label("Docenten").is_checked()
    assert page.get_by_text("Wat u eerder invulde is teruggezet").is_visible()

    page.get_by_role("button", name="Opslaan", exact=True).click()
    page.get_by_text("Verwerking ‘Inschrijving trainingen’ is toegevoegd.").wait_for()
    assert activity_count(app) == 1
