"""Serving an agreement's PDFs (staff and portal alike): stored bytes, audited, never cached."""

from __future__ import annotations

import io

from flask import Response, abort, current_app, send_file
from sqlalchemy.orm import Session

from register.agreements.documents import render_leaflet_pdf, template_for
from register.agreements.lookups import document_with_content, snapshot_data
from register.agreements.models import Agreement
from register.agreements.storage import DocumentKind
from register.audit.recorder import record_event

# URL names of the stored documents.
KINDS = {"overeenkomst": DocumentKind.ORIGINAL, "ondertekend": DocumentKind.SIGNED}
KINDS["scan"] = DocumentKind.SCAN


def _pdf_response(data: bytes, download_name: str) -> Response:
    response = send_file(
        io.BytesIO(data),
        mimetype="application/pdf",
        as_attachment=True,
        download_name=download_name,
        etag=False,
        conditional=False,
        max_age=0,
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def send_document(session: Session, agreement: Agreement, kind_name: str) -> Response:
    """The stored PDF of this kind, byte for byte (404 when there is none)."""
    kind = KINDS.get(kind_name)
    if kind is None:
        abort(404)
    document = document_with_content(session, agreement, kind)
    if document is None:
        abort(404)
    record_event(
        session,
        "download",
        entity_type="agreement",
        entity_id=agreement.id,
        summary=f"{document.filename} (sha256 {document.sha256[:16]}…)",
    )
    return _pdf_response(document.content, document.filename)


def leaflet_limit() -> str:
    """Leaflets are rendered per download: limit how often one client may ask."""
    return current_app.config["LEAFLET_RATE_LIMIT"]


def send_leaflet(session: Session, agreement: Agreement, index: int) -> Response:
    """A product's Privacybijsluiter, rendered on demand from the frozen snapshot."""
    snapshot = snapshot_data(session, agreement)
    if snapshot is None or not 0 <= index < len(snapshot["products"]):
        abort(404)
    product = snapshot["products"][index]
    meta = snapshot["agreement"]
    info = template_for(meta["template_id"], meta["template_version"], meta["template_sha256"])
    data = render_leaflet_pdf(info, snapshot, index, current_app.config["PDF_RENDER_TIMEOUT"])
    name = f"{agreement.number}-privacybijsluiter-{product['code']}.pdf"
    record_event(session, "download", entity_type="agreement", entity_id=agreement.id, summary=name)
    return _pdf_response(data, name)
