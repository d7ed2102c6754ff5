"""Produce, check and store an agreement's PDFs: rendered once, stored with their SHA-256."""

from __future__ import annotations

import hashlib
import io
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from flask import current_app, render_template
from flask_babel import lazy_gettext as _l
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PyPdfError
from sqlalchemy.orm import Session

from register.agreements.context import build_context
from register.agreements.errors import (
    DocumentRenderFailed,
    ScanCorrupt,
    ScanEmpty,
    ScanNotPdf,
    ScanTooLarge,
    UnknownTemplateVersion,
)
from register.agreements.models import Agreement
from register.agreements.seal import current_seal
from register.agreements.snapshot import canonical_json
from register.agreements.storage import AgreementDocument, DocumentKind
from register.pdf import PdfAttachment, RenderError, render_in_worker
from register.texts import TemplateInfo, TextsError, UnknownTemplate, get_template
from register.texts import render_document as render_html
from register.texts import render_leaflet as render_leaflet_html

MAX_SCAN_BYTES = 20 * 1024 * 1024
PDF_MAGIC = b"%PDF-"


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


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


def _html(render: Any, *args: Any) -> str:
    try:
        return str(render(*args))
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
    """The agreement PDF (body, annexes, signature page) with the snapshot attached as JSON."""
    html, attachments = _agreement_source(info, snapshot, build_context(snapshot))
    return _pdf(html, timeout, attachments)


def render_sent_documents(
    info: TemplateInfo, snapshot: dict[str, Any], timeout: float
) -> tuple[bytes, list[bytes]]:
    """The agreement PDF and every product's Privacybijsluiter, rendered side by side.

    Each render takes any free worker (not the part workers a long export may hold), each
    within `timeout`; one failure fails the send.
    """
    context = build_context(snapshot)
    sources = [_agreement_source(info, snapshot, context)] + [
        (_html(render_leaflet_html, info, context, index), ())
        for index in range(len(snapshot["products"]))
    ]
    with ThreadPoolExecutor(max_workers=len(sources), thread_name_prefix="send") as threads:
        futures = [
            threads.submit(render_in_worker, html, attachments=attachments, timeout=timeout)
            for html, attachments in sources
        ]
        try:
            agreement, *leaflets = [future.result() for future in futures]
        except RenderError as error:
            raise DocumentRenderFailed(error.message) from error
    return agreement, leaflets


def _agreement_source(
    info: TemplateInfo, snapshot: dict[str, Any], context: dict[str, Any]
) -> tuple[str, tuple[PdfAttachment, ...]]:
    html = _html(render_html, info, context)
    number = snapshot["agreement"]["number"]
    attachment = PdfAttachment(
        name=f"{number}-registergegevens.json",
        data=canonical_json(snapshot),
        description="Registergegevens waaruit deze verwerkersovereenkomst is opgemaakt",
        mime_type="application/json",
    )
    return html, (attachment,)


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


def check_scan(data: bytes) -> None:
    """A wet-signed scan must be a real, readable PDF of at most 20 MiB (checked by content)."""
    if not data:
        raise ScanEmpty()
    if len(data) > MAX_SCAN_BYTES:
        raise ScanTooLarge()
    if not data.startswith(PDF_MAGIC):
        raise ScanNotPdf()
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if len(reader.pages) < 1:
            raise ScanCorrupt()
        reader.pages[0].mediabox  # noqa: B018  (parses the first page object)
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError) as error:
        raise ScanCorrupt() from error


def store_document(
    session: Session,
    agreement: Agreement,
    kind: DocumentKind,
    data: bytes,
    *,
    sequence: int = 1,
    product_code: str = "",
    user_id: int | None = None,
) -> AgreementDocument:
    """Store PDF bytes under a generated name with their SHA-256."""
    suffix = {
        DocumentKind.ORIGINAL: "",
        DocumentKind.SIGNED: "-ondertekend",
        DocumentKind.SCAN: "-ondertekend-scan",
        DocumentKind.LEAFLET: f"-privacybijsluiter-{product_code}",
    }[kind]
    document = AgreementDocument(
        agreement_id=agreement.id,
        kind=kind,
        sequence=sequence,
        product_code=product_code,
        filename=f"{agreement.number}{suffix}.pdf",
        size=len(data),
        sha256=sha256_hex(data),
        created_by_id=user_id,
        content=data,
    )
    session.add(document)
    return document
