"""A request's whole journey in a real browser: the public form, handling, forward, closing."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from register.auth.models import UserRole
from register.extensions import db
from register.organisations.models import OrganisationKind
from register.subject_requests.models import Outcome, SubjectRequest
from tests.conftest import browser_login

pytestmark = pytest.mark.browser


def test_public_form_to_closing_with_answer_letter(
    page, live_server, make_user, make_activity, run_jobs, tmp_path: Path
):
    staff = make_user(UserRole.PRIVACY, name="Pia Privacy")
    make_activity(name="Trainingen en opleidingen", data_source="Aanmeldformulier")

    # A visitor finds the form through the privacy statement and sends a request.
    page.goto("/privacyverklaring")
    page.get_by_role("link", name="Een verzoek over uw gegevens indienen").click()
    page.get_by_label("Wat wilt u?").select_option(label="Inzage")
    page.get_by_label("Uw naam").fill("Fatima el Amrani")
    page.get_by_label("Uw e-mailadres").fill("fatima@example.nl")
    page.get_by_label("Uw verzoek").fill("Welke gegevens heeft u van mij uit de training?")
    page.wait_for_timeout(3200)  # a person takes longer than the spam check's minimum
    page.get_by_role("button", name="Verzoek versturen").click()
    page.get_by_text("Uw verzoek is ontvangen").first.wait_for()
    reference = page.locator("p", has_text="Uw kenmerk is").inner_text().split()[3].rstrip(".")

    # Privacy staff pick it up, name the activity and the handler.
    browser_login(page, staff.email)
    page.goto("/verzoeken/")
    page.get_by_role("link", name=reference).click()
    page.get_by_role("link", name="Bewerken").click()
    page.get_by_label("Behandelaar").select_option(label="Pia Privacy")
    page.get_by_label("Verwerkingen met gegevens van de verzoeker").select_option(
        label="Trainingen en opleidingen"
    )
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text("Het verzoek is gewijzigd.").wait_for()

    # Closing before the identity is established is refused, with a reason.
    page.get_by_label("Uitkomst").select_option(label="Ingewilligd")
    page.get_by_role("button", name="Afsluiten").click()
    page.get_by_text("pas ingewilligd nadat de identiteit").wait_for()

    page.get_by_label("Hoe is de identiteit gecontroleerd?").fill("Kopie ID, BSN afgeschermd")
    page.get_by_role("button", name="Controle vastleggen").click()
    page.get_by_text("De identiteitscontrole is vastgelegd.").wait_for()

    page.get_by_label("Reden van de verlenging").fill("Gegevens in drie systemen")
    page.get_by_role("button", name="Verlengen", exact=True).click()
    page.get_by_text("De termijn is verlengd.").wait_for()

    page.get_by_label("Uitkomst").select_option(label="Ingewilligd")
    page.get_by_label("Antwoord aan de verzoeker").fill("Hieronder staan uw gegevens.")
    page.get_by_role("button", name="Afsluiten").click()
    page.get_by_text("Het verzoek is afgesloten.").wait_for()

    # A worker makes the letter (issue 9): the button queues it, its page follows it.
    page.get_by_role("button", name="Antwoordbrief (PDF)").click()
    page.get_by_role("heading", name="Antwoordbrief als PDF").wait_for()
    page.get_by_text("In de wachtrij").wait_for()
    run_jobs(live_server_app(live_server), wait=0)
    page.reload()
    with page.expect_download(timeout=60_000) as download_info:
        page.get_by_role("link", name="downloaden").click(timeout=60_000)
    target = tmp_path / "brief.pdf"
    download_info.value.save_as(target)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(target).pages).split())
    assert reference in text and "Trainingen en opleidingen" in text
    assert "Hieronder staan uw gegevens." in text

    with live_server_app(live_server).app_context():
        found = db.session.scalars(sa.select(SubjectRequest)).one()
        assert found.outcome is Outcome.GRANTED
        assert found.handler_id == staff.id
        assert found.extension_months == 1


def test_staff_intake_and_forward_to_the_school(page, live_server, make_user, make_organisation):
    staff = make_user(UserRole.PRIVACY)
    make_organisation(
        OrganisationKind.SCHOOL, name="Stichting De Linde", privacy_contact_email="fg@linde.nl"
    )
    browser_login(page, staff.email)
    page.goto("/verzoeken/nieuw")
    page.get_by_label("Soort verzoek").select_option(label="Verwijdering")
    page.get_by_label("Ontvangen via").select_option(label="Telefoon")
    page.get_by_label("Naam verzoeker").fill("Ouder van Sam")
    page.get_by_label("School (als de gegevens van een school zijn)").select_option(
        label="Stichting De Linde (01XX)"
    )
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text("Het verzoek is vastgelegd.").wait_for()
    page.get_by_role("button", name="Doorsturen").click()
    page.get_by_text("Het verzoek is doorgestuurd naar de school.").wait_for()
    assert "fg@linde.nl" in page.locator("dl.record").inner_text()
    page.get_by_label("Uitkomst").select_option(label="Doorgestuurd naar de school")
    page.get_by_role("button", name="Afsluiten").click()
    page.get_by_text("Het verzoek is afgesloten.").wait_for()
    with live_server_app(live_server).app_context():
        found = db.session.scalars(sa.select(SubjectRequest)).one()
        assert found.outcome is Outcome.FORWARDED and found.forwarded_to == "fg@linde.nl"


def live_server_app(live_server):
    return live_server._server.app
