"""Where each round stands, on the dashboard and the agreements overview, in fixed queries."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from register.agreements.lifecycle import move_agreement
from register.agreements.models import Agreement
from register.auth.models import User
from register.calendar import today
from register.extensions import db
from register.rounds.models import ItemState, Round, RoundItem, RoundKind
from register.rounds.queries import Selection, where_rounds_stand
from register.rounds.services import start_round
from tests.conftest import AuthActions
from tests.dashboard.conftest import counting_queries


def _round_agreements(round_id: int) -> dict[int, Agreement]:
    """The round's sent agreements by school."""
    return {
        a.school_id: a
        for a in db.session.scalars(
            sa.select(Agreement)
            .join(RoundItem, RoundItem.agreement_id == Agreement.id)
            .where(RoundItem.round_id == round_id, RoundItem.state == ItemState.DONE)
        )
    }


def test_figures_per_round(app, client, reg, people, run_jobs, more_schools):
    with app.app_context():
        round_ = start_round(
            db.session,
            Selection(kind=RoundKind.UNCOVERED),
            user_id=people["privacy"].id,
            on=today(),
        )
        db.session.commit()
        round_id = round_.id
    run_jobs(app, wait=60)
    with app.app_context():
        made = _round_agreements(round_id)
        # The school approves one; the other school's only signatory leaves and its
        # agreement has waited three weeks (past the first reminder term of 14 days).
        move_agreement(
            db.session,
            made[reg.school_id],
            "approve",
            user=db.session.get(User, people["school"].id),
            ip="198.51.100.7",
        )
        db.session.get(User, people["other"].id).is_signatory = False
        waiting = made[reg.other_school_id]
        waiting.sent_at = waiting.sent_at - dt.timedelta(days=21)
        db.session.commit()

        with app.test_request_context(), counting_queries() as one_round:
            [figures] = where_rounds_stand(db.session)
        assert (figures.done, figures.failed, figures.open) == (2, 1, 0)
        assert (figures.offered, figures.approved, figures.signed) == (2, 1, 0)
        assert (figures.overdue, figures.no_signatory) == (1, 1)

    # More rounds and more items: the same number of queries.
    more_schools(5)
    with app.app_context():
        start_round(db.session, Selection(kind=RoundKind.UNCOVERED), user_id=None, on=today())
        db.session.add(Round(kind=RoundKind.OUTDATED))
        db.session.commit()
        with app.test_request_context(), counting_queries() as three_rounds:
            standing = where_rounds_stand(db.session)
        # five new licences, and the one the first round failed on is tried again
        assert [f.round.total for f in standing] == [0, 6, 3]
        assert len(three_rounds) == len(one_round) == 2

    AuthActions(client).login(people["privacy"].email)
    for url in ("/dashboard", "/overeenkomsten/"):
        response = client.get(url)
        html = response.get_data(as_text=True)
        assert response.status_code == 200, url
        assert "Stand per ronde" in html and f"Ronde {round_id}" in html
        assert "Wacht langer dan de herinneringstermijn" in html
