"""Staff screens over HTTP: prepare, validate, send, download, stale forms, failed renders."""

from __future__ import annotations

import hashlib
import re

import sqlalchemy as sa

from register.agreements.documents.storage import AgreementDocument, AgreementSnapshot
from register.agreements.models import Agreement
from register.agreements.sending import send_job_of
from register.agreements.states import AgreementState
from register.audit.models import AuditEntry
from register.extensions import db
from register.jobs.models import JobState
from tests.agreements.conftest import load
from tests.conftest import AuthActions

VALID = {
    "products": "",
    "template": "convenant-4.0/1",
    "title": "Verwerkersovereenkomst Digitale Onderwijsmiddelen",
    "term_start": "2026-08-01",
    "term_end": "",
    "notice_period_months": "3",
    "controller_signatory_name": "J. de Vries",
    "controller_signatory_function": "Bestuurder",
    "processor_signatory_name": "M. Bakker",
    "processor_signatory_function": "Directeur",
    "controller_privacy_name": "A. Jansen",
    "controller_privacy_email": "privacy@school.example",
    "processor_breach_name": "Security KPC",
    "processor_breach_email": "datalek@kpcgroep.nl",
    "deviations": "Artikel 13: zes weken in plaats van vier",
}


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_create_validates_in_dutch_and_keeps_input(app, client, auth, reg, people):
    auth.login_as(people["privacy"])
    found = client.get("/overeenkomsten/nieuw?q=voorbeeld")
    assert "Stichting Voorbeeldscholen" in found.text
    form = client.get(f"/overeenkomsten/nieuw?school={reg.school_id}")
    assert form.status_code == 200 and "DOENIN" in form.text and "Scholing voor Arbeid" in form.text

    bad = dict(
        VALID,
        products=str(reg.product_id),
        term_end="2026-01-01",
        controller_signatory_name="",
        controller_privacy_email="geen-adres",
        deviations="zonder dubbele punt",
        notice_period_months="9" * 400,  # WTForms' NumberRange overflowed on it: a 500
    )
    response = client.post(f"/overeenkomsten/nieuw?school={reg.school_id}", data=bad)
    assert response.status_code == 200
    for message in (
        "Kies een opzegtermijn van 0 tot en met 36 maanden.",
        "De einddatum ligt vóór de ingangsdatum.",
        "Vul dit veld in.",
        "Dit is geen geldig e-mailadres",
        "Regel 1: schrijf elke afwijking",
    ):
        assert message in response.text
    assert "A. Jansen" in response.text  # what the user typed is kept
    with app.app_context():
        assert count(Agreement) == 0

    good = dict(VALID, products=str(reg.product_id))
    response = client.post(f"/overeenkomsten/nieuw?school={reg.school_id}", data=good)
    assert response.status_code == 302
    with app.app_context():
        agreement = db.session.scalars(sa.select(Agreement)).one()
        assert agreement.number.startswith("VO-") and agreement.state is AgreementState.DRAFT
        assert [p.code for p in agreement.products] == ["DOENIN"]
        assert [li.id for li in agreement.licences] == [reg.licence_id]
        assert agreement.template_id == "convenant-4.0"
        assert agreement.deviations == [
            {"article": "Artikel 13", "text": "zes weken in plaats van vier"}
        ]
        assert agreement.particulars["controller_signatory"]["function"] == "Bestuurder"


def test_a_product_without_licence_is_refused(app, client, auth, reg, people, make_product):
    extra = make_product(name="Zonder licentie")
    auth.login_as(people["privacy"])
    data = dict(VALID, products=[str(reg.product_id)])
    # Not offered as a choice: the form refuses it next to the field.
    response = client.post(
        f"/overeenkomsten/nieuw?school={reg.school_id}",
        data={**data, "products": [str(reg.product_id), str(extra.id)]},
    )
    assert response.status_code == 200
    assert "is een ongeldige keuze voor dit veld" in response.text
    with app.app_context():
        assert count(Agreement) == 0


