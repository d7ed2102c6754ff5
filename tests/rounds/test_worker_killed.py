"""A round whose worker is killed with `kill -9` halfway: restarted, nothing doubled or lost."""

from __future__ import annotations

import time

import pytest
import sqlalchemy as sa

from register.agreements.documents.storage import AgreementDocument, DocumentKind
from register.agreements.models import Agreement
from register.agreements.states import AgreementState
from register.extensions import db
from register.jobs.models import Job
from register.rounds.models import ItemState, Round, RoundItem
from tests.rounds.conftest import start_uncovered_round

pytestmark = pytest.mark.slow


def _sent(app) -> int:
    with app.app_context():
        db.session.rollback()
        return int(
            db.session.scalar(
                sa.select(sa.func.count(Agreement.id)).where(
                    Agreement.state == AgreementState.IN_REVIEW
                )
            )
            or 0
        )


def test_worker_killed_mid_round_then_restarted(
    make_app,
    reg,
    people,
    more_schools,
    worker_process,
    tmp_path,
):
    app = make_app(JOB_LEASE_SECONDS=2, QUEUE_URL=f"sqlite:///{tmp_path / 'jobs.db'}")
    more_schools(6)  # eight DOENIN licences in all
    with app.app_context():
        round_ = start_uncovered_round(reg, people["privacy"].id)
        round_id = round_.id
        assert round_.total == 8

    worker = worker_process(app)  # the long-running worker, two threads
    deadline = time.monotonic() + 120
    while _sent(app) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    worker.kill()  # SIGKILL mid-round: sends in flight, items still waiting
    worker.wait(timeout=10)
    halfway = _sent(app)
    assert 2 <= halfway < 8, f"{halfway} sent when the worker was killed"

    time.sleep(2.5)  # the dead worker's claims run out
    restarted = worker_process(app, "--burst", "--wait", "60")
    output, _ = restarted.communicate(timeout=300)
    assert restarted.returncode == 0, output

    with app.app_context():
        items = db.session.scalars(sa.select(RoundItem).where(RoundItem.round_id == round_id)).all()
        assert [i.state for i in items] == [ItemState.DONE] * 8  # nothing lost
        assert db.session.get(Round, round_id).finished_at is not None
        agreements = db.session.scalars(sa.select(Agreement)).all()
        assert len(agreements) == 8  # nothing doubled: one agreement per licence
        assert len({a.school_id for a in agreements}) == 8
        assert {a.state for a in agreements} == {AgreementState.IN_REVIEW}
        assert {a.sent_count for a in agreements} == {1}
        originals = db.session.scalar(
            sa.select(sa.func.count(AgreementDocument.id)).where(
                AgreementDocument.kind == DocumentKind.ORIGINAL
            )
        )
        assert originals == 8  # each sent (rendered and stored) exactly once
        assert db.session.scalar(sa.select(sa.func.count(Job.id))) == 8  # one send job each
