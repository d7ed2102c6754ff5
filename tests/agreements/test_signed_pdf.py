"""The signed PDF as a job: the second signature queues it, a real worker renders, seals and
stores it once; the pages say it is being prepared until then; the e-mail follows the PDF."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import time

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from register.agreements.documents.storage import AgreementDocument, DocumentKind
from register.agreements.lifecycle import sign_agreement
from register.agreements.models import Signing
from register.agreements.signed_pdf import KIND, queue_signed_pdf, signed_pdf_job_of
from register.agreements.states import AgreementState, Party
from register.audit.models import AuditEntry
from register.audit.verify import verify_chain
from register.db import utcnow
from register.extensions import db
from register.jobs.models import Job, JobState
from register.jobs.runner import run_job
from register.mail.models import Message
from tests.agreements.conftest import kill_at_step, load, user
from tests.agreements.test_drift import count_queries
from tests.agreements.test_seal import _status, _trust
from tests.conftest import AuthActions, body_text
from tests.jobs.conftest import queue_settings, worker_process  # noqa: F401 (fixtures)

PREPARING = "Ondertekende pdf wordt opgemaakt…"
SIGNED_LINK = "Ondertekende overeenkomst (PDF)"


@pytest.fixture
def app(make_app, smtp_server):
    return make_app(MAIL_URL=smtp_server.url, PUBLIC_BASE_URL="https://register.example.nl")


def count(model, *where) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def signed_documents() -> int:
    return count(AgreementDocument, AgreementDocument.kind == DocumentKind.SIGNED)


def signed_mail() -> list[str]:
    """Who the "signed" e-mail was written to (one row per recipient)."""
    return sorted(
        db.session.scalars(
            sa.select(Message.recipient).where(Message.template == "agreement_signed")
        )
    )


def both_parties(people) -> list[str]:
    """The school's users and the staff member who prepared, sent and signed it."""
    return sorted(people[name].email for name in ("school", "reviewer", "privacy"))


def _school_signed(app, build, people) -> int:
    """An agreement the school has signed; the company's signature is the second."""
    agreement_id = build("awaiting")
    with app.app_context():
        agreement = load(agreement_id)
        sign_agreement(
            db.session,
            agreement,
            Party.CONTROLLER,
            Signing("Jan de Vries", "Bestuurder", "AKKOORD"),
            user=user(db.session, people["school"]),
            ip="198.51.100.7",
        )
        db.session.commit()
    return agreement_id


def _both_signed(app, client, auth, build, people) -> int:
    """The school signed in the service, the company over HTTP: the job is queued."""
    agreement_id = _school_signed(app, build, people)
    auth.login_as(people["privacy"])
    _sign_for_company(app, client, agreement_id)
    return agreement_id


def _sign_for_company(app, client, agreement_id: int):
    with app.app_context():
        version = load(agreement_id).version
    form = {
        "version": version,
        "name": "Pia Privacy",
        "function": "Directeur",
        "confirmation": "AKKOORD",
    }
    return client.post(f"/overeenkomsten/{agreement_id}/ondertekenen", data=form)


