"""Agreement e-mail as it arrives at a real SMTP server: exactly the right recipients."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from register.activities.models import Activity, ActivitySubprocessor
from register.agreements.lifecycle import move_agreement
from register.auth.models import UserRole
from register.extensions import db
from register.mail.models import Message, MessageState
from register.organisations.models import Organisation, OrganisationKind
from register.products.models import Licence
from tests.agreements.conftest import load, user
from tests.conftest import body_html, body_text


@pytest.fixture
def app(make_app, smtp_server):
    return make_app(MAIL_URL=smtp_server.url, PUBLIC_BASE_URL="https://register.example.nl")


def _subjects(smtp_server, address):
    return sorted(str(m["Subject"]) for m in smtp_server.to(address))


def test_sending_tells_the_schools_contract_managers_only(
    app, build, people, smtp_server, run_jobs
):
    agreement_id = build("in_review")
    run_jobs(app)
    school_users = sorted([people["school"].email, people["reviewer"].email])
    assert smtp_server.recipients() == school_users
    with app.app_context():
        number = load(agreement_id).number
    [message] = smtp_server.to(people["reviewer"].email)
    assert message["Subject"] == f"Verwerkersovereenkomst {number} wacht op uw beoordeling"
    link = f"https://register.example.nl/portaal/{agreement_id}"
    assert link in body_text(message)
    assert f'href="{link}"' in body_html(message)
    assert not list(message.iter_attachments())


def test_approval_asks_the_signatories_and_signing_tells_both_parties(
    app, build, people, smtp_server, run_jobs
):
    agreement_id = build("signed")
    run_jobs(app)
    with app.app_context():
        number = load(agreement_id).number
    school, reviewer = people["school"].email, people["reviewer"].email
    assert _subjects(smtp_server, school) == sorted(
        [
            f"Verwerkersovereenkomst {number} is ondertekend",
            f"Verwerkersovereenkomst {number} wacht op uw beoordeling",
            f"Verwerkersovereenkomst {number} wacht op uw handtekening",
        ]
    )
    # Not a signatory: no request to sign.
    assert _subjects(smtp_server, reviewer) == sorted(
        [
            f"Verwerkersovereenkomst {number} is ondertekend",
            f"Verwerkersovereenkomst {number} wacht op uw beoordeling",
        ]
    )
    # The staff member who prepared, sent and signed it.
    assert _subjects(smtp_server, people["privacy"].email) == [
        f"Verwerkersovereenkomst {number} is ondertekend"
    ]
    [staff_copy] = smtp_server.to(people["privacy"].email)
    assert f"https://register.example.nl/overeenkomsten/{agreement_id}" in body_text(staff_copy)
    # Never another school's users, never uninvolved staff or auditors.
    everyone = set(smtp_server.recipients())
    assert everyone == {school, reviewer, people["privacy"].email}


def test_rejection_tells_staff_with_the_reason(app, build, people, smtp_server, run_jobs):
    agreement_id = build("in_review")
    run_jobs(app)
    before = len(smtp_server.messages)
    with app.app_context():
        move_agreement(
            db.session,
            load(agreement_id),
            "reject",
            user=user(db.session, people["reviewer"]),
            ip="198.51.100.7",
            reason="Artikel 7 noemt de verkeerde bewaartermijn.",
        )
        db.session.commit()
    run_jobs(app)
    new = smtp_server.messages[before:]
    assert [str(m["To"]) for m in new] == [people["privacy"].email]
    assert "Artikel 7 noemt de verkeerde bewaartermijn." in body_text(new[0])
    assert "afgewezen" in str(new[0]["Subject"])


def test_termination_tells_the_school_with_the_reason(app, build, people, smtp_server, run_jobs):
    agreement_id = build("signed")
    run_jobs(app)
    before = len(smtp_server.messages)
    with app.app_context():
        move_agreement(
            db.session,
            load(agreement_id),
            "terminate",
            user=user(db.session, people["privacy"]),
            ip="192.0.2.1",
            reason="De licentie is beëindigd.",
        )
        db.session.commit()
    run_jobs(app)
    new = smtp_server.messages[before:]
    assert sorted(str(m["To"]) for m in new) == sorted(
        [people["school"].email, people["reviewer"].email]
    )
    assert all("De licentie is beëindigd." in body_text(m) for m in new)


def test_a_new_subprocessor_is_told_to_the_school(app, build, reg, people, smtp_server, run_jobs):
    build("signed")
    run_jobs(app)
    before = len(smtp_server.messages)
    with app.app_context():
        newcomer = Organisation(kind=OrganisationKind.SUBPROCESSOR, name="Nieuwe Wolk B.V.")
        db.session.add(newcomer)
        db.session.flush()
        activity = db.session.get(Activity, reg.activity_id)
        activity.subprocessors.append(
            ActivitySubprocessor(organisation_id=newcomer.id, service="Back-up", location="Ierland")
        )
        db.session.commit()
    run_jobs(app)
    new = smtp_server.messages[before:]
    assert sorted(str(m["To"]) for m in new) == sorted(
        [people["school"].email, people["reviewer"].email]
    )
    text = body_text(new[0])
    assert "Nieuwe Wolk B.V. · Back-up · Ierland" in text
    assert "bezwaar" in text
    # An unrelated change later does not repeat the same notice.
    with app.app_context():
        db.session.get(Activity, reg.activity_id).storage_location = "Datacentrum Amsterdam"
        db.session.commit()
    run_jobs(app)
    assert len(smtp_server.messages) == before + 2


def test_a_new_subprocessor_is_told_to_a_school_still_reviewing(
    app, build, reg, people, smtp_server, run_jobs
):
    agreement_id = build("in_review")
    run_jobs(app)
    before = len(smtp_server.messages)
    with app.app_context():
        newcomer = Organisation(kind=OrganisationKind.SUBPROCESSOR, name="Nieuwe Wolk B.V.")
        db.session.add(newcomer)
        db.session.flush()
        activity = db.session.get(Activity, reg.activity_id)
        activity.subprocessors.append(
            ActivitySubprocessor(organisation_id=newcomer.id, service="Back-up", location="Ierland")
        )
        db.session.commit()
        number = load(agreement_id).number
    run_jobs(app)
    new = smtp_server.messages[before:]
    assert sorted(str(m["To"]) for m in new) == sorted(
        [people["school"].email, people["reviewer"].email]
    )
    assert all(str(m["Subject"]).endswith(number) for m in new)
    assert "Nieuwe Wolk B.V. · Back-up · Ierland" in body_text(new[0])


def test_english_users_get_english(app, build, people, smtp_server, run_jobs):
    with app.app_context():
        user(db.session, people["reviewer"]).language = "en"
        db.session.commit()
    agreement_id = build("in_review")
    run_jobs(app)
    with app.app_context():
        number = load(agreement_id).number
    [english] = smtp_server.to(people["reviewer"].email)
    [dutch] = smtp_server.to(people["school"].email)
    assert english["Subject"] == f"Processor agreement {number} awaits your review"
    assert english["Content-Language"] == "en"
    assert dutch["Subject"] == f"Verwerkersovereenkomst {number} wacht op uw beoordeling"


@pytest.fixture
def school_without_users(app, reg):
    """A school with a licence and a contact address, but no user accounts."""
    with app.app_context():
        school = Organisation(
            kind=OrganisationKind.SCHOOL,
            name="Stichting Duinmeer",
            brin="56EF",
            kvk="40000003",
            email="info@duinmeer.example",
            privacy_contact_email="privacy@duinmeer.example",
        )
        db.session.add(school)
        db.session.flush()
        db.session.add(
            Licence(
                organisation_id=school.id, product_id=reg.product_id, start_date=dt.date(2026, 8, 1)
            )
        )
        db.session.commit()
        return school.id


def test_a_school_without_users_gets_an_invitation_and_staff_see_no_signatory(
    app, build, people, school_without_users, smtp_server, run_jobs, client, auth
):
    agreement_id = build("in_review", school_id=school_without_users)
    run_jobs(app)
    assert smtp_server.recipients() == ["privacy@duinmeer.example"]
    [invitation] = smtp_server.messages
    assert "Stichting Duinmeer" in str(invitation["Subject"])
    assert "privacy@kpcgroep.nl" in body_text(invitation)  # whom to tell who may sign
    assert "Laat ons weten wie" in body_text(invitation)

    auth.login_as(people["staff"])
    detail = client.get(f"/overeenkomsten/{agreement_id}").text
    assert "Geen ondertekenaar." in detail
    assert "privacy@duinmeer.example" in detail and "Verzonden" in detail
    with app.app_context():
        number = load(agreement_id).number
        other_number = load(build("in_review")).number  # a school with a signatory
    overview = client.get("/overeenkomsten/?geen_ondertekenaar=1").text
    assert number in overview and other_number not in overview
    dashboard = client.get("/dashboard").text
    assert "Geen ondertekenaar" in dashboard and number in dashboard


def test_agreement_page_shows_each_message_and_its_delivery_state(
    app, build, people, smtp_server, run_jobs, client, auth
):
    agreement_id = build("in_review")
    auth.login_as(people["staff"])
    queued = client.get(f"/overeenkomsten/{agreement_id}").text
    assert queued.count("In de wachtrij") == 2
    run_jobs(app)
    sent = client.get(f"/overeenkomsten/{agreement_id}").text
    assert sent.count(people["reviewer"].email) >= 1 and "In de wachtrij" not in sent
    with app.app_context():
        message = db.session.scalars(sa.select(Message).order_by(Message.id)).first()
        message.state = MessageState.FAILED
        message.last_error = "SMTPRecipientsRefused: 550 mailbox unavailable"
        message.attempts = 5
        db.session.commit()
    failed = client.get(f"/overeenkomsten/{agreement_id}").text
    assert "Niet afgeleverd" in failed and "550 mailbox unavailable" in failed
    assert "550 mailbox unavailable" in client.get("/dashboard").text


def test_a_rolled_back_transition_sends_nothing(app, build, people, smtp_server, run_jobs):
    agreement_id = build("draft")
    with app.app_context():
        from register.agreements.lifecycle import send_agreement

        send_agreement(
            db.session,
            load(agreement_id),
            user=user(db.session, people["privacy"]),
            ip="192.0.2.1",
            timeout=60,
        )
        db.session.rollback()
    run_jobs(app)
    assert smtp_server.messages == []
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Message.id))) == 0


def test_auditors_and_other_schools_never_receive_mail(app, build, people, smtp_server, run_jobs):
    build("signed")
    run_jobs(app)
    received = set(smtp_server.recipients())
    assert people["other"].email not in received
    assert people["auditor"].email not in received
    assert people["staff"].email not in received
    assert UserRole.AUDITOR  # the auditor exists in `people`
