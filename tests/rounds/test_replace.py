"""Replacing an agreement still with the school, by hand and in a round: fresh rendering,
the old one superseded when the new one is sent, the school told."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from register.activities.models import Activity
from register.agreements.documents.storage import AgreementSnapshot
from register.agreements.models import Agreement
from register.agreements.states import AgreementState
from register.calendar import today
from register.extensions import db
from register.rounds.errors import NothingToDo
from register.rounds.models import ItemState, RoundItem, RoundKind
from register.rounds.queries import Selection
from register.rounds.services import start_round
from tests.agreements.conftest import load


@pytest.fixture
def app(make_app, smtp_server):
    return make_app(MAIL_URL=smtp_server.url, PUBLIC_BASE_URL="https://register.example.nl")


def _move_the_data_centre(app, reg) -> None:
    with app.app_context():
        activity = db.session.get(Activity, reg.activity_id)
        activity.storage_location = "Datacentrum Eindhoven"
        db.session.commit()


def _snapshot_text(agreement_id: int) -> str:
    data = db.session.scalars(
        sa.select(AgreementSnapshot.data).where(AgreementSnapshot.agreement_id == agreement_id)
    ).one()
    return json.dumps(data, ensure_ascii=False)


def _school_users(people) -> list[str]:
    return sorted([people["school"].email, people["reviewer"].email])


@pytest.mark.parametrize("until", ["in_review", "awaiting"])
def test_replacing_an_agreement_with_the_school(
    app, reg, build, people, smtp_server, run_jobs, client, auth, until
):
    old_id = build(until)
    _move_the_data_centre(app, reg)
    run_jobs(app)
    before = len(smtp_server.messages)
    auth.login_as(people["staff"])
    response = client.post(
        f"/overeenkomsten/{old_id}/vervangen", data={"version": load_version(app, old_id)}
    )
    assert response.status_code == 302 and "/wijzigen" in response.headers["Location"]
    with app.app_context():
        successors = sa.select(Agreement).where(Agreement.supersedes_id == old_id)
        new = db.session.scalars(successors).one()
        new_id, new_version = new.id, new.version
        assert new.state is AgreementState.DRAFT
        assert load(old_id).state is not AgreementState.SUPERSEDED  # not before it is sent
    client.post(f"/overeenkomsten/{new_id}/verzenden", data={"version": new_version})
    run_jobs(app)

    with app.app_context():
        old, new = load(old_id), load(new_id)
        assert new.state is AgreementState.IN_REVIEW
        assert old.state is AgreementState.SUPERSEDED and old.superseded_at is not None
        assert "Datacentrum Eindhoven" in _snapshot_text(new_id)  # a fresh rendering
        old_number, new_number = old.number, new.number
    messages = smtp_server.messages[before:]
    superseded = [m for m in messages if f"{old_number} is vervangen" in str(m["Subject"])]
    assert sorted(str(m["To"]) for m in superseded) == _school_users(people)
    assert all(new_number in m.get_body(("plain",)).get_content() for m in superseded)
    assert people["other"].email not in {str(m["To"]) for m in messages}


def load_version(app, agreement_id: int) -> int:
    with app.app_context():
        return load(agreement_id).version


def test_a_changed_round_replaces_what_changed(app, reg, build, people, smtp_server, run_jobs):
    pending, signed = build("in_review"), build("signed")
    _move_the_data_centre(app, reg)
    with app.app_context():
        round_ = start_round(
            db.session, Selection(kind=RoundKind.CHANGED), user_id=people["staff"].id, on=today()
        )
        db.session.commit()
        round_id = round_.id
        assert round_.total == 2
    run_jobs(app, wait=60)
    with app.app_context():
        items = db.session.scalars(sa.select(RoundItem).where(RoundItem.round_id == round_id)).all()
        assert {i.state for i in items} == {ItemState.DONE}
        assert {i.target_id for i in items} == {pending, signed}
        assert load(pending).state is AgreementState.SUPERSEDED  # the school was still at it
        assert load(signed).state is AgreementState.SIGNED  # until its successor is signed
        for item in items:
            successor = load(item.agreement_id)
            assert successor.supersedes_id == item.target_id
            assert successor.state is AgreementState.IN_REVIEW
            assert "Datacentrum Eindhoven" in _snapshot_text(successor.id)
        # Run again: what is being replaced already has its successor.
        with pytest.raises(NothingToDo):
            start_round(db.session, Selection(kind=RoundKind.CHANGED), user_id=None, on=today())
        db.session.rollback()
