"""`flask --app register audit verify`: check the hash chain of the audit trail."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from register.audit.verify import verify_chain
from register.extensions import db


@click.group("audit", help="De audittrail controleren.")
def audit_group() -> None:
    """Audit trail commands."""


@audit_group.command("verify")
@with_appcontext
def verify_command() -> None:
    """Check every entry's hash and link; exit 1 at the first broken entry."""
    with db.engine.connect() as connection:
        report = verify_chain(connection)
    if report.ok:
        click.echo(f"OK: {report.checked} items gecontroleerd, de keten is intact.")
        return
    click.echo(
        f"FOUT: item {report.broken_id} {report.problem} "
        f"({report.checked} items ervoor zijn in orde).",
        err=True,
    )
    raise SystemExit(1)
