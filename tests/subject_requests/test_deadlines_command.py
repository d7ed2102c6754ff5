"""`flask deadlines` and the dashboard panel on the demo register."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from register.breaches.models import Breach, BreachNotice
from register.calendar import today
from register.extensions import db
from register.subject_requests.models import Outcome, SubjectRequest


def test_deadlines_on_the_demo_print_the_overdue_request_and_the_breach(app, runner):
    assert runner.invoke(args=["demo"]).exit_code == 0
    result = runner.invoke(args=["deadlines"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    with app.app_context():
        overdue = db.session.scalars(
            sa.select(SubjectRequest).where(SubjectRequest.requester_name == "M. Jansen")
        ).one()
        breach = db.session.scalars(sa.select(Breach)).one()
        forwarded = db.session.scalars(
            sa.select(SubjectRequest).where(SubjectRequest.outcome == Outcome.FORWARDED)
        ).one()
        assert forwarded.forwarded_to.startswith("privacy@")
        assert db.session.scalar(sa.select(sa.func.count()).select_from(BreachNotice)) > 0
        overdue_ref, breach_ref, forwarded_ref = (
            overdue.reference,
            breach.reference,
            forwarded.reference,
        )
        days = (today() - overdue.due_on).days
    [request_line] = [line for line in lines if overdue_ref in line]
    assert request_line.startswith("Verzoek") and f"TE LAAT ({days} dagen)" in request_line
    [breach_line] = [line for line in lines if breach_ref in line]
    assert breach_line.startswith("Datalek") and "DOENIN" in breach_line
    assert not any(forwarded_ref in line for line in lines)  # closed: not listed
    # Soonest deadline first: the overdue request heads the list.
    assert lines[0] == request_line


def test_deadlines_without_anything_open(runner):
    result = runner.invoke(args=["deadlines"])
    assert result.exit_code == 0 and "Geen openstaande" in result.output


def test_dashboard_panel_counts_open_soon_and_overdue(app, runner, client, auth, make_user):
    from register.auth.models import UserRole

    assert runner.invoke(args=["demo"]).exit_code == 0
    auth.login_as(make_user(UserRole.AUDITOR))
    captured = []

    from flask import template_rendered

    def record(sender, template, context, **extra):
        captured.append(context)

    with template_rendered.connected_to(record, app):
        assert client.get("/dashboard").status_code == 200
    panel = captured[0]["privacy"]
    assert (panel.requests.open, panel.requests.soon, panel.requests.overdue) == (2, 0, 1)
    assert (panel.breaches.open, panel.breaches.soon, panel.breaches.overdue) == (1, 1, 0)
    assert panel.urgent[0].due < today() - dt.timedelta(days=1)
