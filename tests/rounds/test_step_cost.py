"""A round's step reads what its items share once: the documents check and the texts.

Its send jobs check the register once per step and worker process as well.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from sqlalchemy import event

from register.extensions import db
from register.jobs.models import Job, JobState
from register.rounds.models import ItemState, Round, RoundItem
from register.rounds.running import _prepare
from tests.rounds.conftest import schools_decided_on_fg, start_uncovered_round


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
        schools_decided_on_fg()
        round_ = start_uncovered_round(reg, people["privacy"].id)
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


def test_the_send_jobs_of_a_step_check_the_register_once_per_worker(
    app, reg, people, more_schools, run_jobs, monkeypatch
):
    from register.agreements import sending
    from register.documents import findings

    more_schools(4)
    with app.app_context():
        schools_decided_on_fg()
        round_ = start_uncovered_round(reg, people["privacy"].id)
        _prepare(db.session, round_, None, 20)  # one step: every item's send job queued
        db.session.commit()
        items = db.session.scalars(sa.select(RoundItem).where(RoundItem.round_id == round_.id))
        assert {item.state for item in items} == {ItemState.SENDING}
    checks = []
    read = findings.register_findings

    def counted(session):  # noqa: ANN001, ANN202
        checks.append(1)
        return read(session)

    monkeypatch.setattr(findings, "register_findings", counted)
    monkeypatch.setattr(sending, "register_findings", counted)
    run_jobs(app, wait=0)
    with app.app_context():
        sent = db.session.scalar(
            sa.select(sa.func.count())
            .select_from(RoundItem)
            .join(Job, Job.id == RoundItem.send_job_id)
            .where(RoundItem.round_id == round_.id, Job.state == JobState.DONE)
        )
    assert sent >= 5  # the seed's two schools and four more
    assert len(checks) == 1  # not once per send


def test_a_step_check_is_kept_briefly_and_never_for_a_retry_or_a_send_by_hand(
    app, reg, monkeypatch
):
    from register.agreements import sending

    reads = []
    monkeypatch.setattr(sending, "register_findings", lambda session: reads.append(1) or [])
    with app.app_context():
        assert sending.step_findings(db.session, "") is None  # a send by hand checks itself
        assert sending.step_findings(db.session, "step-a", attempts=1) is None  # a retry too
        assert sending.step_findings(db.session, "step-a") == []
        assert sending.step_findings(db.session, "step-a") == []
        assert len(reads) == 1
        sending.step_findings(db.session, "step-b")
        assert len(reads) == 2
        monkeypatch.setattr(sending, "STEP_CHECK_SECONDS", -1.0)  # kept too long: read again
        sending.step_findings(db.session, "step-a")
        assert len(reads) == 3
