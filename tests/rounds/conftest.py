"""Fixtures for round tests: the agreements' seeded register and people, more schools."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
import sqlalchemy as sa
from flask import Flask

from register.calendar import today
from register.extensions import db
from register.organisations.models import Organisation, OrganisationKind
from register.products.models import Licence
from register.rounds.models import Round, RoundKind
from register.rounds.queries import Selection
from register.rounds.services import start_round
from tests.agreements.conftest import build, people, reg  # noqa: F401  (fixtures)
from tests.agreements.seed import Register
from tests.jobs.conftest import worker_process  # noqa: F401  (fixture)


@pytest.fixture
def more_schools(app: Flask, reg: Register) -> Callable[[int], list[int]]:  # noqa: F811
    """`n` more school boards, each with a DOENIN licence; returns their ids."""

    def add(n: int) -> list[int]:
        with app.app_context():
            schools = [
                Organisation(
                    kind=OrganisationKind.SCHOOL,
                    name=f"Scholengroep {i:03d}",
                    brin=f"{i:02d}ZZ"[:8],
                    kvk=f"{50000000 + i}",
                    representative_name=f"Bestuurder {i:03d}",
                    representative_function="Voorzitter college van bestuur",
                )
                for i in range(n)
            ]
            db.session.add_all(schools)
            db.session.flush()
            db.session.add_all(
                Licence(
                    organisation_id=s.id, product_id=reg.product_id, start_date=dt.date(2026, 8, 1)
                )
                for s in schools
            )
            db.session.commit()
            return [s.id for s in schools]

    return add


def schools_decided_on_fg() -> None:
    """Every school records its decision not to appoint an FG (art. 30(2)(a)); the documents
    check requires it before anything is sent. Commits."""
    db.session.execute(
        sa.update(Organisation)
        .where(Organisation.kind == OrganisationKind.SCHOOL)
        .values(dpo_not_appointed=True, dpo_not_appointed_reason="Geen verplichting.")
    )
    db.session.commit()


def start_uncovered_round(reg: Register, user_id: int) -> Round:  # noqa: F811
    """A round over every DOENIN licence without an agreement, started today. Commits."""
    round_ = start_round(
        db.session,
        Selection(kind=RoundKind.UNCOVERED, product_id=reg.product_id),
        user_id=user_id,
        on=today(),
    )
    db.session.commit()
    return round_
