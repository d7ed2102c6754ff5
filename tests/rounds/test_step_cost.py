"""A round's step reads what its items share once: the documents check and the texts."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from sqlalchemy import event

from register.calendar import today
from register.extensions import db
from register.organisations.models import Organisation, OrganisationKind
from register.rounds.models import ItemState, Round, RoundItem, RoundKind
from register.rounds.queries import Selection
from register.rounds.running import _prepare
from register.rounds.services import start_round


@contextmanager
def _statements() -> Iterator[list[str]]:
    seen: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001
        seen.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def _activity_reads(statements: list[str]) -> int:
    """Statements that load the register's activities (what the documents check reads)."""
    return sum(1 for s in statements if s.lstrip().startswith("SELECT") and "FROM activity" in s)


def test_the_documents_check_runs_once_per_step_not_per_item(app, reg, people, more_schools):
    more_schools(8)
    with app.app_context():
        # Art. 30(2)(a): each school's FG or its decision not to appoint one (the seed's own
        # organisation has its FG, which the documents check requires before anything is sent).
        db.session.execute(
            sa.update(Organisation)
            .where(Organisation.kind == OrganisationKind.SCHOOL)
            .values(dpo_not_appointed=True, dpo_not_appointed_reason="Geen verplichting.")
        )
        db.session.commit()
    selection = Selection(kind=RoundKind.UNCOVERED, product_id=reg.product_id)
    with app.app_context():
        round_ = start_round(db.session, selection, user_id=people["privacy"].id, on=today())
        db.session.commit()
        reads = []
        for batch in (2, 8):  # a step of two items, then one of six more
            with _statements() as statements:
                _prepare(db.session, round_, None, batch)
            db.session.commit()
            reads.append(_activity_reads(statements))
        sending = db.session.scalar(
            sa.select(sa.func.count())
            .select_from(RoundItem)
            .where(RoundItem.round_id == round_.id, RoundItem.state == ItemState.SENDING)
        )
        reasons = db.session.scalars(
            sa.select(RoundItem.reason).where(RoundItem.round_id == round_.id)
        ).all()
        assert sending == 8, reasons
        assert reads[0] > 0
        assert reads[1] == reads[0]  # three times the items, the same reads of the register
        assert db.session.get(Round, round_.id).finished_at is None