def test_the_second_signature_queues_the_pdf_the_worker_stores_it_sealed_then_mails(
    app, client, auth, build, people, smtp_server, run_jobs
):
    agreement_id = _school_signed(app, build, people)
    run_jobs(app)
    before = len(smtp_server.messages)  # the approval's messages
    auth.login_as(people["privacy"])
    assert _sign_for_company(app, client, agreement_id).status_code == 302

    with app.app_context():
        agreement = load(agreement_id)
        assert agreement.state is AgreementState.SIGNED and agreement.signed_at is not None
        assert agreement.signed_document_sha256 is None
        assert signed_documents() == 0
        assert signed_mail() == []  # the message links to the PDF: not before it exists
        job = signed_pdf_job_of(db.session, agreement_id)
        assert job is not None and job.state is JobState.QUEUED
        signs = db.session.scalars(
            sa.select(AuditEntry.summary).where(AuditEntry.action == "sign").order_by(AuditEntry.id)
        ).all()
        assert signs[-1].endswith("ondertekend door de verwerker")
    with app.app_context(), count_queries() as statements:
        waiting = client.get(f"/overeenkomsten/{agreement_id}")
    assert waiting.headers["Refresh"] == "3"
    assert PREPARING in waiting.text and SIGNED_LINK not in waiting.text
    # The send job and the signed PDF's job, each read once.
    assert len([s for s in statements if "FROM job" in s]) == 2
    # No reason to type while the page refreshes itself: terminating waits for the PDF.
    terminate = f'action="/overeenkomsten/{agreement_id}/beeindigen"'
    assert terminate not in waiting.text
    assert "Beëindigen kan zodra de ondertekende pdf is opgemaakt" in waiting.text
    early = client.get(f"/overeenkomsten/{agreement_id}/document/ondertekend")
    assert early.status_code == 503 and early.headers["Retry-After"] == "30"
    assert "De ondertekende pdf wordt nog opgemaakt" in early.text
    assert len(smtp_server.messages) == before

    run_jobs(app)
    with app.app_context():
        agreement = load(agreement_id)
        [document] = db.session.scalars(
            sa.select(AgreementDocument).where(AgreementDocument.kind == DocumentKind.SIGNED)
        ).all()
        assert agreement.signed_document_sha256 == document.sha256
        assert signed_pdf_job_of(db.session, agreement_id).state is JobState.DONE
        stored = db.session.scalars(
            sa.select(AuditEntry).where(AuditEntry.action == "store_signed_pdf")
        ).all()
        assert [entry.actor_email for entry in stored] == [people["privacy"].email]
        # The e-mail was written in the transaction that stored the PDF, not before it.
        mail = db.session.scalars(
            sa.select(Message).where(Message.template == "agreement_signed")
        ).all()
        assert sorted(m.recipient for m in mail) == both_parties(people)
        assert all(message.created_at >= document.created_at for message in mail)
    done = client.get(f"/overeenkomsten/{agreement_id}")
    assert "Refresh" not in done.headers
    assert PREPARING not in done.text and SIGNED_LINK in done.text
    assert terminate in done.text
    download = client.get(f"/overeenkomsten/{agreement_id}/document/ondertekend")
    assert download.status_code == 200
    assert hashlib.sha256(download.data).hexdigest() == document.sha256
    assert "Ondertekeningsblad" in PdfReader(io.BytesIO(download.data)).pages[-1].extract_text()
    status = _status(download.data, _trust(app))  # the seal, read back from the stored bytes
    assert status.intact and status.valid and status.coverage.name == "ENTIRE_FILE"

    arrived = smtp_server.messages[before:]
    assert sorted(str(message["To"]) for message in arrived) == both_parties(people)
    school = next(m for m in arrived if m["To"] == people["school"].email)
    assert "is door beide partijen ondertekend" in body_text(school)
    assert "De ondertekende PDF staat in het portaal" in body_text(school)


def test_a_job_run_twice_or_a_second_job_stores_one_signed_pdf(
    app, client, auth, build, people, smtp_server, run_jobs
):
    agreement_id = _both_signed(app, client, auth, build, people)
    assert _sign_for_company(app, client, agreement_id).status_code == 302  # a double click
    with app.app_context():
        assert count(Job, Job.kind == KIND) == 1
    run_jobs(app)
    with app.app_context():
        job = signed_pdf_job_of(db.session, agreement_id)
        first_id = job.id
        # The same task delivered again after its row was reset (a lost acknowledgement),
        # and a second job for the same agreement.
        second = queue_signed_pdf(db.session, load(agreement_id), user_id=None)
        job.state, job.claimed_until = JobState.QUEUED, None
        db.session.commit()
        second_id = second.id
    assert second_id != first_id
    run_job.call_local(first_id)
    run_job.call_local(second_id)
    run_jobs(app)
    with app.app_context():
        assert db.session.get(Job, second_id).state is JobState.DONE
        assert signed_documents() == 1
        assert count(AuditEntry, AuditEntry.action == "store_signed_pdf") == 1
        assert signed_mail() == both_parties(people)  # once each, keyed by the signing


