"""A file sent as a download that no cache keeps (exports, stored documents, job results)."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from urllib.parse import quote

from flask import Response, current_app

from register.error_pages import render_error
from register.extensions import db
from register.pdf import RenderError


def attachment(data: bytes, mimetype: str, filename: str) -> Response:
    """`data` as an attachment named `filename`, with ``Cache-Control: no-store``.

    The bytes are the body as they are, written by the server at once: `send_file` would
    hand it an in-memory file to read and write in blocks of 8 KB."""
    response = Response(data, mimetype=mimetype)
    response.headers.set("Content-Disposition", "attachment", **_download_names(filename))
    response.headers["Cache-Control"] = "no-store"
    return response


def _download_names(filename: str) -> dict[str, str]:
    # As `send_file` names a download: a non-ASCII name also in RFC 5987's UTF-8 form.
    try:
        filename.encode("ascii")
    except UnicodeEncodeError:
        simple = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode("ascii")
        return {"filename": simple, "filename*": f"UTF-8''{quote(filename, safe='!#$&+-.^_`|~')}"}
    return {"filename": filename}


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
