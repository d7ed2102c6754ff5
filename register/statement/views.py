"""The privacy statement as a public web page and as a PDF.

Public on purpose: a privacy statement is addressed to everyone whose data the company
processes (GDPR art. 12-14). It shows only the aggregated content of active controller
activities; `build_statement` never reads internal fields.
"""

from __future__ import annotations

from flask import current_app, render_template
from werkzeug.wrappers import Response

from register.auth.access import public
from register.error_pages import render_error
from register.extensions import db, limiter
from register.pdf import RenderError
from register.statement import bp
from register.statement.document import statement_pdf
from register.statement.services import build_statement


def _pdf_limit() -> str:
    return current_app.config["STATEMENT_PDF_RATE_LIMIT"]


@bp.get("")
@public
def index() -> str:
    """The privacy statement generated from the register."""
    return render_template("statement/index.html", statement=build_statement(db.session))


@bp.get("/pdf")
@public
@limiter.limit(_pdf_limit)
def pdf() -> Response | tuple[str, int]:
    """The privacy statement as a PDF document."""
    html = render_template("statement/document.html", statement=build_statement(db.session))
    try:
        data = statement_pdf(html, timeout=float(current_app.config["PDF_RENDER_TIMEOUT"]))
    except RenderError as error:
        current_app.logger.error("Privacy statement PDF failed: %s", error.detail)
        return render_error(503, error.message)
    response = current_app.response_class(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = 'inline; filename="privacyverklaring.pdf"'
    return response
