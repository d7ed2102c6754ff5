"""What is kept is minimal: the trail hashes a requester's data, deletion leaves none of it."""

from __future__ import annotations

import datetime as dt
import time

import sqlalchemy as sa

from register.audit.models import AuditEntry
from register.audit.redaction import is_redacted, matches
from register.auth.models import UserRole
from register.extensions import db
from register.jobs.models import Job, JobState
from register.mail.models import Message, MessageContent
from register.organisations.models import OrganisationKind
from register.subject_requests import services, spam
from register.subject_requests.jobs import delete_expired_request_files
from register.subject_requests.models import Outcome, RequestKind, SubjectRequest
from tests.conftest import AuthActions

NAME = "Fatima el Amrani"
EMAIL = "fatima.elamrani@example.nl"
DESCRIPTION = "Welke gegevens heeft u van mijn dochter Noor in groep 5?"
ADDRESS = "Lindelaan 77, 9999 ZZ Nergenshuizen"
METHOD = "Paspoort NX4417PQ2 gezien aan de balie"
REASON = "Veel gegevens van Noor in drie systemen"
ANSWER = "Beste mevrouw El Amrani, hieronder de gegevens van Noor."
NOTE = "Noor en haar moeder zijn tevreden"
PERSONAL = (NAME, EMAIL, DESCRIPTION, ADDRESS, METHOD, REASON, ANSWER, NOTE)


def _everywhere(value: str) -> list[str]:
    """Every table.column whose text (of any row) contains `value`, case-insensitively."""
    found = []
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            text = sa.func.lower(sa.cast(column, sa.Text))
            hits = db.session.scalar(
                sa.select(sa.func.count())
                .select_from(table)
                .where(text.contains(value.lower(), autoescape=True))
            )
            if hits:
                found.append(f"{table.name}.{column.name}")
    return found


def _submit_and_handle(app, make_organisation, make_user) -> int:
    """A request through the public form, handled to the end with every personal field set."""
    school = make_organisation(
        OrganisationKind.SCHOOL, name="Stichting De Linde", privacy_contact_email="fg@linde.nl"
    )
    officer = make_user(UserRole.PRIVACY)
    with app.test_request_context():
        stamp = spam.issue_stamp(time.time() - 10)
    response = app.test_client().post(
        "/verzoeken/indienen",
        data={
            "kind": "access",
            "name": NAME,
            "email": EMAIL,
            "description": DESCRIPTION,
            "website": "",
            "stamp": stamp,
        },
    )
    assert response.status_code == 302
    with app.app_context():
        found = db.session.scalars(sa.select(SubjectRequest)).one()
        services.update_request(
            db.session,
            found,
            services.SubjectRequestCommand(
                kind=RequestKind.ACCESS,
                channel=found.channel,
                received_on=found.received_on,
                requester_name=NAME,
                requester_email=EMAIL,
                requester_address=ADDRESS,
                description=DESCRIPTION,
                school_id=school.id,
            ),
            seen_version=found.version,
            today=found.received_on,
        )
        services.verify_identity(
            db.session, found, verified=True, method=METHOD, seen_version=found.version
        )
        services.extend_deadline(
            db.session,
            found,
            months=1,
            reason=REASON,
            noticed_on=found.received_on,
            seen_version=found.version,
        )
        services.forward_to_school(db.session, found, seen_version=found.version)
        services.close_request(
            db.session,
            found,
            outcome=Outcome.GRANTED,
            note=NOTE,
            answer=ANSWER,
            seen_version=found.version,
        )
        db.session.commit()
        request_id = found.id
    client = app.test_client()
    AuthActions(client).login(officer.email)
    queued = client.post(f"/verzoeken/{request_id}/brief.pdf")
    assert queued.status_code == 302 and queued.headers["Location"].startswith("/taken/")
    return request_id


def test_trail_keeps_keyed_hashes_and_deletion_leaves_nothing_of_the_requester(
    make_app, make_organisation, make_user, smtp_server, run_jobs
):
    app = make_app(MAIL_URL=smtp_server.url, REQUEST_FILE_RETENTION_DAYS=30)
    request_id = _submit_and_handle(app, make_organisation, make_user)
    run_jobs(app)
    assert {m["To"] for m in smtp_server.wait_for(2)} == {EMAIL, "fg@linde.nl"}
    with app.app_context():  # the worker made the answer letter (issue 9)
        (letter,) = db.session.scalars(sa.select(Job)).all()
        assert letter.state is JobState.DONE and letter.result

    with app.app_context():
        # While the file exists it and its e-mails hold the data; the trail only hashes of it.
        assert set(_everywhere(NAME)) == {
            "subject_request.requester_name",
            "message_content.text",
            "message_content.html",
        }
        for value in PERSONAL:
            assert not [place for place in _everywhere(value) if place.startswith("audit")]
        assert db.session.scalar(sa.select(sa.func.count()).select_from(MessageContent)) == 2
        created = db.session.scalars(
            sa.select(AuditEntry).where(
                AuditEntry.entity_type == "subject_request",
                AuditEntry.entity_id == str(request_id),
                AuditEntry.action == "create",
            )
        ).one()
        marker = created.changes["requester_name"][1]
        assert is_redacted(marker) and matches(marker, NAME) and not matches(marker, "Noor")
        assert created.changes["kind"] == [None, "access"]  # not personal: kept as it was
        entry_id = created.id
        found = db.session.get(SubjectRequest, request_id)
        found.closed_at = dt.datetime.now(dt.UTC) - dt.timedelta(days=31)
        db.session.commit()

    # The audit page shows the redaction, not the value.
    auditor = make_user(UserRole.AUDITOR)
    client = app.test_client()
    AuthActions(client).login(auditor.email)
    page = client.get(f"/audit/{entry_id}").get_data(as_text=True)
    assert "[verwijderd]" in page and NAME not in page and "hmac" not in page

    assert delete_expired_request_files(app) == 1
    with app.app_context():
        assert db.session.get(SubjectRequest, request_id) is None
        assert db.session.scalars(sa.select(Message)).all() == []
        assert db.session.scalars(sa.select(MessageContent)).all() == []
        assert db.session.scalars(sa.select(Job)).all() == []  # the letter's PDF went too
        for value in PERSONAL:
            assert _everywhere(value) == [], value
        # The deletion is in the trail too, and the chain still holds.
        assert db.session.scalar(
            sa.select(AuditEntry.id).where(
                AuditEntry.action == "delete", AuditEntry.entity_id == str(request_id)
            )
        )
    result = app.test_cli_runner().invoke(args=["audit", "verify"])
    assert result.exit_code == 0 and result.output.startswith("OK"), result.output


def test_redaction_key_changes_the_hash_not_the_chain(make_app, make_organisation, make_user):
    first = make_app(AUDIT_REDACTION_KEY="first key")
    request_id = _submit_and_handle(first, make_organisation, make_user)
    with first.app_context():
        marker = db.session.scalars(
            sa.select(AuditEntry.changes).where(
                AuditEntry.entity_type == "subject_request",
                AuditEntry.entity_id == str(request_id),
                AuditEntry.action == "create",
            )
        ).one()["requester_email"][1]
        assert matches(marker, EMAIL)
    second = make_app(AUDIT_REDACTION_KEY="second key")
    with second.app_context():
        assert not matches(marker, EMAIL)
    result = second.test_cli_runner().invoke(args=["audit", "verify"])
    assert result.exit_code == 0 and result.output.startswith("OK"), result.output
