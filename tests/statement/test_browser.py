"""The privacy officer's journey in a real browser: see the changes, publish, and the public
page shows the new version with its date while the earlier version stays readable."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from register.activities.models import Activity
from register.auth.models import UserRole
from register.calendar import today
from register.extensions import db
from register.organisations.models import Organisation, OrganisationKind
from register.templating import datum
from tests.conftest import browser_login
from tests.statement.conftest import build_register, publish_now, resolve_conflict

pytestmark = pytest.mark.browser


def test_officer_reviews_and_publishes_the_statement(page, live_server, make_user):
    app = live_server._server.app
    with app.app_context():
        build_register()
        resolve_conflict()
    publish_now(app)
    with app.app_context():
        newsletter = db.session.scalar(sa.select(Activity).where(Activity.name == "Nieuwsbrief"))
        newsletter.recipients.append(
            Organisation(kind=OrganisationKind.RECIPIENT, name="Drukkerij Zuid BV", location="")
        )
        db.session.commit()
    officer = make_user(UserRole.PRIVACY)

    # The public page still shows version 1: the register change is not published yet.
    page.goto("/privacyverklaring")
    page.locator(".statement-version", has_text="Versie 1, gepubliceerd op").wait_for()
    assert page.get_by_text("Drukkerij Zuid BV").count() == 0

    browser_login(page, officer.email)
    page.goto("/privacyverklaring")
    page.get_by_role("link", name="Wijzigingen bekijken").click()
    section = page.locator("section.statement-change", has_text="Delen met anderen")
    section.locator("ins", has_text="Drukkerij Zuid BV").wait_for()
    page.once("dialog", lambda dialog: dialog.accept())  # "Deze versie ... publiceren?"
    page.get_by_role("button", name="Publiceren").click()
    page.get_by_text("Versie 2 van de privacyverklaring is gepubliceerd.").wait_for()

    with app.test_request_context():
        published_on = datum(today(), "long")
    page.locator(
        ".statement-version", has_text=f"Versie 2, gepubliceerd op {published_on}"
    ).wait_for()
    page.get_by_text("Drukkerij Zuid BV").first.wait_for()

    page.get_by_role("link", name="Eerdere versies").click()
    page.get_by_role("link", name="Versie 1").click()
    page.get_by_text("Dit is een eerdere versie van de privacyverklaring.").wait_for()
    page.get_by_text("Dit is versie 1, gepubliceerd op").wait_for()
    assert page.get_by_text("Drukkerij Zuid BV").count() == 0