def test_a_worker_killed_mid_job_left_nothing_and_the_next_worker_stores_it(
    app, client, auth, build, people, run_jobs
):
    agreement_id = _both_signed(app, client, auth, build, people)
    with app.app_context():
        # What a worker killed during the render leaves: the job claimed and running, its
        # progress committed, the render's transaction never committed; the claim ran out.
        job = signed_pdf_job_of(db.session, agreement_id)
        job.state, job.step = JobState.RUNNING, "render_signed"
        job.claimed_until = utcnow() - dt.timedelta(seconds=1)
        db.session.commit()
        assert signed_documents() == 0
    assert "Refresh" in client.get(f"/overeenkomsten/{agreement_id}").headers
    run_jobs(app)  # the new worker's recovery queues the job again
    with app.app_context():
        assert signed_pdf_job_of(db.session, agreement_id).state is JobState.DONE
        assert signed_documents() == 1


def test_the_portal_says_it_is_being_prepared_until_the_worker_stored_it(
    app, client, auth, build, people, run_jobs
):
    agreement_id = build("awaiting")
    with app.app_context():
        sign_agreement(
            db.session,
            load(agreement_id),
            Party.PROCESSOR,
            Signing("Pia Privacy", "Directeur", "AKKOORD"),
            user=user(db.session, people["privacy"]),
            ip="192.0.2.1",
        )
        db.session.commit()
        version = load(agreement_id).version
    auth.login_as(people["school"])
    signed = client.post(
        f"/portaal/{agreement_id}/ondertekenen",
        data={
            "version": version,
            "name": "Jan de Vries",
            "function": "Bestuurder",
            "confirmation": "AKKOORD",
        },
        follow_redirects=True,
    )
    assert "namens de school ondertekend" in signed.text
    with app.app_context(), count_queries() as statements:
        page = client.get(f"/portaal/{agreement_id}")
    assert page.headers["Refresh"] == "3"
    assert PREPARING in page.text and SIGNED_LINK not in page.text
    assert len([s for s in statements if "FROM job" in s]) == 1  # the signed PDF's job, once
    early = client.get(f"/portaal/{agreement_id}/document/ondertekend")
    assert early.status_code == 503 and "wordt nog opgemaakt" in early.text

    run_jobs(app)
    ready = client.get(f"/portaal/{agreement_id}")
    assert "Refresh" not in ready.headers
    assert PREPARING not in ready.text and SIGNED_LINK in ready.text
    download = client.get(f"/portaal/{agreement_id}/document/ondertekend")
    assert download.status_code == 200 and download.data.startswith(b"%PDF-")


