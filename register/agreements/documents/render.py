"""Render an agreement's PDFs from its snapshot: the agreement, the leaflets, the signed PDF.

Every render runs in a PDF worker within a timeout and happens before anything is stored,
so a failed render changes nothing. The agreement text is the version folder chosen when
the draft was made (`template_for` refuses one whose files changed since).
"""

from __future__ import annotations

import io
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from flask import current_app, render_template
from flask_babel import lazy_gettext as _l
from pypdf import PdfReader, PdfWriter

from register.agreements.documents.context import build_context
from register.agreements.documents.seal import current_seal
from register.agreements.documents.snapshot import canonical_json
from register.agreements.documents.storage import sha256_hex
from register.agreements.errors import DocumentRenderFailed, UnknownTemplateVersion
from register.agreements.models import Agreement
from register.pdf import (
    PdfAttachment,
    RenderError,
    RenderTimeout,
    SharedPages,
    compose_in_worker,
    render_in_worker,
    shared_pages,
)
from register.texts import (
    DocumentParts,
    TemplateInfo,
    TextsError,
    UnknownTemplate,
    document_parts,
    get_template,
    leaflet_parts,
    segment_id,
)


def templates_root() -> Path:
    """The folder holding the agreement texts (setting AGREEMENTS_DIR)."""
    return Path(current_app.config["AGREEMENTS_DIR"])


def template_for(
    template_id: str, version: str, expected_sha256: str | None = None
) -> TemplateInfo:
    """The agreement text; refuses a version folder whose files changed since it was chosen."""
    try:
        info = get_template(template_id, version, root=templates_root())
    except UnknownTemplate as error:
        raise UnknownTemplateVersion() from error
    if expected_sha256 and info.sha256 != expected_sha256:
        raise DocumentRenderFailed(
            _l(
                "De tekst van model %(key)s is gewijzigd sinds deze overeenkomst werd opgesteld. "
                "Een gebruikte tekstversie mag niet veranderen; zet de nieuwe tekst in een "
                "nieuwe versiemap.",
                key=info.key,
            )
        )
    return info


def _html(render: Any, *args: Any) -> Any:
    try:
        return render(*args)
    except TextsError as error:
        raise DocumentRenderFailed(
            _l("De tekst van de overeenkomst kon niet worden opgemaakt: %(detail)s", detail=error)
        ) from error


def _pdf(html: str, timeout: float, attachments: tuple[PdfAttachment, ...] = ()) -> bytes:
    try:
        return render_in_worker(html, attachments=attachments, timeout=timeout)
    except RenderError as error:
        raise DocumentRenderFailed(error.message) from error


def render_agreement_pdf(info: TemplateInfo, snapshot: dict[str, Any], timeout: float) -> bytes:
    """The agreement PDF (cover, body, annexes, signature page) with the snapshot attached."""
    return render_sent_documents(info, snapshot, timeout, leaflets=False)[0]


def render_sent_documents(
    info: TemplateInfo, snapshot: dict[str, Any], timeout: float, *, leaflets: bool = True
) -> tuple[bytes, list[bytes]]:
    """The agreement PDF and every product's Privacybijsluiter, all within `timeout`.

    What the agreement shares with every agreement of the same text and products (body,
    Privacybijsluiters, Beveiligingsbijlage) is laid out once per process and then stamped
    into this agreement's own frame, which carries its cover, number, page numbers and
    attachment (`register.pdf.sharing`); a leaflet is the same shared pages in a frame of
    its own. The documents are composed side by side, each on any free worker (not the
    part workers a long export may hold); one failure fails the send. With the setting
    PDF_SHARED_PAGES off, each document is rendered whole instead (the same text and pages).
    """
    deadline = time.monotonic() + timeout
    context = build_context(snapshot)
    document = _html(document_parts, info, context)
    sheets = [
        _html(leaflet_parts, info, context, index)
        for index in range(len(snapshot["products"]) if leaflets else 0)
    ]
    try:
        share = document.shared and current_app.config.get("PDF_SHARED_PAGES", True)
        shared = shared_pages(document.shared_html(), timeout=timeout) if share else None
        sources = [(_own_html(document, shared), _attachments(snapshot))]
        sources += [(_own_html(sheet, shared), ()) for sheet in sheets]
        with ThreadPoolExecutor(max_workers=len(sources), thread_name_prefix="send") as threads:
            futures = [
                threads.submit(
                    compose_in_worker,
                    html,
                    shared,
                    attachments=attachments,
                    timeout=max(deadline - time.monotonic(), 0.0),
                )
                for html, attachments in sources
            ]
            agreement, *rendered = [future.result() for future in futures]
    except RenderTimeout:
        # The whole limit, not what was left of it for the last step.
        error = RenderTimeout(timeout)
        raise DocumentRenderFailed(error.message) from None
    except RenderError as error:
        raise DocumentRenderFailed(error.message) from error
    return agreement, rendered


def _own_html(parts: DocumentParts, shared: SharedPages | None) -> str:
    if shared is None:
        return parts.full_html()  # every segment in place: nothing to stamp
    names = {segment.name: segment_id(segment.name) for segment in parts.shared}
    return parts.own_html(shared.placeholders(names))


def _attachments(snapshot: dict[str, Any]) -> tuple[PdfAttachment, ...]:
    number = snapshot["agreement"]["number"]
    return (
        PdfAttachment(
            name=f"{number}-registergegevens.json",
            data=canonical_json(snapshot),
            description="Registergegevens waaruit deze verwerkersovereenkomst is opgemaakt",
            mime_type="application/json",
        ),
    )


def render_signed_pdf(
    agreement: Agreement, original: bytes, signatures: list[dict[str, str]], timeout: float
) -> bytes:
    """The original pages, unchanged, then a page with both signature records; sealed.

    The seal (`seal.py`) is a PAdES signature over the whole file, when one is configured.
    """
    seal = current_seal()
    html = render_template(
        "agreements/pdf/signature_page.html",
        agreement=agreement,
        signatures=signatures,
        original_sha256=sha256_hex(original),
        seal=seal,
    )
    page = _pdf(html, timeout)
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(original)))
    writer.append(PdfReader(io.BytesIO(page)))
    out = io.BytesIO()
    writer.write(out)
    if seal is None:
        return out.getvalue()
    return seal.seal(
        out.getvalue(),
        reason=f"Verwerkersovereenkomst {agreement.number}, door beide partijen ondertekend",
        location=agreement.processor.city or "",
    )
