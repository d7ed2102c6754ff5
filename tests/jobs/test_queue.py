"""The queue on SQLite and on Redis: the same job code, run by a real worker."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from register.config import ConfigurationError
from register.extensions import db
from register.jobs.queue import init_queue, queue
from register.mail.models import Message, MessageState
from register.mail.services import send_mail
from tests.mail.test_send_mail import CONTEXT


def _send(app, *addresses: str) -> None:
    with app.app_context():
        send_mail(template="agreement_awaiting_review", to=list(addresses), context=CONTEXT)
        db.session.commit()


def test_jobs_run_on_either_storage(make_app, queue_settings, smtp_server, run_jobs):
    app = make_app(MAIL_URL=smtp_server.url, **queue_settings)
    _send(app, "a@school.example", "b@school.example")
    assert queue.pending_count() == 2
    run_jobs(app)
    assert queue.pending_count() == 0
    assert smtp_server.recipients() == ["a@school.example", "b@school.example"]


def test_a_job_run_twice_does_its_work_once(make_app, queue_settings, smtp_server, run_jobs):
    app = make_app(MAIL_URL=smtp_server.url, **queue_settings)
    _send(app, "a@school.example")
    with app.app_context():
        message_id = db.session.scalar(sa.select(Message.id))
    # The same delivery queued three times more (a recovery and two duplicates).
    from register.mail.delivery import deliver

    for _ in range(3):
        deliver(message_id)
    run_jobs(app)
    assert smtp_server.recipients() == ["a@school.example"]
    with app.app_context():
        message = db.session.get(Message, message_id)
        assert (message.state, message.attempts) == (MessageState.SENT, 1)


def test_unknown_queue_url_stops_the_app(make_app):
    app = make_app()
    app.config["QUEUE_URL"] = "amqp://127.0.0.1"
    with pytest.raises(ConfigurationError, match="REGISTER_QUEUE_URL"):
        init_queue(app)
