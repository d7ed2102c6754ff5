"""Starting, pausing and resuming a round: services that flush; the caller commits."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from register.audit.recorder import record_event
from register.db import table_of, utcnow
from register.rounds.errors import NothingToDo, RoundError
from register.rounds.models import KIND_LABELS, ItemState, Round, RoundItem
from register.rounds.queries import Selection, candidates
from register.rounds.running import queue_advance


def start_round(
    session: Session, selection: Selection, *, user_id: int | None, on: dt.date
) -> Round:
    """A round over everything `selection` covers now, queued for the worker (one audit entry).

    The items are inserted from the selection in one statement; an item already open in
    another round is left out, and the database refuses a second open item per licence or
    agreement should two rounds start at the same moment.
    """
    round_ = Round(
        kind=selection.kind,
        product_id=selection.product_id,
        school=selection.school,
        created_by_id=user_id,
    )
    session.add(round_)
    session.flush()
    chosen = candidates(session, selection, on).subquery()
    items = table_of(RoundItem)
    values = sa.select(
        sa.literal(round_.id),
        chosen.c.licence_id,
        chosen.c.target_id,
        chosen.c.school_id,
        sa.literal(ItemState.WAITING.value),
        sa.literal(""),
        sa.literal(utcnow(), items.c.updated_at.type),
    )
    columns = ["round_id", "licence_id", "target_id", "school_id", "state", "reason"]
    try:
        with session.begin_nested():
            session.execute(items.insert().from_select([*columns, "updated_at"], values))
    except sa.exc.IntegrityError as error:
        raise RoundError(
            _l(
                "Tegelijk is een andere ronde gestart met dezelfde licenties of overeenkomsten. "
                "Er is niets opgeslagen; bekijk de selectie opnieuw."
            )
        ) from error
    round_.total = int(
        session.scalar(
            sa.select(sa.func.count()).select_from(RoundItem).where(RoundItem.round_id == round_.id)
        )
        or 0
    )
    if not round_.total:
        raise NothingToDo()
    record_event(
        session,
        "round_start",
        entity_type="round",
        entity_id=round_.id,
        summary=f"Ronde {round_.id}: {KIND_LABELS[round_.kind]}, {round_.total} gestart",
    )
    session.flush()
    queue_advance(session, round_)
    return round_


def pause_round(session: Session, round_: Round) -> None:
    """Prepare no further items; sends already queued still finish."""
    _set_paused(session, round_, True)


def resume_round(session: Session, round_: Round) -> None:
    """Go on where the round was paused."""
    _set_paused(session, round_, False)
    queue_advance(session, round_)


def _set_paused(session: Session, round_: Round, paused: bool) -> None:
    if round_.finished:
        raise RoundError(_l("Deze ronde is al afgerond."))
    round_.paused = paused
    action, summary = ("round_pause", "gepauzeerd") if paused else ("round_resume", "hervat")
    record_event(session, action, entity_type="round", entity_id=round_.id, summary=summary)
    session.flush()