def test_a_failing_render_is_shown_to_staff_with_the_reason_and_can_be_retried(
    app, client, auth, build, people, run_jobs
):
    agreement_id = _both_signed(app, client, auth, build, people)
    with app.app_context():
        job_id = signed_pdf_job_of(db.session, agreement_id).id
    timeout = app.config["PDF_RENDER_TIMEOUT"]
    app.config["PDF_RENDER_TIMEOUT"] = 0.001  # no PDF worker renders a page that fast
    try:
        for _attempt in range(2):  # failed renders are retried (a busy machine) ...
            with pytest.raises(Exception, match="seconden"):
                run_job.call_local(job_id)
        run_job.call_local(job_id)  # ... and the third failure is final
    finally:
        app.config["PDF_RENDER_TIMEOUT"] = timeout
    with app.app_context():
        job = db.session.get(Job, job_id)
        assert (job.state, job.attempts) == (JobState.FAILED, 3)
        assert signed_documents() == 0 and signed_mail() == []

    page = client.get(f"/overeenkomsten/{agreement_id}")
    assert "Refresh" not in page.headers
    assert "Het opmaken van de ondertekende pdf is mislukt:" in page.text
    assert "niet binnen 0.001 seconden worden opgemaakt" in page.text
    assert "Opnieuw proberen" in page.text
    auth.logout()
    auth.login_as(people["school"])
    portal = client.get(f"/portaal/{agreement_id}").text
    assert PREPARING in portal and "mislukt" not in portal  # the school is not shown why
    auth.logout()

    auth.login_as(people["auditor"])
    assert "Opnieuw proberen" not in client.get(f"/overeenkomsten/{agreement_id}").text
    assert client.post(f"/overeenkomsten/{agreement_id}/ondertekende-pdf").status_code == 403
    auth.logout()
    auth.login_as(people["privacy"])
    with app.app_context():
        version = load(agreement_id).version
    retried = client.post(
        f"/overeenkomsten/{agreement_id}/ondertekende-pdf",
        data={"version": version},
        follow_redirects=True,
    )
    assert "wordt opnieuw opgemaakt" in retried.text
    assert PREPARING in retried.text and "is mislukt" not in retried.text
    run_jobs(app)
    with app.app_context():
        assert signed_documents() == 1 and signed_mail() == both_parties(people)
        assert count(AuditEntry, AuditEntry.action == "retry_signed_pdf") == 1
    again = client.post(
        f"/overeenkomsten/{agreement_id}/ondertekende-pdf",
        data={"version": version},
        follow_redirects=True,
    )
    assert "heeft al een ondertekende pdf" in again.text


@pytest.mark.slow
def test_a_worker_killed_mid_render_stores_nothing_and_the_next_one_stores_it_once(
    make_app,
    reg,
    people,
    smtp_server,
    queue_settings,  # noqa: F811
    worker_process,  # noqa: F811
):
    app = make_app(MAIL_URL=smtp_server.url, JOB_LEASE_SECONDS=2, **queue_settings)
    client = app.test_client()
    with app.app_context():
        from register.agreements.lifecycle import move_agreement, send_agreement
        from register.agreements.services import create_agreement

        staff = user(db.session, people["privacy"])
        agreement = create_agreement(db.session, reg.command(), user_id=staff.id)
        send_agreement(db.session, agreement, user=staff, ip="", timeout=60)
        school = user(db.session, people["school"])
        move_agreement(db.session, agreement, "approve", user=school, ip="")
        sign_agreement(
            db.session,
            agreement,
            Party.CONTROLLER,
            Signing("Jan de Vries", "Bestuurder", "AKKOORD"),
            user=school,
            ip="",
        )
        db.session.commit()
        agreement_id = agreement.id
    AuthActions(client).login(people["privacy"].email)
    assert _sign_for_company(app, client, agreement_id).status_code == 302

    # SIGKILL in the middle of the render: its transaction never commits
    kill_at_step(app, worker_process(app), signed_pdf_job_of, agreement_id, "render_signed")
    with app.app_context():
        assert load(agreement_id).signed_document_sha256 is None
        assert signed_documents() == 0 and signed_mail() == []
        with db.engine.connect() as connection:
            assert verify_chain(connection).ok

    time.sleep(2.5)  # the dead worker's claim runs out
    restarted = worker_process(app, "--burst")
    output, _ = restarted.communicate(timeout=120)
    assert restarted.returncode == 0, output
    with app.app_context():
        assert signed_pdf_job_of(db.session, agreement_id).state is JobState.DONE
        assert signed_documents() == 1
        assert load(agreement_id).signed_document_sha256 is not None
        assert signed_mail() == both_parties(people)
        with db.engine.connect() as connection:
            assert verify_chain(connection).ok