def test_send_and_download_serve_the_stored_bytes(app, client, auth, build, people, run_jobs):
    agreement_id = build("draft")
    auth.login_as(people["privacy"])
    with app.app_context():
        version = load(agreement_id).version
    response = client.post(f"/overeenkomsten/{agreement_id}/verzenden", data={"version": version})
    assert response.status_code == 302
    with app.app_context():
        assert load(agreement_id).state is AgreementState.DRAFT  # queued, not rendered yet
    run_jobs(app, wait=0)
    with app.app_context():
        agreement = load(agreement_id)
        assert agreement.state is AgreementState.IN_REVIEW
        stored = agreement.document_sha256
    download = client.get(f"/overeenkomsten/{agreement_id}/document/overeenkomst")
    assert download.status_code == 200
    assert download.mimetype == "application/pdf"
    assert hashlib.sha256(download.data).hexdigest() == stored
    assert download.headers["Cache-Control"] == "no-store"
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert "VO-" in download.headers["Content-Disposition"]
    again = client.get(f"/overeenkomsten/{agreement_id}/document/overeenkomst")
    assert again.data == download.data
    with app.app_context():
        downloads = db.session.scalars(
            sa.select(AuditEntry).where(AuditEntry.action == "download")
        ).all()
        assert len(downloads) == 2 and downloads[0].entity_id == str(agreement_id)
    assert client.get(f"/overeenkomsten/{agreement_id}/document/ondertekend").status_code == 404
    assert client.get(f"/overeenkomsten/{agreement_id}/document/iets").status_code == 404


def test_a_stale_form_changes_nothing(app, client, auth, build, people):
    agreement_id = build("draft")
    auth.login_as(people["privacy"])
    response = client.post(
        f"/overeenkomsten/{agreement_id}/verzenden",
        data={"version": "999"},
        follow_redirects=True,
    )
    assert "Iemand anders heeft deze overeenkomst intussen gewijzigd" in response.text
    with app.app_context():
        assert load(agreement_id).state is AgreementState.DRAFT
        assert count(AgreementDocument) == 0


def test_a_timed_out_render_over_http_leaves_the_draft(make_app, reg, people, run_jobs):
    app = make_app(PDF_RENDER_TIMEOUT=0.01)
    client = app.test_client()
    AuthActions(client).login(people["privacy"].email)
    with app.app_context():
        from register.agreements.services import create_agreement

        agreement = create_agreement(db.session, reg.command())
        db.session.commit()
        agreement_id, version = agreement.id, agreement.version
    client.post(f"/overeenkomsten/{agreement_id}/verzenden", data={"version": version})
    run_jobs(app, wait=30)
    with app.app_context():
        job = send_job_of(db.session, agreement_id)
        assert (job.state, job.attempts) == (JobState.FAILED, 3)  # retried with back-off
    response = client.get(f"/overeenkomsten/{agreement_id}")
    assert "Refresh" not in response.headers
    # The render is stopped at its time limit. On a busy machine the pool may see the stopped
    # process before the time-out, and then says so instead; either way the reason is shown.
    assert re.search(
        r"Opmaken en verzenden is mislukt: Het document kon niet (binnen 0\.01 seconden "
        r"worden opgemaakt|worden opgemaakt: het opmaakproces is onverwacht gestopt)\.",
        response.text,
    )
    with app.app_context():
        agreement = load(agreement_id)
        assert agreement.state is AgreementState.DRAFT and agreement.sent_count == 0
        assert count(AgreementDocument) == 0 and count(AgreementSnapshot) == 0


def test_staff_pages_and_permissions(app, client, auth, build, people, reg):
    agreement_id = build("draft")
    auth.login_as(people["auditor"])
    for url in (
        "/overeenkomsten/",
        f"/overeenkomsten/{agreement_id}",
        "/overeenkomsten/verwerkersregister",
        "/overeenkomsten/zonder-overeenkomst",
        "/overeenkomsten/drift",
    ):
        assert client.get(url).status_code == 200, url
    assert client.get("/overeenkomsten/nieuw").status_code == 403
    assert client.post(f"/overeenkomsten/{agreement_id}/annuleren").status_code == 403
    auth.logout()
    auth.login_as(people["school"])
    assert client.get("/overeenkomsten/").status_code == 403
    assert client.get(f"/overeenkomsten/{agreement_id}/document/overeenkomst").status_code == 403


def test_processor_record_and_uncovered_licences(app, client, auth, build, people):
    build("in_review")
    auth.login_as(people["privacy"])
    record = client.get("/overeenkomsten/verwerkersregister").text
    assert "Stichting Voorbeeldscholen" in record and "Andere Scholengroep" in record
    assert "Ter beoordeling bij de school" in record and "Geen overeenkomst" in record
    uncovered = client.get("/overeenkomsten/zonder-overeenkomst").text
    # The school's DOENIN licence is covered (in review); its SVA licence and the other
    # school's DOENIN licence are not.
    assert uncovered.count("<tr>") == 1 + 2
    assert "Andere Scholengroep" in uncovered and "Scholing voor Arbeid" in uncovered
