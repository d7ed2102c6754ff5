"""Follow-up on a sent agreement: withdraw and remind, as e-mail arriving at a real server."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from register.agreements.models import AgreementEvent
from register.agreements.states import AgreementState
from register.audit.models import AuditEntry
from register.extensions import db
from tests.agreements.conftest import load
from tests.mail.test_agreement_notifications import (  # noqa: F401  (fixture)
    school_without_users as school_without_users,
)


@pytest.fixture
def app(make_app, smtp_server):
    return make_app(MAIL_URL=smtp_server.url, PUBLIC_BASE_URL="https://register.example.nl")


def _version(app, agreement_id):
    with app.app_context():
        return load(agreement_id).version


@pytest.mark.parametrize("until", ["in_review", "awaiting"])
def test_withdrawing_tells_the_school_with_the_reason(
    app, build, people, smtp_server, run_jobs, client, auth, until
):
    agreement_id = build(until)
    run_jobs(app)
    before = len(smtp_server.messages)
    auth.login_as(people["staff"])
    response = client.post(
        f"/overeenkomsten/{agreement_id}/intrekken",
        data={
            "version": _version(app, agreement_id),
            "reason": "Verkeerde producten gekozen.",
            "confirmed": "y",
        },
    )
    assert response.status_code == 302
    run_jobs(app)
    new = smtp_server.messages[before:]
    assert sorted(str(m["To"]) for m in new) == sorted(
        [people["school"].email, people["reviewer"].email]
    )
    with app.app_context():
        agreement = load(agreement_id)
        assert agreement.state is AgreementState.WITHDRAWN
        assert agreement.withdrawal_reason == "Verkeerde producten gekozen."
        number = agreement.number
        audit = db.session.scalars(
            sa.select(AuditEntry.summary).where(AuditEntry.action == "withdraw")
        ).all()
    assert audit == [f"{number}: ingetrokken: Verkeerde producten gekozen."]
    assert all(str(m["Subject"]) == f"Verwerkersovereenkomst {number} is ingetrokken" for m in new)
    assert all("Verkeerde producten gekozen." in m.get_body(("plain",)).get_content() for m in new)

    auth.logout()
    auth.login_as(people["reviewer"])
    portal = client.get(f"/portaal/{agreement_id}").text
    assert "Ingetrokken" in portal and "Verkeerde producten gekozen." in portal
    assert "Goedkeuren" not in portal


def test_withdrawing_needs_a_reason_and_a_sent_agreement(app, build, people, client, auth):
    in_review, draft = build("in_review"), build("draft")
    auth.login_as(people["staff"])
    page = client.post(
        f"/overeenkomsten/{in_review}/intrekken",
        data={"version": _version(app, in_review), "reason": ""},
    )
    assert page.status_code == 400 and "Geef een reden." in page.text
    client.post(
        f"/overeenkomsten/{draft}/intrekken",
        data={"version": _version(app, draft), "reason": "Toch niet", "confirmed": "y"},
    )
    with app.app_context():
        assert load(in_review).state is AgreementState.IN_REVIEW
        assert load(draft).state is AgreementState.DRAFT


def test_the_detail_page_asks_to_confirm_a_withdrawal(app, build, people, client, auth):
    agreement_id = build("in_review")
    auth.login_as(people["staff"])
    page = client.get(f"/overeenkomsten/{agreement_id}").text
    assert f'action="/overeenkomsten/{agreement_id}/intrekken" data-confirm="' in page
    auth.logout()
    auth.login_as(people["auditor"])
    assert "/intrekken" not in client.get(f"/overeenkomsten/{agreement_id}").text


@pytest.mark.parametrize(
    ("until", "who", "subject_word"),
    [
        ("in_review", ["school", "reviewer"], "beoordeling"),
        ("awaiting", ["school"], "ondertekening"),
    ],
)
def test_remind_now_writes_to_who_must_act_once_an_hour(
    app, build, people, smtp_server, run_jobs, client, auth, until, who, subject_word
):
    agreement_id = build(until)
    run_jobs(app)
    before = len(smtp_server.messages)
    auth.login_as(people["staff"])
    url = f"/overeenkomsten/{agreement_id}/herinneren"
    first = client.post(url, data={"version": _version(app, agreement_id)}, follow_redirects=True)
    assert "De school heeft een herinnering gekregen." in first.text
    assert "Herinnering gestuurd" in first.text  # in the agreement's history
    again = client.post(url, data={"version": _version(app, agreement_id)}, follow_redirects=True)
    assert "al een herinnering gekregen" in again.text
    run_jobs(app)
    new = smtp_server.messages[before:]
    assert sorted(str(m["To"]) for m in new) == sorted(people[w].email for w in who)
    with app.app_context():
        number = load(agreement_id).number
        reminders = db.session.scalars(
            sa.select(AgreementEvent).where(AgreementEvent.action == "remind")
        ).all()
        audit = db.session.scalars(
            sa.select(AuditEntry.summary).where(AuditEntry.action == "remind")
        ).all()
    assert len(reminders) == 1 and audit == [f"{number}: herinnering gestuurd"]
    assert all(str(m["Subject"]).startswith("Herinnering:") for m in new)
    assert all(subject_word in m.get_body(("plain",)).get_content() for m in new)


def test_remind_now_invites_the_contact_address_of_a_school_without_users(
    app,
    build,
    school_without_users,  # noqa: F811
    smtp_server,
    run_jobs,
    client,
    auth,
    people,
):
    agreement_id = build("in_review", school_id=school_without_users)
    run_jobs(app)
    before = len(smtp_server.messages)
    auth.login_as(people["staff"])
    client.post(
        f"/overeenkomsten/{agreement_id}/herinneren", data={"version": _version(app, agreement_id)}
    )
    run_jobs(app)
    new = smtp_server.messages[before:]
    assert [str(m["To"]) for m in new] == ["privacy@duinmeer.example"]


def test_a_signed_agreement_cannot_be_reminded_or_withdrawn(app, build, people, client, auth):
    agreement_id = build("signed")
    auth.login_as(people["staff"])
    version = _version(app, agreement_id)
    client.post(f"/overeenkomsten/{agreement_id}/herinneren", data={"version": version})
    client.post(
        f"/overeenkomsten/{agreement_id}/intrekken",
        data={"version": version, "reason": "x", "confirmed": "y"},
    )
    with app.app_context():
        assert load(agreement_id).state is AgreementState.SIGNED
        assert not db.session.scalars(
            sa.select(AgreementEvent).where(AgreementEvent.action.in_(["remind", "withdraw"]))
        ).all()
