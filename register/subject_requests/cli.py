"""`flask --app register deadlines`: open requests and breaches with their deadlines."""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from flask_babel import gettext as _

from register.calendar import LOCAL_ZONE, today
from register.extensions import db
from register.subject_requests.agenda import open_items


@click.command("deadlines")
@with_appcontext
def deadlines_command() -> None:
    """List open data-subject requests and data breaches with their deadlines."""
    day = today()
    items = open_items(db.session)
    if not items:
        click.echo(_("Geen openstaande verzoeken of datalekken."))
        return
    for item in items:
        label = _("Verzoek") if item.kind == "request" else _("Datalek")
        left = item.days_left(day)
        if item.due is None:
            when, note = "—", _("geen lopende termijn")
        else:
            when = (
                item.due_at.astimezone(LOCAL_ZONE).strftime("%Y-%m-%d %H:%M")
                if item.due_at
                else item.due.isoformat()
            )
            if left is not None and left < 0:
                note = _("TE LAAT (%(n)d dagen)", n=-left)
            elif left == 0:
                note = _("vandaag")
            else:
                note = _("nog %(n)d dagen", n=left)
        click.echo(f"{label:<8} {item.reference:<14} {when:<16} {note:<22} {item.title}")
