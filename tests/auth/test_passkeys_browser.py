"""Passkeys in a real browser, through Chromium's virtual authenticator (DevTools WebAuthn).

WebAuthn needs a secure context: the pages are served as http://localhost (127.0.0.1 is not
one), and the register's relying party is set to match.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa

from register.agreements.states import Party
from register.auth.models import Passkey
from register.extensions import db
from tests.agreements.conftest import load
from tests.conftest import BROWSER_TIMEOUT_MS, PASSWORD, LiveServer, browser_login

pytestmark = pytest.mark.browser


@pytest.fixture
def localhost_page(browser: Any, make_app: Any) -> Iterator[tuple[Any, Any]]:
    """A page on the app served as http://localhost:<port>, with a virtual authenticator."""
    app = make_app(WTF_CSRF_ENABLED=True)
    server = LiveServer(app)
    url = server.url.replace("127.0.0.1", "localhost")
    app.config.update(WEBAUTHN_RP_ID="localhost", WEBAUTHN_ORIGIN=url)
    server.start()
    context = browser.new_context(base_url=url, locale="nl-NL")
    context.set_default_timeout(BROWSER_TIMEOUT_MS)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    authenticator = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    try:
        yield page, (cdp, authenticator["authenticatorId"])
    finally:
        context.close()
        server.stop()


def test_add_a_passkey_sign_in_with_it_and_sign_an_agreement(app, localhost_page, build, people):
    page, (cdp, authenticator_id) = localhost_page
    school = people["school"]
    agreement_id = build("awaiting")

    # Signed in with password and app code, the user adds a passkey on the account page.
    browser_login(page, school.email)
    page.goto("/account")
    page.get_by_label("Naam van de passkey").fill("Laptop van Jan")
    page.get_by_role("button", name="Passkey toevoegen").click()
    page.get_by_text("De passkey is toegevoegd.").wait_for()
    assert page.get_by_role("cell", name="Laptop van Jan", exact=True).is_visible()
    credentials = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator_id})
    assert len(credentials["credentials"]) == 1
    page.get_by_role("button", name="Afmelden").click()
    page.wait_for_load_state()

    # Password, then the passkey instead of a code.
    page.goto("/aanmelden")
    page.get_by_label("E-mailadres").fill(school.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_url("**/aanmelden/code")
    page.get_by_role("button", name="Gebruik uw passkey").click()
    page.wait_for_url("**/portaal/")
    assert page.locator("header").get_by_text(school.name).is_visible()

    # Confirming with the passkey before signing; the signature records it.
    page.goto(f"/bevestigen?next=/portaal/{agreement_id}")
    page.get_by_role("button", name="Gebruik uw passkey").click()
    page.get_by_text("Bevestigd. U kunt nu binnen vijf minuten ondertekenen.").wait_for()
    page.fill("#confirmation", "AKKOORD")
    asked: list[str] = []  # signing asks for confirmation in a dialog (static/js/app.js)
    page.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    page.get_by_role("button", name="Ondertekenen").click()
    page.get_by_text("namens de school ondertekend").wait_for(timeout=60_000)
    assert len(asked) == 1

    with app.app_context():
        assert load(agreement_id).signature_of(Party.CONTROLLER).method == "passkey"
        passkey = db.session.scalars(sa.select(Passkey)).one()
        assert passkey.name == "Laptop van Jan" and passkey.last_used_at is not None
        assert passkey.sign_count >= 2  # Chromium's authenticator counts every use
