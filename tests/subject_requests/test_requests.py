"""Data-subject requests: intake, identity, extension, forward, closing; services and HTTP."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from register.audit.concurrency import StaleObject
from register.audit.models import AuditEntry
from register.auth.models import UserRole
from register.extensions import db
from register.organisations.models import OrganisationKind
from register.subject_requests import errors, services
from register.subject_requests.models import (
    Channel,
    IdentityStatus,
    Outcome,
    RequestKind,
    RequestStatus,
    SubjectRequest,
)
from tests.subject_requests.conftest import request_form

TODAY = dt.date(2026, 11, 20)


def _command(**changes):
    values = {
        "kind": RequestKind.ERASURE,
        "channel": Channel.PHONE,
        "received_on": dt.date(2026, 1, 31),
        "requester_name": "Jan de Vries",
    }
    values.update(changes)
    return services.SubjectRequestCommand(**values)


def _only(session):
    return session.scalars(sa.select(SubjectRequest)).one()


def test_recording_computes_the_deadline_from_receipt(session):
    found = services.record_request(session, _command(), today=TODAY)
    assert found.due_on == dt.date(2026, 2, 28)
    assert found.status is RequestStatus.OPEN
    assert found.identity_status is IdentityStatus.UNVERIFIED
    assert found.reference == f"AVG-2026-{found.id:04d}"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"requester_name": "  "}, "requester_name"),
        ({"received_on": TODAY + dt.timedelta(days=1)}, "received_on"),
        ({"activity_ids": (999999,)}, "activity_ids"),
        ({"school_id": 999999}, "school_id"),
        ({"handler_id": 999999}, "handler_id"),
    ],
)
def test_intake_refuses_bad_input_at_its_field(session, changes, field):
    with pytest.raises(errors.RequestError) as refused:
        services.record_request(session, _command(**changes), today=TODAY)
    assert refused.value.field == field
    assert session.scalars(sa.select(SubjectRequest)).first() is None


def test_a_contract_manager_cannot_be_the_handler(session, make_user):
    manager = make_user(UserRole.CONTRACT_MANAGER)
    with pytest.raises(errors.RequestError):
        services.record_request(session, _command(handler_id=manager.id), today=TODAY)


def test_extension_moves_the_deadline_and_records_reason_and_notice(session):
    found = services.record_request(session, _command(), today=TODAY)
    services.extend_deadline(
        session,
        found,
        months=2,
        reason="Veel gegevens in drie systemen.",
        noticed_on=dt.date(2026, 2, 20),
        seen_version=found.version,
    )
    assert found.due_on == dt.date(2026, 4, 30)
    assert (found.extension_months, found.extension_noticed_on) == (2, dt.date(2026, 2, 20))


@pytest.mark.parametrize(
    ("months", "reason", "noticed_on", "field"),
    [
        (3, "te lang", dt.date(2026, 2, 1), "months"),
        (1, "", dt.date(2026, 2, 1), "reason"),
        # Told after the original deadline (28 February): too late to extend.
        (1, "complex", dt.date(2026, 3, 1), "noticed_on"),
        (1, "complex", dt.date(2026, 1, 30), "noticed_on"),
    ],
)
def test_extension_refusals(session, months, reason, noticed_on, field):
    found = services.record_request(session, _command(), today=TODAY)
    with pytest.raises(errors.RequestError) as refused:
        services.extend_deadline(
            session,
            found,
            months=months,
            reason=reason,
            noticed_on=noticed_on,
            seen_version=found.version,
        )
    assert refused.value.field == field
    assert found.due_on == dt.date(2026, 2, 28)


def test_only_one_extension(session):
    found = services.record_request(session, _command(), today=TODAY)
    services.extend_deadline(
        session, found, months=1, reason="x", noticed_on=dt.date(2026, 2, 1), seen_version=1
    )
    with pytest.raises(errors.RequestError):
        services.extend_deadline(
            session,
            found,
            months=1,
            reason="x",
            noticed_on=dt.date(2026, 2, 1),
            seen_version=found.version,
        )


def test_a_stale_version_changes_nothing(session):
    found = services.record_request(session, _command(), today=TODAY)
    with pytest.raises(StaleObject):
        services.verify_identity(session, found, verified=True, method="paspoort", seen_version=7)
    assert found.identity_status is IdentityStatus.UNVERIFIED


def test_granting_needs_a_verified_identity_and_refusing_a_reason(session):
    found = services.record_request(session, _command(), today=TODAY)
    with pytest.raises(errors.RequestError):
        services.close_request(
            session, found, outcome=Outcome.GRANTED, note="", answer="", seen_version=1
        )
    with pytest.raises(errors.RequestError) as refused:
        services.close_request(
            session, found, outcome=Outcome.REFUSED, note="", answer="", seen_version=1
        )
    assert refused.value.field == "note"
    services.verify_identity(session, found, verified=True, method="paspoort", seen_version=1)
    services.close_request(
        session,
        found,
        outcome=Outcome.GRANTED,
        note="",
        answer="Wij hebben uw gegevens verwijderd.",
        seen_version=found.version,
    )
    assert found.status is RequestStatus.CLOSED and found.closed_at is not None
    with pytest.raises(errors.RequestClosed):
        services.verify_identity(
            session, found, verified=True, method="x", seen_version=found.version
        )


def test_forwarding_needs_a_school_with_an_address(session, make_organisation):
    bare = make_organisation(OrganisationKind.SCHOOL, email="")
    found = services.record_request(session, _command(), today=TODAY)
    with pytest.raises(errors.RequestError) as refused:
        services.forward_to_school(session, found, seen_version=found.version)
    assert refused.value.field == "school_id"
    found.school_id = bare.id
    session.flush()
    session.refresh(found)
    with pytest.raises(errors.RequestError):
        services.forward_to_school(session, found, seen_version=found.version)
    assert found.forwarded_at is None
    with pytest.raises(errors.RequestError):
        services.close_request(
            session,
            found,
            outcome=Outcome.FORWARDED,
            note="",
            answer="",
            seen_version=found.version,
        )


def test_forward_is_recorded_with_address_and_time(session, make_organisation):
    school = make_organisation(
        OrganisationKind.SCHOOL, name="De Regenboog", privacy_contact_email="fg@regenboog.nl"
    )
    found = services.record_request(session, _command(school_id=school.id), today=TODAY)
    services.forward_to_school(session, found, seen_version=found.version)
    assert found.forwarded_to == "fg@regenboog.nl" and found.forwarded_at is not None
    services.close_request(
        session, found, outcome=Outcome.FORWARDED, note="", answer="", seen_version=found.version
    )
    assert found.outcome is Outcome.FORWARDED


def test_expired_files_are_deleted_and_others_kept(session):
    old = services.record_request(session, _command(), today=TODAY)
    recent = services.record_request(session, _command(), today=TODAY)
    still_open = services.record_request(session, _command(), today=TODAY)
    for found in (old, recent):
        services.verify_identity(session, found, verified=False, method="x", seen_version=1)
        services.close_request(
            session,
            found,
            outcome=Outcome.REFUSED,
            note="identiteit niet vastgesteld",
            answer="",
            seen_version=found.version,
        )
    old.closed_at = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    session.flush()
    assert (
        services.delete_expired_requests(
            session, closed_before=dt.datetime(2025, 6, 1, tzinfo=dt.UTC)
        )
        == 1
    )
    left = set(session.scalars(sa.select(SubjectRequest.id)))
    assert left == {recent.id, still_open.id}


# --- HTTP -----------------------------------------------------------------------------------


def test_intake_through_the_form_keeps_the_activities_and_audits(app, client, staff, make_activity):
    first, second = make_activity(name="Nieuwsbrief"), make_activity(name="Website")
    response = client.post(
        "/verzoeken/nieuw", data=request_form(activity_ids=[str(first.id), str(second.id)])
    )
    assert response.status_code == 302
    with app.app_context():
        found = _only(db.session)
        assert {a.name for a in found.activities} == {"Nieuwsbrief", "Website"}
        assert found.due_on == dt.date(2026, 11, 30)
        entry = db.session.scalars(
            sa.select(AuditEntry).where(AuditEntry.entity_type == "subject_request")
        ).one()
        assert entry.action == "create" and entry.actor_id == staff.id


def test_intake_bad_input_keeps_what_was_typed(app, client, staff):
    response = client.post(
        "/verzoeken/nieuw",
        data=request_form(received_on="31-02-2026", requester_name="<b>Piet</b>"),
    )
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "&lt;b&gt;Piet&lt;/b&gt;" in text and "<b>Piet</b>" not in text
    with app.app_context():
        assert db.session.scalars(sa.select(SubjectRequest)).first() is None


def test_a_school_in_other_digits_is_refused_at_its_field(app, client, staff):
    # "²" passes str.isdigit() but not int(): the school list must not trip over it.
    response = client.post("/verzoeken/nieuw", data=request_form(school_id="²"))
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert 'value="Jan de Vries"' in text
    assert 'id="school_id-error">Ongeldige keuze' in text
    with app.app_context():
        assert db.session.scalars(sa.select(SubjectRequest)).first() is None


def test_handling_steps_through_http(app, client, staff):
    client.post("/verzoeken/nieuw", data=request_form())
    with app.app_context():
        found = _only(db.session)
        request_id, version = found.id, found.version
    base = f"/verzoeken/{request_id}"
    response = client.post(f"{base}/identiteit", data={"version": version, "method": ""})
    assert response.status_code == 400
    assert "Beschrijf hoe de identiteit" in response.get_data(as_text=True)
    assert (
        client.post(
            f"{base}/identiteit", data={"version": version, "method": "Paspoort aan de balie"}
        ).status_code
        == 302
    )
    response = client.post(
        f"{base}/verlengen",
        data={
            "version": version + 1,
            "months": "1",
            "reason": "Complex",
            "noticed_on": "2026-11-20",
        },
    )
    assert response.status_code == 302
    response = client.post(
        f"{base}/afsluiten",
        data={"version": version + 2, "outcome": "granted", "answer": "Hierbij uw gegevens."},
    )
    assert response.status_code == 302
    with app.app_context():
        found = db.session.get(SubjectRequest, request_id)
        assert found.identity_method == "Paspoort aan de balie"
        assert found.due_on == dt.date(2027, 1, 2)
        assert found.outcome is Outcome.GRANTED
        actions = list(
            db.session.scalars(
                sa.select(AuditEntry.action)
                .where(AuditEntry.entity_type == "subject_request")
                .order_by(AuditEntry.id)
            )
        )
        assert actions == ["create", "verify_identity", "extend", "close"]


def test_a_stale_form_is_refused_over_http(app, client, staff):
    client.post("/verzoeken/nieuw", data=request_form())
    with app.app_context():
        request_id = _only(db.session).id
    response = client.post(
        f"/verzoeken/{request_id}/identiteit", data={"version": "99", "method": "paspoort"}
    )
    assert response.status_code == 400
    with app.app_context():
        assert db.session.get(SubjectRequest, request_id).identity_status is (
            IdentityStatus.UNVERIFIED
        )


def test_auditor_reads_but_cannot_handle(app, client, auth, make_user):
    with app.app_context():
        found = services.record_request(db.session, _command(), today=TODAY)
        db.session.commit()
        request_id = found.id
    auth.login_as(make_user(UserRole.AUDITOR))
    assert client.get(f"/verzoeken/{request_id}").status_code == 200
    assert client.get("/verzoeken/").status_code == 200
    assert (
        client.post(
            f"/verzoeken/{request_id}/identiteit", data={"version": 1, "method": "x"}
        ).status_code
        == 403
    )


def test_answer_letter_pdf_holds_the_register_data(app, client, staff, make_activity, run_jobs):
    import io

    from pypdf import PdfReader

    activity = make_activity(name="Nascholing en trainingen", data_source="Aanmelding")
    with app.app_context():
        found = services.record_request(
            db.session,
            _command(kind=RequestKind.ACCESS, activity_ids=(activity.id,)),
            today=TODAY,
        )
        services.verify_identity(
            db.session, found, verified=True, method="paspoort", seen_version=1
        )
        services.close_request(
            db.session,
            found,
            outcome=Outcome.GRANTED,
            note="",
            answer="Hieronder leest u welke gegevens wij van u verwerken.",
            seen_version=found.version,
        )
        db.session.commit()
        request_id, reference = found.id, found.reference
    # A worker makes the letter (issue 9): the button queues it, its page follows it.
    queued = client.post(f"/verzoeken/{request_id}/brief.pdf")
    assert queued.status_code == 302
    job_url = queued.headers["Location"]
    waiting = client.get(job_url)
    assert "Antwoordbrief als PDF" in waiting.text and "In de wachtrij" in waiting.text
    assert waiting.headers["Refresh"] == "3"
    assert f'href="/verzoeken/{request_id}"' in waiting.text  # the way back to the request
    with app.app_context():  # nothing rendered, nothing audited yet
        assert not db.session.scalar(
            sa.select(AuditEntry.action).where(
                AuditEntry.action == "download", AuditEntry.entity_id == str(request_id)
            )
        )
    run_jobs(app, wait=0)
    ready = client.get(job_url)
    assert "Refresh" not in ready.headers
    assert f"antwoord-{reference}.pdf downloaden" in ready.text
    response = client.get(f"{job_url}/bestand")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    text = " ".join(text.split())
    assert reference in text
    assert "Nascholing en trainingen" in text
    assert "Jan de Vries" in text
    assert "Hieronder leest u welke gegevens wij van u verwerken." in text
    with app.app_context():
        assert (
            db.session.scalar(
                sa.select(AuditEntry.actor_email).where(
                    AuditEntry.action == "download", AuditEntry.entity_id == str(request_id)
                )
            )
            == staff.email
        )  # as the user who asked for it


def test_a_letter_job_of_another_user_is_a_404_and_a_vanished_request_fails(
    app, client, auth, staff, make_user, run_jobs
):
    with app.app_context():
        found = services.record_request(db.session, _command(kind=RequestKind.ACCESS), today=TODAY)
        db.session.commit()
        request_id = found.id
    job_url = client.post(f"/verzoeken/{request_id}/brief.pdf").headers["Location"]
    with app.app_context():
        db.session.delete(db.session.get(SubjectRequest, request_id))
        db.session.commit()
    run_jobs(app, wait=0)
    failed = client.get(job_url)
    assert "Mislukt" in failed.text or "mislukt" in failed.text
    assert "Het verzoek bestaat niet meer." in failed.text
    auth.logout()
    auth.login_as(make_user(UserRole.AUDITOR))
    assert client.get(job_url).status_code == 404
    assert client.get(f"{job_url}/bestand").status_code == 404


def test_the_nightly_job_deletes_expired_files_in_a_real_worker(make_app, run_jobs):
    from register.subject_requests.jobs import nightly_deletion

    app = make_app(REQUEST_FILE_RETENTION_DAYS=30)
    with app.app_context():
        kept, expired = (
            services.record_request(db.session, _command(), today=TODAY) for _ in range(2)
        )
        for found, closed in ((kept, 10), (expired, 31)):
            services.close_request(
                db.session,
                found,
                outcome=Outcome.WITHDRAWN,
                note="",
                answer="",
                seen_version=found.version,
            )
            found.closed_at = dt.datetime.now(dt.UTC) - dt.timedelta(days=closed)
        db.session.commit()
        kept_id, expired_id = kept.id, expired.id
    nightly_deletion()  # what the scheduler does at night: queue the task
    assert run_jobs(app) >= 1
    with app.app_context():
        assert db.session.get(SubjectRequest, expired_id) is None
        assert db.session.get(SubjectRequest, kept_id) is not None
        assert db.session.scalar(
            sa.select(AuditEntry.action).where(
                AuditEntry.entity_type == "subject_request",
                AuditEntry.entity_id == str(expired_id),
                AuditEntry.action == "delete",
            )
        )
