"""Fixtures for agreement tests: a seeded register, users and agreements in given states."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from register.activities.models import Activity
from register.agreements.lifecycle import (
    move_agreement,
    send_agreement,
    sign_agreement,
    supersede,
)
from register.agreements.models import Agreement, Signing
from register.agreements.services import create_agreement
from register.agreements.states import Party
from register.auth.models import User, UserRole
from register.extensions import db
from register.jobs.models import Job, JobState
from register.jobs.worker import run_burst
from register.organisations.models import Organisation
from tests.agreements.seed import Register, seed_register

TIMEOUT = 60.0


@pytest.fixture
def reg(app: Flask) -> Register:
    with app.app_context():
        return seed_register()


@pytest.fixture
def people(reg: Register, make_user: Callable[..., User]) -> dict[str, User]:
    school = Organisation(id=reg.school_id)
    other = Organisation(id=reg.other_school_id)
    return {
        "privacy": make_user(
            UserRole.PRIVACY, name="Pia Privacy", signatory=True, function="Directeur"
        ),
        "staff": make_user(UserRole.PRIVACY, name="Stef Staff"),
        "auditor": make_user(UserRole.AUDITOR),
        "school": make_user(
            UserRole.CONTRACT_MANAGER,
            organisations=[school],
            signatory=True,
            name="Jan de Vries",
            function="Bestuurder",
        ),
        "reviewer": make_user(UserRole.CONTRACT_MANAGER, organisations=[school]),
        "other": make_user(UserRole.CONTRACT_MANAGER, organisations=[other], signatory=True),
    }


def user(session: Any, detached: User) -> User:
    return session.get(User, detached.id)


@pytest.fixture
def build(app: Flask, reg: Register, people: dict[str, User]) -> Callable[..., int]:
    """Create an agreement and drive it to `until` (draft, in_review, awaiting, signed); a
    signed one has its signed PDF (a real worker ran the job)."""

    def factory(until: str = "draft", **changes: Any) -> int:
        with app.app_context():
            session = db.session
            staff = user(session, people["privacy"])
            agreement = create_agreement(session, reg.command(**changes), user_id=staff.id)
            steps = ["draft", "in_review", "awaiting", "signed"]
            if steps.index(until) >= 1:
                send_agreement(session, agreement, user=staff, ip="192.0.2.1", timeout=TIMEOUT)
            if steps.index(until) >= 2:
                move_agreement(
                    session,
                    agreement,
                    "approve",
                    user=user(session, people["school"]),
                    ip="198.51.100.7",
                )
            if steps.index(until) >= 3:
                sign_agreement(
                    session,
                    agreement,
                    Party.CONTROLLER,
                    Signing("Jan de Vries", "Bestuurder", agreement.number),
                    user=user(session, people["school"]),
                    ip="198.51.100.7",
                )
                sign_agreement(
                    session,
                    agreement,
                    Party.PROCESSOR,
                    Signing("Pia Privacy", "Directeur", "AKKOORD"),
                    user=staff,
                    ip="192.0.2.1",
                )
            session.commit()
            agreement_id = agreement.id
        if until == "signed":
            run_burst(app)  # the worker renders, seals and stores the signed PDF
        return agreement_id

    return factory


@pytest.fixture
def replace(app: Flask, people: dict[str, User]) -> Callable[[int], tuple[int, str]]:
    """Change the register (a retention period) and send a replacement of a signed agreement.

    `replace(old_id)` gives the replacement's id and the replaced agreement's number.
    """

    def replacement(old_id: int) -> tuple[int, str]:
        with app.app_context():
            session = db.session
            staff = user(session, people["privacy"])
            activity = session.scalars(sa.select(Activity)).one()
            activity.retention_rules[0].period = "6 maanden na einde licentie"
            session.commit()
            new = supersede(session, load(old_id), user_id=staff.id)
            send_agreement(session, new, user=staff, ip="", timeout=TIMEOUT)
            session.commit()
            return new.id, load(old_id).number

    return replacement


def load(agreement_id: int) -> Agreement:
    agreement = db.session.get(Agreement, agreement_id)
    assert agreement is not None
    return agreement


def kill_at_step(
    app: Flask,
    worker: subprocess.Popen[str],
    job_of: Callable[[Any, int], Job | None],
    agreement_id: int,
    step: str,
) -> None:
    """SIGKILL the worker process once the agreement's job (`job_of(session, agreement_id)`)
    is running `step`: its transaction never commits."""
    deadline = time.monotonic() + 60
    with app.app_context():
        while time.monotonic() < deadline:
            db.session.rollback()
            job = job_of(db.session, agreement_id)
            if job is not None and job.state is JobState.RUNNING and job.step == step:
                break
            time.sleep(0.02)
        else:
            pytest.fail(f"the worker never started the step {step!r}")
    worker.kill()
    worker.wait(timeout=10)
