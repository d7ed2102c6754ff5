"""Adding a row to purposes, data categories, ...: without JavaScript (a post that saves
nothing and gives the form back with one more empty row) and in a real browser (client-side)."""

from __future__ import annotations

import re

import pytest

from register.activities.models import Activity
from register.activities.services import create_activity
from register.auth.models import UserRole
from register.extensions import db
from tests.activities.conftest import table_counts
from tests.conftest import browser_login


def _rows(html: str, part: str) -> set[int]:
    return {int(n) for n in re.findall(rf'id="{part}-(\d+)-', html)}


def test_the_new_form_offers_one_empty_row_per_part(client, auth, make_user, vocab):
    auth.login_as(make_user(UserRole.PRIVACY))
    html = client.get("/verwerkingen/nieuw").get_data(as_text=True)
    for part in ("purposes", "data_categories", "subprocessors", "transfers", "retention_rules"):
        assert _rows(html, part) == {0}, part
        assert f'name="add_{part}"' in html
    assert "Sla op; daarna komen er nieuwe lege regels bij" not in html


def test_add_row_without_javascript_keeps_everything_and_saves_nothing(
    client, auth, make_user, form_data, vocab, app
):
    auth.login_as(make_user(UserRole.PRIVACY))
    with app.app_context():
        before = table_counts()
    data = form_data(**{"data_categories-0-purpose_ids": str(vocab.purpose2.id)})
    data["add_data_categories"] = "1"
    response = client.post("/verwerkingen/nieuw", data=data)

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    with app.app_context():
        assert table_counts() == before
    # Everything typed is still there ...
    assert 'value="Nieuwsbrief"' in html and "Het versturen van de nieuwsbrief" in html
    assert f'<option selected value="{vocab.purpose2.id}">' in html
    assert re.search(
        rf'id="data_categories-0-purpose_ids-0"[^>]*value="{vocab.purpose2.id}"[^>]*checked'
        rf'|checked[^>]*id="data_categories-0-purpose_ids-0"',
        html,
    )
    # ... with one more (empty) data category row, no error messages and nothing else added.
    assert _rows(html, "data_categories") == {0, 1}
    assert _rows(html, "purposes") == {0, 1}  # as posted: one filled, one blank
    assert "field__error" not in html


def test_add_row_on_the_edit_form_changes_nothing(
    client, auth, make_user, complete_command, form_data, app
):
    with app.app_context():
        activity = create_activity(db.session, complete_command())
        db.session.commit()
        activity_id, version = activity.id, activity.version
    auth.login_as(make_user(UserRole.PRIVACY))
    data = form_data(name="Een andere naam", version=str(version))
    data["add_retention_rules"] = "1"
    response = client.post(f"/verwerkingen/{activity_id}/bewerken", data=data)

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'value="Een andere naam"' in html
    assert _rows(html, "retention_rules") == {0, 1}
    with app.app_context():
        stored = db.session.get(Activity, activity_id)
        assert stored.name == "Nieuwsbrief" and stored.version == version


@pytest.mark.browser
def test_add_row_in_the_browser_adds_it_on_the_page(page, make_user, vocab, own_organisation):
    user = make_user(UserRole.PRIVACY)
    browser_login(page, user.email)
    page.goto("/verwerkingen/nieuw")
    requests: list[str] = []
    page.on(
        "request",
        lambda request: (
            requests.append(request.url)
            if request.resource_type in ("document", "fetch", "xhr")
            else None
        ),
    )

    page.get_by_label("Naam van de verwerking").fill("Nieuwsbrief versturen")
    page.locator("#purposes-0-purpose_id").select_option(label="Onderwijs leveren")
    page.locator("#data_categories-0-term_id").select_option(label="E-mailadres")
    page.locator('button[name="add_data_categories"]').click()
    page.locator('button[name="add_data_categories"]').click()

    assert requests == []  # added on the page: no request, nothing posted
    rows = page.locator('[data-rows="data_categories"] > .row-entry')
    assert rows.count() == 3
    assert page.locator("#data_categories-2-term_id").input_value() == ""
    assert page.locator("#data_categories-2-is_required").is_checked()
    assert page.locator("#data_categories-0-term_id").input_value() == str(vocab.email.id)
    assert page.get_by_label("Naam van de verwerking").input_value() == "Nieuwsbrief versturen"
    focused = page.evaluate("document.activeElement.id")
    assert focused == "data_categories-2-term_id"

    page.locator("#data_categories-2-term_id").select_option(label="Gezondheid")
    page.locator('button[name="add_purposes"]').click()
    page.locator("#purposes-1-purpose_id").select_option(label="Nieuwsbrief versturen")
    page.get_by_role("button", name="Opslaan", exact=True).click()
    page.wait_for_load_state()

    assert page.get_by_text("Verwerking ‘Nieuwsbrief versturen’ is toegevoegd.").is_visible()
    categories = page.locator("table.data").nth(1).inner_text()
    assert "E-mailadres" in categories and "Gezondheid" in categories
    purposes = page.locator("table.data").first.inner_text()
    assert "Onderwijs leveren" in purposes and "Nieuwsbrief versturen" in purposes
