"""Generic error pages in Dutch that leak nothing about the application."""

from __future__ import annotations

from typing import Any

from flask import Flask, render_template, request
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


def render_error(code: int, detail: str | None = None, **extra: Any) -> tuple[str, int]:
    """The generic error page for an HTTP status."""
    title, message = _messages().get(code, (_("Fout"), _("Er is een fout opgetreden.")))
    html = render_template(
        "errors.html", code=code, title=title, message=detail or message, **extra
    )
    return html, code


def _form_page() -> str | None:
    """The page the expired form was on, when it is one of ours."""
    referrer = request.referrer or ""
    return referrer if referrer.startswith(request.host_url) else None


def register_error_handlers(app: Flask) -> None:
    """Route HTTP errors, CSRF failures and unexpected exceptions to the generic page."""

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> tuple[str, int]:
        db.session.rollback()
        return render_error(
            400,
            _(
                "Het formulier is verlopen, bijvoorbeeld doordat uw sessie is verlopen. Wat u "
                "had ingevuld is in deze browser bewaard: ga terug naar het formulier (meld u "
                "zo nodig opnieuw aan) en uw invoer staat er weer; controleer die en sla "
                "opnieuw op."
            ),
            keeps_form=True,
            back=_form_page(),
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
