"""`flask --app register worker`: a separate process, killed with `kill -9` mid-job."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest
import sqlalchemy as sa

from register.extensions import db
from register.mail.models import Message, MessageState
from register.mail.services import send_mail
from register.mail.sink import CollectingHandler
from tests.conftest import SmtpServer
from tests.mail.test_send_mail import CONTEXT

pytestmark = pytest.mark.slow


def _send(app, *addresses: str) -> list[int]:
    with app.app_context():
        messages = send_mail(
            template="agreement_awaiting_review", to=list(addresses), context=CONTEXT
        )
        db.session.commit()
        return [m.id for m in messages]


def test_burst_worker_runs_the_queue_and_exits(
    make_app, queue_settings, smtp_server, worker_process
):
    app = make_app(MAIL_URL=smtp_server.url, **queue_settings)
    _send(app, "a@school.example", "b@school.example")
    process = worker_process(app, "--burst")
    output, _ = process.communicate(timeout=60)
    assert process.returncode == 0, output
    assert smtp_server.recipients() == ["a@school.example", "b@school.example"]


class StallingHandler(CollectingHandler):
    """Accepts nothing until released: the first message hangs in the middle of DATA."""

    def __init__(self) -> None:
        super().__init__()
        self.stalled = threading.Event()
        self.release = threading.Event()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        if not self.release.is_set():
            self.stalled.set()
            while not self.release.is_set():
                await asyncio.sleep(0.05)
            return "451 4.3.0 Try again later"  # never accepted: the sender is gone
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def stalling_smtp():
    server = SmtpServer()
    server._controller.stop()
    server.handler = StallingHandler()
    from register.mail.sink import start_sink

    server._controller = start_sink(server.handler)
    server.url = f"smtp://127.0.0.1:{server._controller.port}"
    yield server
    server.handler.release.set()
    server.stop()


def test_worker_killed_mid_job_runs_it_again_once(
    make_app, queue_settings, stalling_smtp, worker_process
):
    app = make_app(MAIL_URL=stalling_smtp.url, JOB_LEASE_SECONDS=2, **queue_settings)
    [message_id] = _send(app, "a@school.example")

    worker = worker_process(app)  # the long-running worker
    assert stalling_smtp.handler.stalled.wait(60), "the worker never started delivering"
    with app.app_context():
        claimed = db.session.get(Message, message_id)
        assert claimed.state is MessageState.QUEUED
        assert claimed.claimed_until is not None  # held by the worker being killed
    worker.kill()  # SIGKILL: no clean-up, no hand-back of the task
    worker.wait(timeout=10)
    stalling_smtp.handler.release.set()
    assert stalling_smtp.messages == []

    time.sleep(2.5)  # the dead worker's claim runs out
    restarted = worker_process(app, "--burst")
    output, _ = restarted.communicate(timeout=60)
    assert restarted.returncode == 0, output

    assert stalling_smtp.wait_for(1) and stalling_smtp.recipients() == ["a@school.example"]
    time.sleep(0.5)
    assert len(stalling_smtp.messages) == 1  # nothing doubled
    with app.app_context():
        message = db.session.get(Message, message_id)
        assert (message.state, message.attempts) == (MessageState.SENT, 1)
        assert db.session.scalar(sa.select(sa.func.count(Message.id))) == 1
