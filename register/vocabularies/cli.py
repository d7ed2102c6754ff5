"""The `flask --app register vocabularies defaults` command for a new production database."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from register.audit.context import Actor, acting_as
from register.extensions import db
from register.vocabularies.defaults import ensure_default_vocabularies


@click.group("vocabularies")
def vocabularies_group() -> None:
    """Manage the register's vocabularies."""


@vocabularies_group.command("defaults")
@with_appcontext
def defaults_command() -> None:
    """Add the Dutch default terms that are missing; existing terms are never changed."""
    with acting_as(Actor(id=None, email="cli")):
        result = ensure_default_vocabularies(db.session)
        db.session.commit()
    click.echo(f"{result.total} standaardtermen toegevoegd.")
