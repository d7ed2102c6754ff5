"""Bulk rounds with a real worker: preview, start, progress, pause, resume, never doubled."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from register.agreements.models import Agreement, agreement_product
from register.agreements.services import create_agreement
from register.agreements.states import AgreementState
from register.audit.models import AuditEntry
from register.calendar import today
from register.extensions import db
from register.rounds.errors import NothingToDo
from register.rounds.models import ItemState, Round, RoundItem, RoundKind
from register.rounds.queries import Selection
from register.rounds.running import advance_round
from register.rounds.services import start_round
from tests.conftest import AuthActions
from tests.rounds.conftest import start_uncovered_round


def _agreements_per_licence(product_id: int) -> dict[int, list[AgreementState]]:
    rows = db.session.execute(
        sa.select(Agreement.school_id, Agreement.state)
        .join(agreement_product, agreement_product.c.agreement_id == Agreement.id)
        .where(agreement_product.c.product_id == product_id)
    ).all()
    found: dict[int, list[AgreementState]] = {}
    for school_id, state in rows:
        found.setdefault(school_id, []).append(state)
    return found


def _items(round_id: int) -> list[RoundItem]:
    return list(
        db.session.scalars(
            sa.select(RoundItem).where(RoundItem.round_id == round_id).order_by(RoundItem.id)
        )
    )


def test_preview_shows_count_and_schools_and_changes_nothing(app, client, reg, people):
    AuthActions(client).login(people["privacy"].email)
    page = client.get(f"/overeenkomsten/rondes/voorbeeld?kind=uncovered&product={reg.product_id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "2 overeenkomst(en)" in html
    assert "Stichting Voorbeeldscholen" in html and "Andere Scholengroep" in html
    narrowed = client.get("/overeenkomsten/rondes/voorbeeld?kind=uncovered&school=34CD")
    assert "1 overeenkomst(en)" in narrowed.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Round.id))) == 0
        assert db.session.scalar(sa.select(sa.func.count(Agreement.id))) == 0


def test_round_sends_one_agreement_per_licence_and_reports_failures(
    app, client, reg, people, run_jobs
):
    AuthActions(client).login(people["privacy"].email)
    response = client.post("/overeenkomsten/rondes/starten", data={"kind": "uncovered"})
    assert response.status_code == 302
    round_url = response.headers["Location"]
    waiting = client.get(round_url)
    assert waiting.headers.get("Refresh") == "3"  # followed without a script

    run_jobs(app, wait=60)

    with app.app_context():
        [round_] = db.session.scalars(sa.select(Round)).all()
        assert round_.total == 3 and round_.finished_at is not None
        items = _items(round_.id)
        states = sorted(i.state.value for i in items)
        assert states == ["done", "done", "failed"]
        [failed] = [i for i in items if i.state is ItemState.FAILED]
        # SVA has no processor activity: the documents check refuses sending, says why, and
        # the refused draft is not kept (nothing left half-made).
        assert "documentcontrole" in failed.reason and "Scholing voor Arbeid" in failed.reason
        assert failed.agreement_id is None
        assert db.session.scalar(sa.select(sa.func.count(Agreement.id))) == 2
        for item in items:
            if item.state is ItemState.DONE:
                assert db.session.get(Agreement, item.agreement_id).state is (
                    AgreementState.IN_REVIEW
                )
        assert _agreements_per_licence(reg.product_id) == {
            reg.school_id: [AgreementState.IN_REVIEW],
            reg.other_school_id: [AgreementState.IN_REVIEW],
        }
        starts = db.session.scalars(
            sa.select(AuditEntry).where(AuditEntry.action == "round_start")
        ).all()
        assert len(starts) == 1 and starts[0].entity_id == str(round_.id)

    done = client.get(round_url)
    assert "Refresh" not in done.headers
    html = done.get_data(as_text=True)
    assert "Scholing voor Arbeid" in html and "Afgerond" in html


def test_a_round_run_twice_never_makes_a_second_agreement(app, reg, people, run_jobs):
    selection = Selection(kind=RoundKind.UNCOVERED, product_id=reg.product_id)
    with app.app_context():
        first = start_round(db.session, selection, user_id=people["privacy"].id, on=today())
        db.session.commit()
        # The same round again before the worker ran: every licence is held by an open item.
        with pytest.raises(NothingToDo):
            start_round(db.session, selection, user_id=people["privacy"].id, on=today())
        db.session.rollback()
        first_id, tick = first.id, first.tick
    # The same step queued twice (a retry, a recovery): only one holds the tick.
    advance_round.call_local(first_id, tick)
    advance_round.call_local(first_id, tick)
    run_jobs(app, wait=60)
    with app.app_context():
        with pytest.raises(NothingToDo):  # after it: every licence is covered
            start_round(db.session, selection, user_id=None, on=today())
        db.session.rollback()
        assert _agreements_per_licence(reg.product_id) == {
            reg.school_id: [AgreementState.IN_REVIEW],
            reg.other_school_id: [AgreementState.IN_REVIEW],
        }
        # And the database itself refuses a second open item for a licence.
        [item] = [i for i in _items(first_id) if i.school_id == reg.school_id]
        other = Round(kind=RoundKind.UNCOVERED)
        db.session.add(other)
        db.session.flush()
        db.session.add_all(
            RoundItem(round_id=other.id, school_id=reg.school_id, licence_id=item.licence_id)
            for _ in range(2)
        )
        with pytest.raises(IntegrityError):
            db.session.flush()
        db.session.rollback()


def test_pause_stops_new_agreements_and_resume_finishes(
    app, client, reg, people, run_jobs, more_schools
):
    more_schools(4)
    app.config["ROUND_BATCH"] = 2
    AuthActions(client).login(people["privacy"].email)
    url = client.post(
        "/overeenkomsten/rondes/starten", data={"kind": "uncovered", "product": reg.product_id}
    ).headers["Location"]
    round_id = int(url.rstrip("/").rsplit("/", 1)[1])
    with app.app_context():
        advance_round.call_local(round_id, 0)  # the first batch: two drafts, two sends queued
    client.post(f"/overeenkomsten/rondes/{round_id}/pauzeren")
    run_jobs(app, wait=60)
    with app.app_context():
        items = _items(round_id)
        assert [i.state for i in items].count(ItemState.DONE) == 2
        assert [i.state for i in items].count(ItemState.WAITING) == 4
        assert db.session.get(Round, round_id).finished_at is None
    paused = client.get(url)
    assert "Refresh" not in paused.headers and "gepauzeerd" in paused.get_data(as_text=True)

    client.post(f"/overeenkomsten/rondes/{round_id}/hervatten")
    run_jobs(app, wait=120)
    with app.app_context():
        assert {i.state for i in _items(round_id)} == {ItemState.DONE}
        assert db.session.get(Round, round_id).finished_at is not None
        per_school = _agreements_per_licence(reg.product_id)
        assert len(per_school) == 6 and all(len(v) == 1 for v in per_school.values())
        actions = db.session.scalars(
            sa.select(AuditEntry.action)
            .where(AuditEntry.entity_type == "round")
            .order_by(AuditEntry.id)
        ).all()
        assert actions == ["round_start", "round_pause", "round_resume", "round_finish"]


def test_an_agreement_made_by_hand_meanwhile_is_not_made_again(app, reg, people, run_jobs):
    with app.app_context():
        round_ = start_uncovered_round(reg, people["privacy"].id)
        round_id = round_.id
        # Before the worker gets to it, staff draft the other school's agreement by hand.
        create_agreement(db.session, reg.command(school_id=reg.other_school_id))
        db.session.commit()
    run_jobs(app, wait=60)
    with app.app_context():
        by_school = {i.school_id: i for i in _items(round_id)}
        assert by_school[reg.school_id].state is ItemState.DONE
        skipped = by_school[reg.other_school_id]
        assert skipped.state is ItemState.FAILED and skipped.agreement_id is None
        assert "al een overeenkomst" in skipped.reason
        assert _agreements_per_licence(reg.product_id)[reg.other_school_id] == [
            AgreementState.DRAFT
        ]
