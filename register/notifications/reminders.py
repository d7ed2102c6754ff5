"""Reminders on a schedule: schools that leave an agreement waiting, then staff.

Every morning `daily_reminders` looks at every agreement that waits for its school (in review
or awaiting signature) and counts the days since it came to that step (`sent_at`,
`approved_at`). `REMINDER_DAYS` (e.g. "14,28") are the terms: once a term has passed, the
people who must act are reminded (as with "herinnering sturen": reviewers or signatories, the
contact address where there is nobody); once the last term has passed, staff are told as
well (`agreement_escalation`). Each message has a key made of the agreement, its step, how
often it was sent and the term, so every reminder goes out once however often the task runs;
an agreement sent again after a rejection starts counting afresh.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask import Flask
from huey import crontab

from register.agreements.models import Agreement
from register.agreements.states import AgreementState
from register.db import utcnow
from register.extensions import db
from register.jobs.queue import bound_app, queue
from register.notifications.agreements import escalate, remind
from register.notifications.queries import WAITING_FOR_SCHOOL


def reminder_terms(app: Flask) -> list[int]:
    """`REMINDER_DAYS` as sorted whole days ("14,28" -> [14, 28]); empty: no reminders."""
    raw = str(app.config.get("REMINDER_DAYS") or "")
    return sorted({int(part) for part in raw.replace(" ", "").split(",") if part})


def waiting_since(agreement: Agreement) -> dt.datetime | None:
    """When the agreement came to the step it waits at."""
    if agreement.state is AgreementState.AWAITING_SIGNATURE:
        return agreement.approved_at
    return agreement.sent_at


def send_scheduled_reminders(app: Flask, *, now: dt.datetime | None = None) -> int:
    """Remind schools past a term and escalate past the last; return the agreements reminded."""
    with app.app_context():
        terms = reminder_terms(app)
        if not terms:
            return 0
        now = now or utcnow()
        reminded = 0
        waiting = db.session.scalars(
            sa.select(Agreement)
            .where(Agreement.state.in_(WAITING_FOR_SCHOOL))
            .order_by(Agreement.id)
        )
        for agreement in waiting:
            since = waiting_since(agreement)
            if since is None:
                continue
            days = (now - since).days
            passed = [term for term in terms if term <= days]
            if not passed:
                continue
            step = f"{agreement.id}:{agreement.state.value}:{agreement.sent_count}"
            remind(agreement, f"reminder:{step}:{passed[-1]}")
            if passed[-1] == terms[-1]:
                escalate(agreement, f"escalation:{step}", days=days)
            reminded += 1
        db.session.commit()
        return reminded


@queue.periodic_task(crontab(hour="8", minute="3"), name="register.notifications.reminders.daily")
def daily_reminders() -> int:
    """Every morning: remind schools whose agreement waits longer than a term."""
    return send_scheduled_reminders(bound_app())
