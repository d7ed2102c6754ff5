"""A file sent as a download that no cache keeps (exports, stored documents, job results)."""

from __future__ import annotations

import io
from collections.abc import Callable

from flask import Response, current_app, send_file

from register.error_pages import render_error
from register.extensions import db
from register.pdf import RenderError


def attachment(data: bytes, mimetype: str, filename: str) -> Response:
    """`data` as an attachment named `filename`, with ``Cache-Control: no-store``."""
    response = send_file(
        io.BytesIO(data), mimetype=mimetype, as_attachment=True, download_name=filename
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def rendered_pdf(render: Callable[[], bytes], filename: str) -> Response | tuple[str, int]:
    """The PDF `render()` makes as an attachment, its audit entry committed first.

    A PDF that could not be rendered (`RenderError`) rolls back, is logged and answers the
    503 error page with its Dutch message.
    """
    try:
        data = render()
    except RenderError as error:
        db.session.rollback()
        current_app.logger.error("PDF %s failed: %s", filename, error.detail)
        return render_error(503, error.message)
    db.session.commit()
    return attachment(data, "application/pdf", filename)
