"""The `flask --app register demo` command: load the demo register and print how to sign in."""

from __future__ import annotations

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import with_appcontext

from register.audit.context import Actor, acting_as
from register.demo.accounts import ACCOUNTS, DEMO_PASSWORD
from register.demo.services import load_demo
from register.extensions import db
from register.organisations.models import Organisation

KIND_NAMES = {
    "terms": "lijsttermen",
    "organisations": "organisaties",
    "products": "producten",
    "licences": "licenties",
    "activities": "verwerkingen",
    "users": "gebruikers",
    "agreements": "verwerkersovereenkomsten",
    "privacy_registers": "verzoeken en datalekken",
    "statement": "cookies en gepubliceerde privacyverklaringen",
}
ROLE_NAMES = {
    "admin": "beheerder",
    "privacy": "privacy officer",
    "auditor": "auditor",
    "contract-manager": "contractbeheerder school",
}


def _print_sign_in() -> None:
    click.echo("")
    url = current_app.config["PUBLIC_BASE_URL"]
    click.echo(f"Aanmelden op {url} met een van deze demo-accounts:")
    for account in ACCOUNTS:
        role = ROLE_NAMES[account.role.value]
        extra = ", tekenbevoegd" if account.signatory else ""
        click.echo(f"  {account.email:<38} {role}{extra}")
    click.echo(f"Wachtwoord (voor alle demo-accounts): {DEMO_PASSWORD}")
    # Issue 10: admins, privacy staff and signatories need a second factor.
    click.echo(
        "Beheerder, privacy officer en tekenbevoegden stellen bij de eerste aanmelding een "
        "tweede factor in: scan de QR-code met een authenticator-app (FreeOTP, Aegis, Google of "
        "Microsoft Authenticator). Zonder telefoon: neem de getoonde sleutel over en maak een "
        "code met  .venv/bin/python -c \"import pyotp; print(pyotp.TOTP('SLEUTEL').now())\""
    )


@click.command("demo")
@click.option(
    "--if-empty",
    is_flag=True,
    help="Only load when the database holds no organisations yet (used by `make run`).",
)
@with_appcontext
def demo_command(if_empty: bool) -> None:
    """Load the demo register (idempotent) and print how to sign in."""
    if if_empty and db.session.scalar(sa.select(sa.func.count(Organisation.id))):
        click.echo("De database bevat al organisaties; demogegevens niet opnieuw geladen.")
    else:
        with acting_as(Actor(id=None, email="demo")):
            timeout = float(current_app.config["PDF_RENDER_TIMEOUT"])
            result = load_demo(db.session, agreements_timeout=timeout)
            db.session.commit()
        if result.total:
            added = ", ".join(f"{n} {KIND_NAMES[kind]}" for kind, n in result.added.items())
            click.echo(f"Demoregister geladen: {added} toegevoegd.")
        else:
            click.echo("Demoregister was al volledig aanwezig; niets gewijzigd.")
    _print_sign_in()
