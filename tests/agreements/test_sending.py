"""Sending as a job: the click queues, a real worker renders, stores and e-mails once."""

from __future__ import annotations

import time

import pytest
import sqlalchemy as sa

from register.agreements.documents.storage import AgreementDocument, AgreementSnapshot, DocumentKind
from register.agreements.sending import KIND, send_job_of
from register.agreements.states import AgreementState
from register.audit.models import AuditEntry
from register.audit.verify import verify_chain
from register.extensions import db
from register.jobs.models import Job, JobState
from register.jobs.runner import run_job
from tests.agreements.conftest import kill_at_step, load
from tests.conftest import AuthActions
from tests.jobs.conftest import queue_settings, worker_process  # noqa: F401 (fixtures)


@pytest.fixture
def app(make_app, smtp_server):
    return make_app(MAIL_URL=smtp_server.url, PUBLIC_BASE_URL="https://register.example.nl")


def count(model, *where) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def _click(client, agreement_id: int, version: int):
    return client.post(f"/overeenkomsten/{agreement_id}/verzenden", data={"version": version})


def test_the_page_follows_the_job_and_the_school_is_mailed_once(
    app, client, auth, build, people, smtp_server, run_jobs
):
    agreement_id = build("draft")
    auth.login_as(people["privacy"])
    with app.app_context():
        version = load(agreement_id).version
    assert _click(client, agreement_id, version).status_code == 302
    assert _click(client, agreement_id, version).status_code == 302  # a double click

    waiting = client.get(f"/overeenkomsten/{agreement_id}")
    assert waiting.headers["Refresh"] == "3"
    assert "In de wachtrij" in waiting.text
    assert "De overeenkomst wordt opgemaakt en verzonden" in waiting.text
    assert "Opmaken en verzenden</button>" not in waiting.text
    with app.app_context():
        assert count(Job, Job.kind == KIND) == 1  # the second click queued nothing
        assert count(AgreementDocument) == 0

    run_jobs(app)
    done = client.get(f"/overeenkomsten/{agreement_id}")
    assert "Refresh" not in done.headers
    assert "ter beoordeling naar de school gestuurd" in done.text
    with app.app_context():
        agreement = load(agreement_id)
        assert (agreement.state, agreement.sent_count) == (AgreementState.IN_REVIEW, 1)
        job = send_job_of(db.session, agreement_id)
        assert (job.state, job.attempts) == (JobState.DONE, 1)
        assert count(AgreementSnapshot) == 1
        assert count(AgreementDocument, AgreementDocument.kind == DocumentKind.ORIGINAL) == 1
        sends = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "send")).all()
        assert [s.actor_email for s in sends] == [people["privacy"].email]
    assert sorted(smtp_server.recipients()) == sorted(
        [people["school"].email, people["reviewer"].email]
    )


def test_a_job_run_twice_or_a_second_job_sends_nothing_twice(
    app, client, auth, build, people, smtp_server, run_jobs
):
    agreement_id = build("draft")
    auth.login_as(people["privacy"])
    with app.app_context():
        version = load(agreement_id).version
    _click(client, agreement_id, version)
    run_jobs(app)
    with app.app_context():
        job = send_job_of(db.session, agreement_id)
        first_id, params = job.id, dict(job.params)
        # The same task delivered again after its row was reset (a lost acknowledgement),
        # and a second job for the same send (queued by another host before it saw the first).
        job.state, job.claimed_until = JobState.QUEUED, None
        db.session.add(Job(kind=KIND, params=params, created_by_id=people["privacy"].id))
        db.session.commit()
        second_id = db.session.scalar(sa.select(sa.func.max(Job.id)))
    run_job.call_local(first_id)
    run_job.call_local(second_id)
    run_jobs(app)
    with app.app_context():
        assert load(agreement_id).sent_count == 1
        assert db.session.get(Job, second_id).state is JobState.DONE
        assert count(AgreementSnapshot) == 1
        assert count(AgreementDocument, AgreementDocument.kind == DocumentKind.ORIGINAL) == 1
        assert count(AuditEntry, AuditEntry.action == "send") == 1
    assert len(smtp_server.messages) == 2  # the two school users, once each


def test_a_draft_changed_after_the_click_fails_at_once_with_the_reason(
    app, client, auth, build, people, run_jobs
):
    agreement_id = build("draft")
    auth.login_as(people["privacy"])
    with app.app_context():
        version = load(agreement_id).version
    _click(client, agreement_id, version)
    with app.app_context():
        load(agreement_id).title = "Gewijzigd na de klik"
        db.session.commit()
    run_jobs(app, wait=0)
    with app.app_context():
        job = send_job_of(db.session, agreement_id)
        assert (job.state, job.attempts) == (JobState.FAILED, 1)  # a refusal is not retried
        assert load(agreement_id).state is AgreementState.DRAFT
        assert count(AgreementDocument) == 0
    page = client.get(f"/overeenkomsten/{agreement_id}")
    assert "Opmaken en verzenden is mislukt: Iemand anders heeft" in page.text
    assert "Opmaken en verzenden</button>" in page.text  # may be tried again


def test_sending_is_refused_in_the_request_when_the_draft_cannot_be_sent(
    app, client, auth, build, people
):
    agreement_id = build("in_review")
    auth.login_as(people["privacy"])
    with app.app_context():
        version = load(agreement_id).version
    response = _click(client, agreement_id, version)
    assert response.status_code == 302
    with app.app_context():
        assert count(Job, Job.kind == KIND) == 0


@pytest.mark.slow
def test_a_worker_killed_mid_send_leaves_the_draft_and_the_next_one_sends_once(
    make_app,
    reg,
    people,
    smtp_server,
    queue_settings,  # noqa: F811
    worker_process,  # noqa: F811
):
    app = make_app(MAIL_URL=smtp_server.url, JOB_LEASE_SECONDS=2, **queue_settings)
    client = app.test_client()
    AuthActions(client).login(people["privacy"].email)
    with app.app_context():
        from register.agreements.services import create_agreement

        agreement = create_agreement(db.session, reg.command())
        db.session.commit()
        agreement_id, version = agreement.id, agreement.version
    _click(client, agreement_id, version)

    # SIGKILL in the middle of the render: its transaction never commits
    kill_at_step(app, worker_process(app), send_job_of, agreement_id, "render")
    with app.app_context():
        agreement = load(agreement_id)
        assert (agreement.state, agreement.sent_count) == (AgreementState.DRAFT, 0)
        assert count(AgreementDocument) == 0 and count(AgreementSnapshot) == 0
        with db.engine.connect() as connection:
            assert verify_chain(connection).ok  # `audit verify` after the kill

    time.sleep(2.5)  # the dead worker's claim runs out
    restarted = worker_process(app, "--burst")
    output, _ = restarted.communicate(timeout=120)
    assert restarted.returncode == 0, output
    with app.app_context():
        agreement = load(agreement_id)
        assert (agreement.state, agreement.sent_count) == (AgreementState.IN_REVIEW, 1)
        assert count(AgreementSnapshot) == 1
        assert send_job_of(db.session, agreement_id).state is JobState.DONE
        with db.engine.connect() as connection:
            assert verify_chain(connection).ok
    assert smtp_server.wait_for(2)
    assert sorted(smtp_server.recipients()) == sorted(
        [people["school"].email, people["reviewer"].email]
    )
