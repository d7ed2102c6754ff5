"""Delivery over SMTP: retried with back-off, then marked failed; URLs parsed."""

from __future__ import annotations

import pytest

from register.extensions import db
from register.mail.delivery import MailNotConfigured, SmtpServer, parse_mail_url
from register.mail.models import Message, MessageState
from register.mail.services import send_mail
from tests.mail.test_send_mail import CONTEXT


def test_failed_delivery_is_retried_then_marked_failed(make_app, run_jobs):
    # Nothing listens on this port: every attempt fails.
    app = make_app(MAIL_URL="smtp://127.0.0.1:9", MAIL_ATTEMPTS=3, MAIL_RETRY_DELAY=0.1)
    with app.app_context():
        [message] = send_mail(
            template="agreement_awaiting_review", to=["a@school.example"], context=CONTEXT
        )
        db.session.commit()
        message_id = message.id
    run_jobs(app, wait=10)
    with app.app_context():
        message = db.session.get(Message, message_id)
        assert message.state is MessageState.FAILED
        assert message.attempts == 3
        assert "Connection refused" in message.last_error or "Errno" in message.last_error
        assert message.failed_at is not None


def test_a_retry_delivers_once_the_server_is_back(make_app, smtp_server, run_jobs):
    app = make_app(MAIL_URL="smtp://127.0.0.1:9", MAIL_ATTEMPTS=3)
    with app.app_context():
        [message] = send_mail(
            template="agreement_awaiting_review", to=["a@school.example"], context=CONTEXT
        )
        db.session.commit()
        message_id = message.id
    run_jobs(app, wait=0)  # the first attempt fails; the retry waits in the schedule
    app.config["MAIL_URL"] = smtp_server.url
    run_jobs(app, wait=10)
    assert smtp_server.recipients() == ["a@school.example"]
    with app.app_context():
        message = db.session.get(Message, message_id)
        assert (message.state, message.attempts) == (MessageState.SENT, 2)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("smtp://127.0.0.1:2525", SmtpServer("smtp", "127.0.0.1", 2525)),
        (
            "smtps://user:p%40ss@mail.example.nl",
            SmtpServer("smtps", "mail.example.nl", 465, "user", "p@ss"),
        ),
        (
            "smtp+starttls://u:p@mail.example.nl:587",
            SmtpServer("smtp+starttls", "mail.example.nl", 587, "u", "p"),
        ),
    ],
)
def test_mail_url(url, expected):
    assert parse_mail_url(url) == expected


@pytest.mark.parametrize("url", [None, "", "http://mail.example.nl", "smtp://"])
def test_bad_mail_url(url):
    with pytest.raises(MailNotConfigured):
        parse_mail_url(url)
