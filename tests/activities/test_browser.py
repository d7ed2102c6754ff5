"""In a real browser: sign in, create an activity through the form, find it by searching."""

from __future__ import annotations

import pytest

from register.auth.models import UserRole
from tests.conftest import browser_login

pytestmark = pytest.mark.browser


def test_create_an_activity_and_find_it(page, make_user, vocab, own_organisation):
    user = make_user(UserRole.PRIVACY)
    browser_login(page, user.email)
    page.goto("/verwerkingen/")
    page.get_by_role("link", name="Nieuwe verwerking", exact=True).click()

    page.get_by_label("Naam van de verwerking").fill("Inschrijving trainingen")
    page.get_by_label("Omschrijving").fill("Deelnemers schrijven zich in voor een training.")
    page.get_by_label("Eigenaar (verantwoordelijke)").fill("Hoofd opleidingen")
    page.get_by_label("Herzieningsdatum").fill("2030-06-30")
    page.locator("#purposes-0-purpose_id").select_option(label="Onderwijs leveren")
    page.locator("#purposes-0-legal_basis_id").select_option(
        label="Toestemming (AVG art. 6 lid 1 sub a)"
    )
    page.get_by_label("Docenten").check()
    page.locator("#data_categories-0-term_id").select_option(label="E-mailadres")
    page.get_by_label("Geen ontvangers buiten de organisatie").check()
    page.locator("#retention_rules-0-period").fill("2 jaar")
    page.get_by_label("Versleuteling").check()
    page.get_by_role("button", name="Opslaan en activeren").click()
    page.wait_for_load_state()

    assert page.get_by_role("heading", level=1).inner_text().startswith("Inschrijving trainingen")
    assert page.get_by_text("Verwerking ‘Inschrijving trainingen’ is toegevoegd.").is_visible()
    assert page.get_by_text("Alle verplichte onderdelen van art. 30 zijn ingevuld.").is_visible()

    page.goto("/verwerkingen/")
    page.get_by_label("Zoeken").fill("TRAINING")
    page.get_by_role("button", name="Filteren").click()
    page.wait_for_load_state()
    rows = page.locator("table.data tbody tr")
    assert rows.count() == 1
    assert "Inschrijving trainingen" in rows.first.inner_text()
    assert "Actief" in rows.first.inner_text()
