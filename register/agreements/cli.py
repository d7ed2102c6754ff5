"""`flask --app register agreements ...`: check the agreement texts, refresh drift flags."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from register.agreements.documents.render import templates_root
from register.agreements.drift import refresh_drift
from register.audit.context import Actor, acting_as
from register.db import current_session
from register.extensions import db
from register.texts import check_all


@click.group("agreements")
def agreements_group() -> None:
    """Processor agreements: texts and drift."""


@agreements_group.command("check")
@with_appcontext
def check_command() -> None:
    """Check every agreement template; exit non-zero when any has a problem."""
    report = check_all(templates_root())
    failures = 0
    for key in sorted(report):
        problems = report[key]
        if problems:
            failures += 1
            click.echo(f"{key}: {len(problems)} probleem/problemen")
            for problem in problems:
                click.echo(f"  - {problem}")
        else:
            click.echo(f"{key}: in orde")
    if not report:
        click.echo("Geen sjablonen gevonden.")
    if failures:
        raise SystemExit(1)


@agreements_group.command("drift")
@with_appcontext
def drift_command() -> None:
    """Recompute which signed agreements have register data that changed since signing."""
    with acting_as(Actor(id=None, email="cli:agreements-drift")):
        result = refresh_drift(current_session())
        db.session.commit()
    click.echo(
        f"{result.flagged} ondertekende overeenkomst(en) met gewijzigde registergegevens "
        f"({result.added} nieuw, {result.cleared} niet meer)."
    )
