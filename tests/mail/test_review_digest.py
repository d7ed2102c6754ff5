"""The weekly digest of due review dates: each owner once a week, their activities only."""

from __future__ import annotations

import datetime as dt

import pytest

from register.activities.models import ActivityStatus
from register.auth.models import UserRole
from register.extensions import db
from register.mail.models import Message
from register.notifications.review_digest import send_review_digests, weekly_review_digest
from tests.conftest import body_html, body_text

MONDAY = dt.date(2026, 11, 30)
OWNER = "eigenaar.hr@kpc.example"


@pytest.fixture
def app(make_app, smtp_server):
    return make_app(MAIL_URL=smtp_server.url, PUBLIC_BASE_URL="https://register.example.nl")


@pytest.fixture
def owners(make_activity, make_user):
    english = make_user(UserRole.PRIVACY, email="Owner.ICT@kpc.example", language="en")
    make_activity(name="Personeelsdossier", owner_email=OWNER, review_date=MONDAY)
    make_activity(
        name="Verzuimregistratie",
        owner_email="Eigenaar.HR@kpc.example",  # the same owner, written differently
        review_date=MONDAY - dt.timedelta(days=40),
        status=ActivityStatus.ACTIVE,
    )
    make_activity(name="Werving", owner_email=OWNER, review_date=MONDAY + dt.timedelta(days=1))
    make_activity(
        name="Oud systeem",
        owner_email=OWNER,
        review_date=MONDAY - dt.timedelta(days=400),
        status=ActivityStatus.RETIRED,
    )
    make_activity(name="Zonder adres", review_date=MONDAY - dt.timedelta(days=3))
    make_activity(name="Netwerkbeheer", owner_email="owner.ict@kpc.example", review_date=MONDAY)
    return english


def _received(smtp_server, before=0):
    return sorted(smtp_server.messages[before:], key=lambda m: str(m["To"]).lower())


def test_each_owner_gets_one_digest_of_their_due_reviews(app, owners, smtp_server, run_jobs):
    for _ in range(2):  # the task running twice in a week sends one digest per owner
        assert send_review_digests(app, today=MONDAY) == 2
        run_jobs(app)
    hr, ict = _received(smtp_server)
    assert [str(hr["To"]), str(ict["To"])] == [OWNER, "Owner.ICT@kpc.example"]

    assert hr["Subject"] == "Herziening: 2 verwerkingen zijn aan de beurt"
    text = body_text(hr)
    assert text.index("Verzuimregistratie") < text.index("Personeelsdossier")  # oldest first
    assert "40 dagen te laat" in text
    assert "herzien op 30 november 2026" in text
    for absent in ("Werving", "Oud systeem", "Zonder adres", "Netwerkbeheer"):
        assert absent not in text
    assert "https://register.example.nl/verwerkingen/" in text
    html = body_html(hr)
    assert "Personeelsdossier</a>" in html and 'lang="nl"' in html

    # A staff user with the owner's address reads it in their own language.
    assert ict["Subject"] == "Review: 1 processing activity is due"
    assert "Netwerkbeheer" in body_text(ict) and "Personeelsdossier" not in body_text(ict)

    with app.app_context():
        recorded = db.session.query(Message).filter_by(template="review_digest").count()
    assert recorded == 2


def test_a_week_later_the_owners_hear_again_and_not_before(app, owners, smtp_server, run_jobs):
    send_review_digests(app, today=MONDAY)
    run_jobs(app)
    before = len(smtp_server.messages)
    send_review_digests(app, today=MONDAY + dt.timedelta(days=6))  # Sunday, same ISO week
    run_jobs(app)
    assert len(smtp_server.messages) == before

    send_review_digests(app, today=MONDAY + dt.timedelta(days=7))
    run_jobs(app)
    hr, ict = _received(smtp_server, before)
    assert hr["Subject"] == "Herziening: 3 verwerkingen zijn aan de beurt"  # Werving is due now
    assert "Werving" in body_text(hr)
    assert "Netwerkbeheer" in body_text(ict)


def test_the_weekly_task_runs_on_monday_mornings_in_the_worker(app, owners, run_jobs):
    schedule = weekly_review_digest.s()
    monday_morning = dt.datetime(2026, 11, 30, 7, 11, tzinfo=dt.UTC)
    assert schedule.validate_datetime(monday_morning)
    assert not schedule.validate_datetime(monday_morning + dt.timedelta(days=1))
    weekly_review_digest()  # queued; the worker runs it (today's due dates)
    assert run_jobs(app) >= 1
    with app.app_context():
        assert db.session.query(Message).filter_by(template="review_digest").count() == 2
