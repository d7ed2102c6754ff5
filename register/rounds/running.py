"""Working a round through: a Huey task that advances it one step at a time.

`advance_round(round_id, tick)` is one transaction: it first takes the round's tick with a
compare-and-set (a stale or second task for the same round finds another tick and stops),
settles the items whose send job ended (done, or failed with the job's reason, the draft
cancelled so a later round can try again), and, unless the round is paused, prepares the
next items until `ROUND_BATCH` sends are in flight: a draft from the defaults
(`services.default_command`) or a replacement (`lifecycle.supersede`), then the ordinary
send job (`agreements.sending.queue_send`). The item records the draft and the job in the
same transaction that made them, so a worker killed at any point leaves each item either
untouched or complete. The task queues itself again while anything is open; the recovery
hook queues it for rounds a dead worker left behind.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from dataclasses import dataclass
from typing import Any, cast

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from register.agreements.errors import NumberTaken
from register.agreements.lifecycle import move_agreement, supersede
from register.agreements.models import Agreement
from register.agreements.queries import agreement_for_licence
from register.agreements.sending import queue_send
from register.agreements.services import create_agreement, default_command, template_choices
from register.agreements.states import LIVE, AgreementState
from register.audit.context import Actor, acting_as
from register.audit.recorder import record_event
from register.auth.models import User
from register.db import table_of, utcnow
from register.documents.findings import Finding, register_findings
from register.errors import DomainError
from register.extensions import db
from register.jobs.after_commit import enqueue_after_commit
from register.jobs.models import Job, JobState
from register.jobs.queue import job
from register.jobs.worker import on_worker_start
from register.products.models import Licence
from register.rounds.errors import RoundError
from register.rounds.models import ItemState, Round, RoundItem

POLL_SECONDS = 1.0  # how soon a round looks again at the sends it is waiting for
log = logging.getLogger(__name__)


def queue_advance(session: Session, round_: Round) -> None:
    """Advance the round once `session` commits (flushes nothing)."""
    enqueue_after_commit(session, advance_round, round_.id, round_.tick)


@job(retries=2, retry_delay=2, name="advance_round")
def advance_round(round_id: int, tick: int) -> None:
    """Settle what ended and prepare the next batch (a Huey task; safe to run twice)."""
    if not _take_tick(round_id, tick):
        return
    round_ = db.session.get(Round, round_id)
    assert round_ is not None
    user = db.session.get(User, round_.created_by_id) if round_.created_by_id else None
    actor = Actor(id=user.id, email=user.email) if user else Actor(id=None, email="systeem")
    with acting_as(actor):
        _settle(db.session, round_, user)
        if not round_.paused:
            _prepare(db.session, round_, user, int(current_app.config["ROUND_BATCH"]))
        waiting, sending = _open_counts(db.session, round_.id)
        again = sending > 0 or (waiting > 0 and not round_.paused)
        if not (waiting or sending):
            round_.finished_at = utcnow()
            record_event(
                db.session,
                "round_finish",
                entity_type="round",
                entity_id=round_.id,
                summary=f"Ronde {round_.id} afgerond",
            )
    next_tick = round_.tick
    db.session.commit()
    if again:
        try:
            advance_round.schedule(args=(round_id, next_tick), delay=POLL_SECONDS)
        except Exception:  # the recovery hook queues it again
            log.exception("could not queue round %s again", round_id)


def _take_tick(round_id: int, tick: int) -> bool:
    """Compare-and-set: only the task holding the current tick advances the round."""
    table = table_of(Round)
    taken = db.session.execute(
        sa.update(table)
        .where(table.c.id == round_id, table.c.tick == tick, table.c.finished_at.is_(None))
        .values(tick=tick + 1, advanced_at=utcnow())
    )
    if not cast("sa.CursorResult[Any]", taken).rowcount:
        db.session.rollback()
        return False
    return True


def _open_counts(session: Session, round_id: int) -> tuple[int, int]:
    counts = dict(
        session.execute(
            sa.select(RoundItem.state, sa.func.count())
            .where(
                RoundItem.round_id == round_id,
                RoundItem.state.in_([ItemState.WAITING, ItemState.SENDING]),
            )
            .group_by(RoundItem.state)
        ).all()
    )
    return int(counts.get(ItemState.WAITING, 0)), int(counts.get(ItemState.SENDING, 0))


def _settle(session: Session, round_: Round, user: User | None) -> None:
    """Items whose send job ended: done, or failed with its reason (the draft cancelled)."""
    ended = session.execute(
        sa.select(RoundItem, Job.state, Job.last_error)
        .join(Job, Job.id == RoundItem.send_job_id)
        .where(
            RoundItem.round_id == round_.id,
            RoundItem.state == ItemState.SENDING,
            Job.state.in_([JobState.DONE, JobState.FAILED]),
        )
        .order_by(RoundItem.id)
    ).all()
    for item, state, error in ended:
        if state is JobState.DONE:
            item.state = ItemState.DONE
            continue
        item.state, item.reason = ItemState.FAILED, error
        draft = session.get(Agreement, item.agreement_id) if item.agreement_id else None
        if draft is not None and draft.state is AgreementState.DRAFT:
            move_agreement(session, draft, "cancel", user=user, ip="")
    session.flush()


def _prepare(session: Session, round_: Round, user: User | None, batch: int) -> None:
    """Make drafts and queue their sends until `batch` sends are in flight."""
    _waiting, sending = _open_counts(session, round_.id)
    items = session.scalars(
        sa.select(RoundItem)
        .where(RoundItem.round_id == round_.id, RoundItem.state == ItemState.WAITING)
        .order_by(RoundItem.id)
        .limit(max(0, batch - sending))
    ).all()
    if not items:
        return
    # What every item of this step shares is read once: the documents check over the
    # register and the catalogue of texts (each took longer than the rest of an item). The
    # step's send jobs check the register once per worker process (`sending.step_findings`).
    step = _Step(
        findings=register_findings(session),
        choices=template_choices(),
        key=secrets.token_hex(8),
    )
    for item in items:
        try:
            with session.begin_nested():  # a refusal undoes this item only
                agreement = _draft_for(session, item, user, step)
                send = queue_send(
                    session, agreement, user=user, ip="", findings=step.findings, step=step.key
                )
                item.agreement_id, item.send_job_id = agreement.id, send.id
                item.state = ItemState.SENDING
                session.flush()
        except NumberTaken:
            return  # someone drew the same number at this moment: the next step tries again
        except DomainError as error:
            item.state, item.reason = ItemState.FAILED, str(error.message)
            session.flush()


@dataclass(frozen=True, slots=True)
class _Step:
    """What the items of one step share, read once per step in its transaction."""

    findings: list[Finding]
    choices: list[tuple[str, str]]
    # Named in each send job, so a worker checks the register once per step too.
    key: str


def _draft_for(session: Session, item: RoundItem, user: User | None, step: _Step) -> Agreement:
    user_id = user.id if user else None
    if item.target_id is not None:
        old = session.get(Agreement, item.target_id)
        assert old is not None
        return supersede(session, old, user_id=user_id)
    licence = session.get(Licence, item.licence_id)
    assert licence is not None
    covered = agreement_for_licence(Agreement.state.in_(LIVE))
    if session.scalar(sa.select(covered).where(Licence.id == licence.id)):
        # Made by hand since the round started.
        raise RoundError(_l("De school heeft intussen al een overeenkomst voor dit product."))
    command = default_command(
        session, licence.organisation, (licence.product_id,), choices=step.choices
    )
    return create_agreement(session, command, user_id=user_id)


@on_worker_start
def queue_unfinished_rounds(at_start: bool) -> None:
    """Queue again every unfinished round not advanced within a lease (all at a start)."""
    now = utcnow()
    lease = dt.timedelta(seconds=float(current_app.config["JOB_LEASE_SECONDS"]))
    statement = sa.select(Round.id, Round.tick).where(Round.finished_at.is_(None))
    if not at_start:
        statement = statement.where(
            sa.or_(Round.advanced_at.is_(None), Round.advanced_at < now - lease)
        )
    for round_id, tick in db.session.execute(statement).all():
        advance_round.schedule(args=(round_id, tick), delay=0)
