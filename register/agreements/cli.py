"""`flask --app register agreements ...`: check the texts, refresh drift flags, queue a round."""

from __future__ import annotations

import click
import sqlalchemy as sa
from flask.cli import with_appcontext

from register.agreements.documents.render import templates_root
from register.agreements.drift import refresh_drift
from register.audit.context import Actor, acting_as
from register.calendar import today
from register.db import current_session
from register.errors import DomainError
from register.extensions import db
from register.products.models import Product
from register.rounds.models import RoundKind
from register.rounds.queries import Selection, candidates
from register.rounds.services import start_round
from register.texts import check_all


@click.group("agreements")
def agreements_group() -> None:
    """Processor agreements: texts, drift and bulk rounds."""


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


@agreements_group.command("round")
@click.option("--uncovered", "kind", flag_value=RoundKind.UNCOVERED.value, default=True)
@click.option("--outdated", "kind", flag_value=RoundKind.OUTDATED.value)
@click.option("--changed", "kind", flag_value=RoundKind.CHANGED.value)
@click.option("--product", "product_code", default="", help="Only this product (its code).")
@click.option("--school", default="", help="Only school boards whose name or BRIN contains it.")
@click.option("--dry-run", is_flag=True, help="Print the count and the schools; change nothing.")
@with_appcontext
def round_command(kind: str, product_code: str, school: str, dry_run: bool) -> None:
    """Queue a bulk round (the worker makes and sends the agreements)."""
    session = current_session()
    product_id = None
    if product_code:
        product_id = session.scalar(sa.select(Product.id).where(Product.code == product_code))
        if product_id is None:
            raise click.UsageError(f"Onbekend product: {product_code}")
    selection = Selection(kind=RoundKind(kind), product_id=product_id, school=school.strip())
    if dry_run:
        rows = session.execute(candidates(session, selection, today())).all()
        for row in rows:
            click.echo(f"{row.school}\t{row.subject}")
        click.echo(f"{len(rows)} overeenkomst(en); er is niets veranderd.")
        return
    with acting_as(Actor(id=None, email="cli:agreements-round")):
        try:
            started = start_round(session, selection, user_id=None, on=today())
            db.session.commit()
        except DomainError as error:
            db.session.rollback()
            raise click.ClickException(str(error.message)) from error
    click.echo(
        f"Ronde {started.id} staat klaar met {started.total} overeenkomst(en); "
        "de worker maakt en verzendt ze (flask --app register worker)."
    )
