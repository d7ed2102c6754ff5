"""Playwright's driver and Debian's chromium work together (versions differ)."""

import pytest

from tests.conftest import browser_login

pytestmark = pytest.mark.browser


def test_sign_in_in_a_real_browser(page, make_user):
    user = make_user()
    browser_login(page, user.email)
    assert page.locator("header").get_by_text(user.name).is_visible()
