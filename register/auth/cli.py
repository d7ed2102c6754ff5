"""`flask --app register users ...`: create, deactivate and list users from the shell."""

from __future__ import annotations

import sys

import click
import sqlalchemy as sa
from flask import current_app, url_for
from flask.cli import with_appcontext
from sqlalchemy.orm import selectinload

from register.audit.context import Actor, acting_as
from register.auth.errors import AuthError
from register.auth.labels import role_label
from register.auth.models import TokenPurpose, User, UserRole
from register.auth.notices import send_invitation
from register.auth.services import find_user_by_email
from register.auth.tokens import LIFETIME, issue_token
from register.extensions import db
from register.users.errors import UserError
from register.users.services import UserCommand, create_user, deactivate_user

CLI_ACTOR = Actor(id=None, email="cli")


@click.group("users", help="Gebruikers aanmaken, deactiveren en tonen.")
def users_group() -> None:
    """Manage users from the command line."""


def _set_password_link(raw_token: str) -> str:
    base = current_app.config.get("PUBLIC_BASE_URL") or ""
    with current_app.test_request_context(base_url=base or "http://localhost"):
        path = url_for("auth.set_password", token=raw_token)
    return base.rstrip("/") + path if base else path


@users_group.command("create")
@click.argument("email")
@click.option(
    "--role",
    required=True,
    type=click.Choice([r.value for r in UserRole]),
    help="admin, privacy, auditor of contract-manager.",
)
@click.option("--name", default="", help="Naam (standaard het deel voor de @).")
@click.option(
    "--org",
    "organisations",
    multiple=True,
    help="School (BRIN, KvK-nummer of exacte naam); herhaalbaar, verplicht voor contract-manager.",
)
@click.option("--signatory", is_flag=True, help="Tekenbevoegd.")
@click.option("--function", default="", help="Functie.")
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Lees het wachtwoord (minstens 12 tekens) van standaardinvoer in plaats van een link.",
)
@with_appcontext
def create_command(
    email: str,
    role: str,
    name: str,
    organisations: tuple[str, ...],
    signatory: bool,
    function: str,
    password_stdin: bool,
) -> None:
    """Create a user with a password from stdin, or e-mail (or, without mail, print) a link."""
    password = sys.stdin.readline().rstrip("\r\n") if password_stdin else None
    data = UserCommand(
        name=name or email.split("@")[0],
        email=email,
        role=UserRole(role),
        organisations=organisations,
        is_signatory=signatory,
        function=function,
    )
    with acting_as(CLI_ACTOR):
        try:
            user = create_user(data, password=password)
            raw_token = None if password is not None else issue_token(user, TokenPurpose.INVITE)
            mailed = raw_token is not None and send_invitation(user, raw_token)
            db.session.commit()
        except (UserError, AuthError) as error:
            db.session.rollback()
            raise click.ClickException(str(error.message)) from error
    click.echo(f"Gebruiker {user.email} ({role_label(user.role)}) aangemaakt.")
    if mailed:
        click.echo(
            f"De uitnodiging met de eenmalige link is per e-mail naar {user.email} verstuurd."
        )
    elif raw_token is not None:
        hours = int(LIFETIME[TokenPurpose.INVITE].total_seconds() // 3600)
        click.echo(f"Eenmalige link om een wachtwoord te kiezen (geldig {hours} uur):")
        click.echo(_set_password_link(raw_token))


@users_group.command("deactivate")
@click.argument("email")
@with_appcontext
def deactivate_command(email: str) -> None:
    """Deactivate a user; their sessions end at once."""
    with acting_as(CLI_ACTOR):
        user = find_user_by_email(email)
        if user is None:
            raise click.ClickException(f"Geen gebruiker met e-mailadres {email}.")
        try:
            deactivate_user(user, acting_user=None)
            db.session.commit()
        except UserError as error:
            db.session.rollback()
            raise click.ClickException(str(error.message)) from error
    click.echo(f"Gebruiker {user.email} is gedeactiveerd.")


@users_group.command("list")
@with_appcontext
def list_command() -> None:
    """Print every user: e-mail, role, status and schools."""
    users = db.session.scalars(
        sa.select(User).options(selectinload(User.organisations)).order_by(User.email)
    )
    for user in users:
        status = "actief" if user.is_active else "gedeactiveerd"
        if user.is_active and not user.password_hash:
            status = "uitgenodigd"
        schools = ", ".join(o.name for o in user.organisations)
        signatory = " tekenbevoegd" if user.is_signatory else ""
        click.echo(f"{user.email}\t{user.role.value}\t{status}{signatory}\t{schools}".rstrip())
