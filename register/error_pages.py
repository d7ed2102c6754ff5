"""Generic error pages in Dutch that leak nothing about the application."""

from __future__ import annotations

from typing import Any

from flask import Flask, render_template
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from register.extensions import db


def _messages() -> dict[int, tuple[str, str]]:
    return {
        400: (_("Ongeldig verzoek"), _("Het verzoek kon niet worden verwerkt.")),
        403: (_("Geen toegang"), _("U heeft geen toegang tot deze pagina.")),
        404: (_("Niet gevonden"), _("De pagina of het gegeven bestaat niet (meer).")),
        405: (_("Niet toegestaan"), _("Deze handeling is hier niet toegestaan.")),
        413: (
            _("Bestand te groot"),
            _("Het verzonden bestand of formulier is groter dan toegestaan."),
        ),
        429: (
            _("Te veel pogingen"),
            _("U heeft het te vaak geprobeerd. Wacht enkele minuten en probeer het opnieuw."),
        ),
        500: (
            _("Er ging iets mis"),
            _("Er is een fout opgetreden. Er is niets opgeslagen; probeer het later opnieuw."),
        ),
    }


def render_error(code: int, detail: str | None = None) -> tuple[str, int]:
    """The generic error page for an HTTP status."""
    title, message = _messages().get(code, (_("Fout"), _("Er is een fout opgetreden.")))
    return render_template("errors.html", code=code, title=title, message=detail or message), code


def register_error_handlers(app: Flask) -> None:
    """Route HTTP errors, CSRF failures and unexpected exceptions to the generic page."""

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> tuple[str, int]:
        db.session.rollback()
        return render_error(
            400,
            _(
                "Het formulier is verlopen of ongeldig (beveiligingscode ontbreekt). "
                "Laad de pagina opnieuw en probeer het nog eens."
            ),
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Any:
        db.session.rollback()
        if error.response is not None:  # a prepared page, e.g. sign-in when throttled
            return error.response
        return render_error(error.code or 500)

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception) -> tuple[str, int]:
        db.session.rollback()
        app.logger.exception("Unhandled error")
        return render_error(500)
