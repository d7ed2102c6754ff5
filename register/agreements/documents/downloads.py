"""Serving an agreement's PDFs (staff and portal alike): stored bytes, audited, never cached.

A signed PDF the worker has not stored yet answers 503 with a Dutch message and Retry-After.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import Response, abort, make_response
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from register.agreements.documents.reading import Reach, document_within, leaflet_with_content
from register.agreements.documents.storage import AgreementDocument, DocumentKind
from register.agreements.models import Agreement
from register.agreements.signed_pdf import signed_online
from register.audit.recorder import record_event
from register.downloads import attachment
from register.error_pages import render_error

# URL names of the stored documents.
KINDS = {"overeenkomst": DocumentKind.ORIGINAL, "ondertekend": DocumentKind.SIGNED}
KINDS["scan"] = DocumentKind.SCAN


def send_document(session: Session, reach: Reach, agreement_id: int, kind_name: str) -> Response:
    """The stored PDF of this kind of an agreement within `reach`, byte for byte (404 when
    there is none, or the agreement is beyond the reach): one query, then the audit entry."""
    kind = KINDS.get(kind_name)
    if kind is None:
        abort(404)
    document = document_within(session, reach, agreement_id, kind)
    if document is None and kind is DocumentKind.SIGNED:
        agreement = session.scalars(
            reach(sa.select(Agreement).where(Agreement.id == agreement_id))
        ).first()
        if agreement is not None and signed_online(agreement):
            return _not_ready()
    if document is None:
        abort(404)
    return _send(session, document)


def _not_ready() -> Response:
    """The signed PDF's job has not stored it yet (register.agreements.signed_pdf)."""
    page, code = render_error(
        503,
        _(
            "De ondertekende pdf wordt nog opgemaakt. Probeer het over een minuut opnieuw; "
            "de pagina van de overeenkomst toont hem zodra hij klaar is."
        ),
    )
    return make_response(page, code, {"Retry-After": "30"})


def _send(session: Session, document: AgreementDocument) -> Response:
    # The response first: the audit entry takes the write lock, which the view's commit
    # right after lets go, so the lock is held for the entry alone.
    response = attachment(document.content, "application/pdf", document.filename)
    record_event(
        session,
        "download",
        entity_type="agreement",
        entity_id=document.agreement_id,
        summary=f"{document.filename} (sha256 {document.sha256[:16]}…)",
    )
    return response


def send_leaflet(session: Session, agreement: Agreement, index: int) -> Response:
    """A product's Privacybijsluiter as stored when the agreement was sent (404 if none)."""
    document = leaflet_with_content(session, agreement, index)
    if document is None:
        abort(404)
    return _send(session, document)
