"""Back and resubmit in a real browser without JavaScript makes one record (issue 11).

Create pages are sent with `Cache-Control: no-store`, so Back fetches the form again with a
fresh one-time token while chromium restores the typed values; saving again must show the
first result, not make a twin (`register.form_tokens`).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
import sqlalchemy as sa

from register.auth.models import UserRole
from register.extensions import db
from register.organisations.models import Organisation
from tests.conftest import BROWSER_TIMEOUT_MS, PASSWORD, totp_code
from tests.organisations.conftest import school_form

pytestmark = pytest.mark.browser


@pytest.fixture
def page_without_javascript(browser: Any, live_server: Any) -> Any:
    context = browser.new_context(
        base_url=live_server.url, locale="nl-NL", java_script_enabled=False
    )
    context.set_default_timeout(BROWSER_TIMEOUT_MS)
    yield context.new_page()
    context.close()


def sign_in(page: Any, email: str) -> None:
    page.goto("/aanmelden")
    page.fill('input[name="email"]', email)
    page.fill('input[name="password"]', PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_url(lambda url: not url.endswith("/aanmelden"))
    if page.url.endswith("/aanmelden/code"):
        page.get_by_label("Code", exact=True).fill(totp_code(email))
        page.get_by_role("button", name="Bevestigen").click()
    page.wait_for_url(lambda url: "/aanmelden" not in url)


def test_back_and_save_again_makes_one_school(page_without_javascript, live_server, make_user):
    page = page_without_javascript
    sign_in(page, make_user(UserRole.PRIVACY).email)
    page.goto("/organisaties/nieuw")
    first_token = page.locator('input[name="form_token"]').get_attribute("value")
    for name, value in school_form().items():
        field = page.locator(f'[name="{name}"]')
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    page.get_by_role("button", name="Opslaan").click()
    # The history step waits until the new page has loaded: going back while chromium still
    # swaps the page's renderer fails with "Not attached to an active page".
    page.wait_for_url(re.compile(r"/organisaties/\d+$"))
    page.wait_for_load_state("load")
    created = page.url

    page.go_back()
    assert page.url.endswith("/organisaties/nieuw")
    assert page.locator('input[name="name"]').input_value() == school_form()["name"]
    assert page.locator('input[name="form_token"]').get_attribute("value") != first_token
    page.get_by_role("button", name="Opslaan").click()

    page.wait_for_url(created)  # the first result again (fails after the browser time-out)
    assert "Dit formulier was al opgeslagen" in page.content()
    with live_server.app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Organisation)) == 1
