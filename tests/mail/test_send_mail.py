"""send_mail: recorded per recipient, rendered in their language, delivered after commit."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from register.audit.models import AuditEntry
from register.auth.models import User, UserRole
from register.extensions import db
from register.mail.errors import NoRecipient
from register.mail.models import Message, MessageState
from register.mail.services import send_mail
from tests.conftest import body_html, body_text

CONTEXT = {
    "number": "VO-2026-0001",
    "title": "Verwerkersovereenkomst DOENIN",
    "school": "Stichting De Linde",
    "processor": "KPC Groep",
    "products": "DOENIN",
    "link": "https://register.example.nl/portaal/overeenkomsten/1",
}


@pytest.fixture
def mail_app(make_app, smtp_server):
    return make_app(MAIL_URL=smtp_server.url, MAIL_SENDER="Register <register@kpc.example>")


def test_message_is_recorded_and_delivered_after_commit(mail_app, smtp_server, run_jobs):
    with mail_app.app_context():
        messages = send_mail(
            template="agreement_awaiting_review", to=["a@school.example"], context=CONTEXT
        )
        assert [m.state for m in messages] == [MessageState.QUEUED]
        run_jobs(mail_app)  # nothing is queued (or visible to the worker) before the commit
        assert smtp_server.messages == []
        db.session.commit()
        message_id = messages[0].id
    run_jobs(mail_app)
    [received] = smtp_server.wait_for(1)
    assert received["To"] == "a@school.example"
    assert received["From"] == "Register <register@kpc.example>"
    assert received["Subject"] == "Verwerkersovereenkomst VO-2026-0001 wacht op uw beoordeling"
    assert "Stichting De Linde" in body_text(received)
    assert CONTEXT["link"] in body_text(received)
    assert 'lang="nl"' in body_html(received)
    assert f'href="{CONTEXT["link"]}"' in body_html(received)
    assert not list(received.iter_attachments())
    with mail_app.app_context():
        message = db.session.get(Message, message_id)
        assert message.state is MessageState.SENT
        assert message.attempts == 1
        assert message.sent_at is not None
        audited = db.session.scalars(
            sa.select(AuditEntry.action).where(
                AuditEntry.entity_type == "message", AuditEntry.entity_id == str(message_id)
            )
        ).all()
        assert "mail" in audited


def test_rolled_back_transaction_sends_nothing(mail_app, smtp_server, run_jobs):
    with mail_app.app_context():
        send_mail(template="agreement_awaiting_review", to=["a@school.example"], context=CONTEXT)
        db.session.rollback()
        assert db.session.scalar(sa.select(sa.func.count(Message.id))) == 0
    run_jobs(mail_app)
    assert smtp_server.messages == []


def test_users_get_their_own_language_and_name(mail_app, smtp_server, run_jobs, make_user):
    dutch = make_user(UserRole.CONTRACT_MANAGER, name="Anna de Vries")
    english = make_user(UserRole.CONTRACT_MANAGER, name="John Smith", language="en")
    with mail_app.app_context():
        users = [db.session.get(User, dutch.id), db.session.get(User, english.id)]
        send_mail(template="agreement_awaiting_review", to=users, context=CONTEXT, locale="nl")
        db.session.commit()
    run_jobs(mail_app)
    smtp_server.wait_for(2)
    [to_dutch] = smtp_server.to(dutch.email)
    [to_english] = smtp_server.to(english.email)
    assert "Beste Anna de Vries" in body_text(to_dutch)
    assert to_english["Subject"] == "Processor agreement VO-2026-0001 awaits your review"
    assert "Dear John Smith" in body_text(to_english)
    assert 'lang="en"' in body_html(to_english)


def test_html_escapes_values(mail_app, smtp_server, run_jobs):
    with mail_app.app_context():
        send_mail(
            template="agreement_awaiting_review",
            to=["a@school.example"],
            context={**CONTEXT, "school": "<script>alert(1)</script>"},
        )
        db.session.commit()
    run_jobs(mail_app)
    [received] = smtp_server.wait_for(1)
    assert "<script>" not in body_html(received)
    assert "&lt;script&gt;" in body_html(received)


def test_same_key_sends_once_per_recipient(mail_app, smtp_server, run_jobs):
    with mail_app.app_context():
        for _ in range(2):
            send_mail(
                template="agreement_awaiting_review",
                to=["a@school.example", "b@school.example"],
                context=CONTEXT,
                key="review:1",
            )
            db.session.commit()
        assert db.session.scalar(sa.select(sa.func.count(Message.id))) == 2
    run_jobs(mail_app)
    smtp_server.wait_for(2)
    assert smtp_server.recipients() == ["a@school.example", "b@school.example"]


def test_about_links_the_record(mail_app, make_organisation):
    school = make_organisation(name="Stichting De Linde")
    with mail_app.app_context():
        [message] = send_mail(
            template="agreement_awaiting_review",
            to=["a@school.example"],
            context=CONTEXT,
            about=("organisation", school.id),
        )
        assert (message.about_kind, message.about_id) == ("organisation", school.id)


def test_no_recipient_is_refused(mail_app):
    with mail_app.app_context(), pytest.raises(NoRecipient):
        send_mail(template="agreement_awaiting_review", to=["  "], context=CONTEXT)
