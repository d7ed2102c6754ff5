"""Scheduled reminders with a moved clock: the school after each term, then staff."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from register.config import Defaults
from register.notifications.reminders import daily_reminders, send_scheduled_reminders
from tests.agreements.conftest import load
from tests.mail.test_agreement_notifications import (  # noqa: F401  (fixture)
    school_without_users as school_without_users,
)


@pytest.fixture
def app(make_app, smtp_server):
    return make_app(MAIL_URL=smtp_server.url, PUBLIC_BASE_URL="https://register.example.nl")


def _since(app, agreement_id, attribute):
    with app.app_context():
        return getattr(load(agreement_id), attribute)


def _new(smtp_server, before):
    return sorted((str(m["To"]), str(m["Subject"])) for m in smtp_server.messages[before:])


def test_a_school_is_reminded_after_each_term_and_staff_after_the_last(
    app, build, people, smtp_server, run_jobs
):
    agreement_id = build("in_review")
    build("signed")  # signed: never reminded
    run_jobs(app)
    sent_at = _since(app, agreement_id, "sent_at")
    with app.app_context():
        number = load(agreement_id).number
    school = sorted([people["school"].email, people["reviewer"].email])
    reminder = f"Herinnering: verwerkersovereenkomst {number} wacht op u"

    before = len(smtp_server.messages)
    assert send_scheduled_reminders(app, now=sent_at + dt.timedelta(days=13, hours=23)) == 0
    run_jobs(app)
    assert _new(smtp_server, before) == []

    for _ in range(2):  # the same term twice: one reminder
        send_scheduled_reminders(app, now=sent_at + dt.timedelta(days=14))
        run_jobs(app)
    assert _new(smtp_server, before) == [(address, reminder) for address in school]

    before = len(smtp_server.messages)
    send_scheduled_reminders(app, now=sent_at + dt.timedelta(days=20))
    run_jobs(app)
    assert _new(smtp_server, before) == []

    for _ in range(2):
        send_scheduled_reminders(app, now=sent_at + dt.timedelta(days=28))
        run_jobs(app)
    escalation = f"Stichting Voorbeeldscholen laat verwerkersovereenkomst {number} liggen"
    assert _new(smtp_server, before) == sorted(
        [*((address, reminder) for address in school), (people["privacy"].email, escalation)]
    )
    [to_staff] = smtp_server.to(people["privacy"].email)[-1:]
    assert "28 dagen" in to_staff.get_body(("plain",)).get_content()


def test_awaiting_signature_reminds_the_signatories_from_the_approval(
    app, build, people, smtp_server, run_jobs
):
    agreement_id = build("awaiting")
    run_jobs(app)
    approved_at = _since(app, agreement_id, "approved_at")
    before = len(smtp_server.messages)
    send_scheduled_reminders(app, now=approved_at + dt.timedelta(days=15))
    run_jobs(app)
    assert [to for to, _subject in _new(smtp_server, before)] == [people["school"].email]


def test_a_school_without_users_is_reminded_at_its_contact_address(
    app,
    build,
    school_without_users,  # noqa: F811
    smtp_server,
    run_jobs,
):
    agreement_id = build("in_review", school_id=school_without_users)
    run_jobs(app)
    before = len(smtp_server.messages)
    send_scheduled_reminders(app, now=_since(app, agreement_id, "sent_at") + dt.timedelta(days=14))
    run_jobs(app)
    assert [to for to, _subject in _new(smtp_server, before)] == ["privacy@duinmeer.example"]


def test_no_terms_means_no_reminders(make_app, smtp_server, build, people, run_jobs):
    app = make_app(MAIL_URL=smtp_server.url, REMINDER_DAYS="")
    agreement_id = build("in_review")
    run_jobs(app)
    before = len(smtp_server.messages)
    later = _since(app, agreement_id, "sent_at") + dt.timedelta(days=60)
    assert send_scheduled_reminders(app, now=later) == 0
    run_jobs(app)
    assert len(smtp_server.messages) == before


def test_the_daily_task_runs_on_the_worker_with_the_real_clock(
    app, build, people, smtp_server, run_jobs
):
    build("in_review")  # just sent: no term has passed
    run_jobs(app)
    before = len(smtp_server.messages)
    daily_reminders()  # queued; the worker runs it
    assert run_jobs(app) == 1
    assert len(smtp_server.messages) == before


def test_the_readme_documents_the_default_reminder_terms():
    readme = (Path(__file__).parents[2] / "README.md").read_text()
    row = re.search(r"^\| `REGISTER_REMINDER_DAYS` \|.*\| `([^`]*)` \|$", readme, re.M)
    assert row is not None and row.group(1) == Defaults.REMINDER_DAYS
