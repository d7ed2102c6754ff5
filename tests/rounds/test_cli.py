"""`flask --app register agreements round`: a dry run changes nothing; a run queues the round."""

from __future__ import annotations

import sqlalchemy as sa

from register.agreements.models import Agreement
from register.extensions import db
from register.rounds.models import Round, RoundKind


def test_dry_run_prints_count_and_schools_and_changes_nothing(app, runner, reg):
    result = runner.invoke(
        args=["agreements", "round", "--uncovered", "--product", "DOENIN", "--dry-run"]
    )
    assert result.exit_code == 0, result.output
    assert "Stichting Voorbeeldscholen\tDOENIN" in result.output
    assert "Andere Scholengroep\tDOENIN" in result.output
    assert "2 overeenkomst(en); er is niets veranderd." in result.output
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Round.id))) == 0


def test_round_is_queued_for_the_worker(app, runner, reg, run_jobs):
    result = runner.invoke(args=["agreements", "round", "--uncovered", "--product", "DOENIN"])
    assert result.exit_code == 0, result.output
    assert "staat klaar met 2 overeenkomst(en)" in result.output
    with app.app_context():
        [round_] = db.session.scalars(sa.select(Round)).all()
        assert (round_.kind, round_.product_id, round_.created_by_id) == (
            RoundKind.UNCOVERED,
            reg.product_id,
            None,
        )
        assert db.session.scalar(sa.select(sa.func.count(Agreement.id))) == 0  # the worker's job
    run_jobs(app, wait=60)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Agreement.id))) == 2
    again = runner.invoke(args=["agreements", "round", "--uncovered", "--product", "DOENIN"])
    assert again.exit_code != 0 and "Er is niets te doen" in again.output
    unknown = runner.invoke(args=["agreements", "round", "--product", "NOPE", "--dry-run"])
    assert unknown.exit_code != 0 and "Onbekend product: NOPE" in unknown.output
