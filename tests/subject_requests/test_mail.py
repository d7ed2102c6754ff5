"""E-mail of the request register, read from a real SMTP server: forward and confirmation."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from register.calendar import today as local_today
from register.extensions import db
from register.mail.models import Message
from register.organisations.models import OrganisationKind
from register.subject_requests import errors, services
from register.subject_requests.jobs import send_deadline_reminders
from register.subject_requests.models import Channel, RequestKind, SubjectRequest
from tests.conftest import body_html, body_text


@pytest.fixture
def mail_app(make_app, smtp_server):
    return make_app(MAIL_URL=smtp_server.url)


def test_forward_reaches_the_school_and_is_recorded(
    mail_app, smtp_server, run_jobs, make_organisation
):
    school = make_organisation(
        OrganisationKind.SCHOOL, name="Stichting De Linde", privacy_contact_email="fg@linde.nl"
    )
    with mail_app.app_context():
        found = services.record_request(
            db.session,
            services.SubjectRequestCommand(
                kind=RequestKind.ERASURE,
                channel=Channel.MAIL,
                received_on=dt.date(2026, 11, 2),
                requester_name="Ouder van Sam",
                requester_email="ouder@example.nl",
                description="Verwijder de gegevens van mijn kind <Sam> uit DOENIN.",
                school_id=school.id,
            ),
            today=dt.date(2026, 11, 20),
        )
        services.forward_to_school(db.session, found, seen_version=found.version)
        db.session.commit()
        request_id, reference = found.id, found.reference
    run_jobs(mail_app)
    [received] = smtp_server.wait_for(1)
    assert received["To"] == "fg@linde.nl"
    assert reference in received["Subject"]
    text = body_text(received)
    assert "Stichting De Linde" in text and "Verwijdering" in text
    assert "Verwijder de gegevens van mijn kind <Sam> uit DOENIN." in text
    assert "&lt;Sam&gt;" in body_html(received) and "<Sam>" not in body_html(received)
    with mail_app.app_context():
        found = db.session.get(SubjectRequest, request_id)
        assert found.forwarded_to == "fg@linde.nl" and found.forwarded_at is not None
        assert db.session.scalars(sa.select(Message.recipient)).all() == ["fg@linde.nl"]


def test_a_failed_forward_sends_nothing(mail_app, smtp_server, run_jobs):
    with mail_app.app_context():
        found = services.record_request(
            db.session,
            services.SubjectRequestCommand(
                kind=RequestKind.ACCESS,
                channel=Channel.PHONE,
                received_on=dt.date(2026, 11, 2),
                requester_name="Zonder school",
            ),
            today=dt.date(2026, 11, 20),
        )
        with pytest.raises(errors.RequestError):
            services.forward_to_school(db.session, found, seen_version=found.version)
        db.session.rollback()
    run_jobs(mail_app)
    assert smtp_server.messages == []


def test_morning_reminder_tells_handlers_and_officers_once_a_day(
    make_app, smtp_server, run_jobs, make_user
):
    from register.auth.models import UserRole
    from register.breaches import services as breach_services
    from register.subject_requests.jobs import morning_reminder

    app = make_app(MAIL_URL=smtp_server.url, PUBLIC_BASE_URL="https://register.example.nl")
    handler = make_user(UserRole.PRIVACY, email="handler@kpc.example")
    make_user(UserRole.PRIVACY, email="officer@kpc.example")
    today = local_today()
    with app.app_context():

        def record(name, days_ago, handler_id=None):
            return services.record_request(
                db.session,
                services.SubjectRequestCommand(
                    kind=RequestKind.ACCESS,
                    channel=Channel.MAIL,
                    received_on=today - dt.timedelta(days=days_ago),
                    requester_name=name,
                    handler_id=handler_id,
                ),
                today=today,
            )

        mine = record("Overdue bij handler", 40, handler.id)
        record("Ruim op tijd", 1, handler.id)  # due in 27 days: not in the reminder
        unassigned = record("Zonder behandelaar", 25)  # due in 3 days
        now = dt.datetime.now(dt.UTC)
        breach = breach_services.record_breach(
            db.session,
            breach_services.BreachCommand(
                title="Lek in DOENIN", occurred_at=now - dt.timedelta(hours=5), aware_at=now
            ),
            now=now,
        )
        db.session.commit()
        refs = mine.reference, unassigned.reference, breach.reference, mine.id
    morning_reminder()
    morning_reminder()  # twice in one day: still one message per person
    run_jobs(app)
    smtp_server.wait_for(2)
    assert smtp_server.recipients() == ["handler@kpc.example", "officer@kpc.example"]
    [to_handler] = smtp_server.to("handler@kpc.example")
    text = body_text(to_handler)
    assert refs[0] in text and "te laat" in text and refs[2] in text and refs[1] in text
    assert "Ruim op tijd" not in text
    assert f"https://register.example.nl/verzoeken/{refs[3]}" in text
    [to_officer] = smtp_server.to("officer@kpc.example")
    assert refs[1] in body_text(to_officer) and refs[2] in body_text(to_officer)
    assert refs[0] not in body_text(to_officer)


def test_deadline_reminder_names_the_request_not_the_requester(
    mail_app, smtp_server, run_jobs, make_user
):
    officer = make_user()
    with mail_app.app_context():
        found = services.record_request(
            db.session,
            services.SubjectRequestCommand(
                kind=RequestKind.ACCESS,
                channel=Channel.MAIL,
                received_on=local_today() - dt.timedelta(days=40),
                requester_name="Geheime Naam",
                requester_email="geheim@example.nl",
                description="Welke gegevens heeft u van mij?",
            ),
            today=local_today() - dt.timedelta(days=40),
        )
        db.session.commit()
        reference = found.reference
    assert send_deadline_reminders(mail_app) == 1
    run_jobs(mail_app)
    [received] = smtp_server.wait_for(1)
    assert received["To"] == officer.email
    text = body_text(received)
    assert reference in text and "te laat" in text
    # The reminder outlives the request file (it is not deleted with it): no personal data.
    assert "Geheime Naam" not in text and "geheim@example.nl" not in text
    assert "Geheime Naam" not in body_html(received)
