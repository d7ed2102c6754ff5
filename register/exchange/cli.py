"""`flask --app register export` and `flask --app register import`: the register as files."""

from __future__ import annotations

import getpass
from pathlib import Path
from urllib.parse import parse_qsl

import click
from flask.cli import with_appcontext
from flask_babel import gettext as _

from register.audit.context import Actor, acting_as
from register.errors import DomainError
from register.exchange.dates import parse_as_of
from register.exchange.errors import ImportInvalid
from register.exchange.exporting.services import FORMATS, ExportCommand, export_register
from register.exchange.filters import ActivityFilter
from register.extensions import db
from register.pdf import RenderError


def _operator() -> Actor:
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "onbekend"
    return Actor(id=None, email=f"cli:{user}")


@click.command("export")
@with_appcontext
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True, help="Formaat.")
@click.option("--as-of", "as_of", default="", help="Stand op datum JJJJ-MM-DD.")
@click.option(
    "--filter", "query", default="", help="Filter als in /verwerkingen, bv. rol=processor"
)
@click.option(
    "--record",
    type=click.Choice(["controller", "processor", "schools"]),
    default=None,
    help="CSV: alleen dit deel (anders een zip met alle delen).",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
def export_command(fmt: str, as_of: str, query: str, record: str | None, output: Path) -> None:
    """Export the register to a file (audited)."""
    try:
        command = ExportCommand(
            format=fmt,
            activity_filter=ActivityFilter.from_args(dict(parse_qsl(query))),
            as_of=parse_as_of(as_of),
            record=record if fmt == "csv" else None,
        )
        with acting_as(_operator()):
            exported = export_register(db.session, command)
        # Audit first: an export that exists on disk must always be in the audit trail.
        db.session.commit()
        output.write_bytes(exported.data)
    except (DomainError, RenderError) as error:
        db.session.rollback()
        raise click.ClickException(str(error.message)) from None
    except OSError as error:
        db.session.rollback()
        raise click.ClickException(
            _("Kan %(path)s niet schrijven: %(reason)s", path=output, reason=error.strerror)
        ) from None
    click.echo(
        _("%(count)d verwerking(en) geëxporteerd naar %(path)s", count=exported.count, path=output)
    )


@click.command("import")
@with_appcontext
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Alleen controleren en tonen wat er zou veranderen.")
def import_command(path: Path, dry_run: bool) -> None:
    """Import a register workbook (validated first; all or nothing)."""
    from register.exchange.importing.services import import_register, plan_lines

    try:
        content = path.read_bytes()
    except OSError as error:
        raise click.ClickException(
            _("Kan %(path)s niet lezen: %(reason)s", path=path, reason=error.strerror)
        ) from None
    try:
        with acting_as(_operator()):
            result = import_register(db.session, content, filename=path.name, dry_run=dry_run)
        if dry_run:
            db.session.rollback()
        else:
            db.session.commit()
    except ImportInvalid as error:
        db.session.rollback()
        for issue in error.issues:
            click.echo(str(issue), err=True)
        raise click.ClickException(str(error.message)) from None
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(str(error.message)) from None
    for line in plan_lines(result):
        click.echo(line)
    click.echo(_("Proefimport: er is niets opgeslagen.") if dry_run else _("Import opgeslagen."))
