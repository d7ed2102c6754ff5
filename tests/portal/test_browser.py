"""The whole journey in a real browser, and tenant isolation as a contract manager sees it."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from register.jobs.worker import run_burst
from tests.conftest import LiveServer, browser_login

pytestmark = pytest.mark.browser


@pytest.fixture
def live_worker(live_server: LiveServer, reg) -> Iterator[None]:
    """A worker thread beside the live server: runs what is queued until the test ends."""
    app = live_server.app
    stop = threading.Event()

    def work() -> None:
        while not stop.is_set():
            run_burst(app)  # what is queued now (and what a dead worker left), then wait
            stop.wait(0.3)

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    yield
    stop.set()
    thread.join(timeout=60)


def sign_out(page) -> None:
    page.get_by_role("button", name="Afmelden").click()
    page.wait_for_load_state()


def test_prepare_send_review_sign_and_download(page, live_worker, reg, people, tmp_path: Path):
    compliance, school = people["privacy"], people["school"]

    # Compliance prepares the agreement and sends it.
    browser_login(page, compliance.email)
    page.goto("/overeenkomsten/nieuw")
    page.fill("#q", "Voorbeeld")
    page.get_by_role("button", name="Zoeken").click()
    page.get_by_role("link", name="Stichting Voorbeeldscholen (12AB)").click()
    page.get_by_label("Scholing voor Arbeid").uncheck()  # no processor activity yet
    page.fill("#term_start", "2026-08-01")
    page.fill("#controller_signatory_name", "Jan de Vries")
    page.fill("#controller_signatory_function", "Bestuurder")
    page.fill("#processor_signatory_name", "Pia Privacy")
    page.fill("#processor_signatory_function", "Directeur")
    page.fill("#controller_privacy_name", "A. Jansen")
    page.fill("#controller_privacy_email", "privacy@voorbeeldscholen.example")
    page.get_by_role("button", name="Concept opslaan").click()
    page.get_by_text("is opgesteld").wait_for()
    number = page.locator("h1").inner_text().split()[-1]
    # Sending queues a job; the page follows the worker until the school has it.
    page.get_by_role("button", name="Opmaken en verzenden").click()
    page.get_by_text("deze pagina toont de voortgang").wait_for()
    page.get_by_text("ter beoordeling naar de school gestuurd").wait_for(timeout=90_000)
    sign_out(page)

    # The school's authorised contract manager approves and signs.
    browser_login(page, school.email)
    page.goto("/portaal/")
    page.get_by_role("link", name=number).click()
    asked: list[str] = []
    page.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    page.get_by_role("button", name="Goedkeuren").click()
    page.get_by_text("U heeft de overeenkomst goedgekeurd").wait_for()
    assert asked == [f"De tekst van overeenkomst {number} goedkeuren?"]
    page.fill("#confirmation", number)
    page.get_by_role("button", name="Ondertekenen").click()
    page.get_by_text("namens de school ondertekend").wait_for()
    sign_out(page)

    # The company's signatory signs; the worker produces the signed PDF, which the page,
    # refreshing itself while it is being prepared, then offers.
    browser_login(page, compliance.email)
    page.goto("/overeenkomsten/")
    page.get_by_role("link", name=number).click()
    page.fill("#name", "Pia Privacy")
    page.fill("#function", "Directeur")
    page.fill("#confirmation", "AKKOORD")
    page.get_by_role("button", name="Ondertekenen").click()
    page.get_by_text("namens de verwerker ondertekend").wait_for(timeout=60_000)
    page.get_by_role("link", name="Ondertekende overeenkomst (PDF)").wait_for(timeout=90_000)
    sign_out(page)

    # The school downloads the signed PDF.
    browser_login(page, school.email)
    page.goto("/portaal/")
    page.get_by_role("link", name=number).click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Ondertekende overeenkomst (PDF)").click()
    download = download_info.value
    assert download.suggested_filename == f"{number}-ondertekend.pdf"
    target = tmp_path / "signed.pdf"
    download.save_as(target)
    data = target.read_bytes()
    assert data.startswith(b"%PDF-")
    last = " ".join(PdfReader(target).pages[-1].extract_text().split())
    assert "Ondertekeningsblad" in last and "Jan de Vries" in last and "Pia Privacy" in last


def test_another_schools_agreement_shows_the_404_page(page, build, people):
    agreement_id = build("in_review")
    browser_login(page, people["other"].email)
    response = page.goto(f"/portaal/{agreement_id}")
    assert response is not None and response.status == 404
    assert page.locator("h1").inner_text() == "Niet gevonden"
    response = page.goto(f"/portaal/{agreement_id}/bijsluiter/0")
    assert response is not None and response.status == 404
