"""In a real browser: cancelling a draft asks first; dismissing the dialog does nothing,
accepting it cancels."""

from __future__ import annotations

import pytest

from register.agreements.states import AgreementState
from tests.agreements.conftest import load
from tests.conftest import browser_login

pytestmark = pytest.mark.browser


def test_cancel_asks_in_a_dialog(page, app, build, people):
    agreement_id = build("draft")
    browser_login(page, people["privacy"].email)
    page.goto(f"/overeenkomsten/{agreement_id}")
    # With JavaScript the dialog asks instead of the tick.
    cancel = page.locator("form[action$='/annuleren']")
    assert not cancel.get_by_label("Ik bevestig deze handeling").is_visible()

    asked: list[str] = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    cancel.get_by_role("button", name="Annuleren").click()
    page.wait_for_timeout(500)
    assert asked and "annuleren?" in asked[0]
    with app.app_context():
        assert load(agreement_id).state is AgreementState.DRAFT

    page.once("dialog", lambda dialog: dialog.accept())
    cancel.get_by_role("button", name="Annuleren").click()
    page.get_by_text("Het concept is geannuleerd.").wait_for()
    with app.app_context():
        assert load(agreement_id).state is AgreementState.CANCELLED
