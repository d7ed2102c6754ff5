"""The sign-in journey in a real browser (CSRF on, as in production)."""

import pyotp
import pytest

from register.auth.models import UserRole
from tests.conftest import browser_login

pytestmark = pytest.mark.browser


def test_wrong_password_then_sign_in_and_out(page, make_user):
    user = make_user(UserRole.PRIVACY)
    browser_login(page, user.email, "dit is niet het wachtwoord")
    assert page.get_by_text("Het e-mailadres of wachtwoord is onjuist").is_visible()
    assert page.get_by_label("E-mailadres").input_value() == user.email
    browser_login(page, user.email)
    header = page.locator("header")
    assert header.get_by_text(user.name).is_visible()
    header.get_by_role("button", name="Afmelden").click()
    page.wait_for_load_state()
    assert page.get_by_text("U bent afgemeld.").is_visible()
    page.goto("/account")
    assert page.get_by_role("heading", name="Aanmelden").is_visible()


def test_auditor_sees_no_access_on_a_staff_editing_page(page, make_user):
    auditor = make_user(UserRole.AUDITOR)
    browser_login(page, auditor.email)
    response = page.goto("/gebruikers/uitnodigen")
    assert response.status == 403
    assert page.get_by_role("heading", name="Geen toegang").is_visible()
    assert page.locator("nav").get_by_text("Gebruikers").count() == 0


def test_admin_invites_and_the_link_sets_a_password(page, browser, live_server, make_user):
    admin = make_user(UserRole.ADMIN)
    browser_login(page, admin.email)
    page.goto("/gebruikers/uitnodigen")
    page.get_by_label("Naam").fill("Nina Nieuw")
    page.get_by_label("E-mailadres").fill("nina@example.nl")
    page.get_by_label("Rol").select_option("auditor")
    page.get_by_role("button", name="Uitnodigen").click()
    page.wait_for_load_state()
    link = page.get_by_label("Eenmalige link").input_value()
    assert "/wachtwoord/" in link
    other = browser.new_context(locale="nl-NL")
    try:
        visitor = other.new_page()
        visitor.goto(link)
        visitor.get_by_label("Nieuw wachtwoord", exact=True).fill("nina haar lange wachtwoord")
        visitor.get_by_label("Herhaal het nieuwe wachtwoord").fill("nina haar lange wachtwoord")
        visitor.get_by_role("button", name="Wachtwoord opslaan").click()
        visitor.wait_for_load_state()
        assert visitor.locator("header").get_by_text("Nina Nieuw").is_visible()
    finally:
        other.close()


def test_a_signatory_sets_up_the_second_factor_at_first_sign_in(page, make_user, make_organisation):
    school = make_organisation()
    user = make_user(
        UserRole.CONTRACT_MANAGER, organisations=[school], signatory=True, second_factor=False
    )
    browser_login(page, user.email)
    assert page.get_by_role("heading", name="Tweede factor instellen").is_visible()
    assert page.locator("figure.totp-qr svg").is_visible()
    key = page.locator(".totp-secret").inner_text().replace(" ", "")
    page.get_by_label("Code", exact=True).fill("000000")
    page.get_by_role("button", name="Instellen").click()
    page.wait_for_load_state()
    assert page.get_by_text("Deze code is onjuist").is_visible()
    page.get_by_label("Code", exact=True).fill(pyotp.TOTP(key).now())
    page.get_by_role("button", name="Instellen").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Uw herstelcodes").is_visible()
    assert page.locator(".recovery-codes li").count() == 10
    page.get_by_role("link", name="Ik heb ze bewaard, ga verder").click()
    page.wait_for_load_state()
    assert page.url.endswith("/portaal/")
    assert page.locator("header").get_by_text(user.name).is_visible()
