"""A file sent as a download that no cache keeps (exports, stored documents, job results)."""

from __future__ import annotations

import io

from flask import Response, send_file


def attachment(data: bytes, mimetype: str, filename: str) -> Response:
    """`data` as an attachment named `filename`, with ``Cache-Control: no-store``."""
    response = send_file(
        io.BytesIO(data), mimetype=mimetype, as_attachment=True, download_name=filename
    )
    response.headers["Cache-Control"] = "no-store"
    return response
