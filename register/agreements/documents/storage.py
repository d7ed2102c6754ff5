"""What an agreement keeps beside its row: frozen snapshots, stored PDFs and drift flags.

These tables are written by the agreement services only. Their bytes and JSON are large,
so they live apart from `agreement` (lists never load them) and outside the audit trail
(the transition that creates them is audited with their SHA-256). Stored rows never
change: a snapshot or document is written once and read back byte for byte.

`store_document` writes a PDF (an uploaded scan only after `check_scan`); `reading` finds
an agreement's current snapshot, documents and leaflets.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from typing import Any

import sqlalchemy as sa
from babel.lists import format_list
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject
from sqlalchemy import event
from sqlalchemy.orm import Mapped, Session, deferred, mapped_column

from register.agreements.errors import AgreementImmutable, InvalidScan, ScanCorrupt
from register.agreements.models import Agreement
from register.db import LabelledEnum, Model, enum_column, utcnow

MAX_SCAN_BYTES = 20 * 1024 * 1024
PDF_MAGIC = b"%PDF-"


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class DocumentKind(LabelledEnum):
    # rendered once when the agreement left draft
    ORIGINAL = "original", _l("Origineel")
    # the original pages plus the electronic signature page
    SIGNED = "signed", _l("Ondertekend document")
    SCAN = "scan", _l("Scan")  # an uploaded wet-signed scan
    # a product's Privacybijsluiter, rendered with the original
    LEAFLET = "leaflet", _l("Privacybijsluiter")


class AgreementSnapshot(Model):
    """The register data the documents were generated from, frozen when leaving draft."""

    __tablename__ = "agreement_snapshot"
    __table_args__ = (sa.UniqueConstraint("agreement_id", "sequence"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(sa.ForeignKey("agreement.id", ondelete="CASCADE"))
    sequence: Mapped[int]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    sha256: Mapped[str] = mapped_column(sa.String(64))
    data: Mapped[dict[str, Any]] = deferred(mapped_column(sa.JSON()))


class AgreementDocument(Model):
    """A stored PDF: bytes (deferred, never loaded by lists) and their SHA-256."""

    __tablename__ = "agreement_document"
    __table_args__ = (sa.UniqueConstraint("agreement_id", "kind", "sequence", "product_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(sa.ForeignKey("agreement.id", ondelete="CASCADE"))
    kind: Mapped[DocumentKind] = mapped_column(enum_column(DocumentKind))
    sequence: Mapped[int] = mapped_column(default=1)
    # The product a leaflet is about; empty for the agreement's own documents.
    product_code: Mapped[str] = mapped_column(sa.String(40), default="", server_default="")
    # A generated download name; a user's own file name is never stored.
    filename: Mapped[str] = mapped_column(sa.String(120))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    content: Mapped[bytes] = deferred(mapped_column(sa.LargeBinary()))


class AgreementFragment(Model):
    """The hash of one product's register data inside an agreement's current snapshot."""

    __tablename__ = "agreement_fragment"
    __table_args__ = (sa.Index("ix_agreement_fragment_product_hash", "product_code", "sha256"),)

    agreement_id: Mapped[int] = mapped_column(
        sa.ForeignKey("agreement.id", ondelete="CASCADE"), primary_key=True
    )
    product_code: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    sha256: Mapped[str] = mapped_column(sa.String(64))


class AgreementDrift(Model):
    """A signed agreement whose register data changed since it was generated."""

    __tablename__ = "agreement_drift"

    agreement_id: Mapped[int] = mapped_column(
        sa.ForeignKey("agreement.id", ondelete="CASCADE"), primary_key=True
    )
    # [{"product": name, "field": label, "added": [...], "removed": [...], "old", "new"}]
    changes: Mapped[list[Any]] = mapped_column(default=list)
    detected_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


@event.listens_for(AgreementDocument, "before_update")
@event.listens_for(AgreementDocument, "before_delete")
@event.listens_for(AgreementSnapshot, "before_update")
@event.listens_for(AgreementSnapshot, "before_delete")
def _stored_never_change(mapper: Any, connection: Any, target: Any) -> None:
    raise AgreementImmutable()


# What a signed scan may not carry, by the PDF name that gives it away, with the Dutch
# words the refusal uses: anything that runs, opens, submits or hides another file.
_ACTIVE_KEYS = {
    "/JavaScript": _l("JavaScript"),
    "/JS": _l("JavaScript"),
    "/OpenAction": _l("een actie bij het openen"),
    "/AA": _l("automatische acties"),
    "/EmbeddedFiles": _l("ingesloten bestanden"),
    "/EF": _l("ingesloten bestanden"),
    "/AcroForm": _l("formuliervelden"),
    "/XFA": _l("formuliervelden"),
    "/RichMedia": _l("multimedia"),
}
_ACTIVE_ACTIONS = {
    "/Launch": _l("een opdracht die een programma start"),
    "/JavaScript": _l("JavaScript"),
    "/SubmitForm": _l("formuliervelden"),
    "/ImportData": _l("formuliervelden"),
}
# A scan of a few hundred pages has some thousands of objects; beyond this it is no scan.
_MAX_OBJECTS = 200_000


def _active_parts(reader: PdfReader) -> list[str]:
    """The Dutch names of the active parts reachable from the document's trailer."""
    found: dict[str, None] = {}
    seen: set[tuple[int, int]] = set()
    pending: list[Any] = [reader.trailer]
    visited = 0
    while pending:
        node = pending.pop()
        if isinstance(node, IndirectObject):
            key = (node.idnum, node.generation)
            if key in seen:
                continue
            seen.add(key)
            node = node.get_object()
        visited += 1
        if visited > _MAX_OBJECTS:
            raise ScanCorrupt()
        if isinstance(node, DictionaryObject):
            for name, value in node.items():
                if name in _ACTIVE_KEYS:
                    found[str(_ACTIVE_KEYS[name])] = None
                if name == "/S" and value in _ACTIVE_ACTIONS:
                    found[str(_ACTIVE_ACTIONS[value])] = None
                if name == "/Subtype" and value == "/FileAttachment":
                    found[str(_ACTIVE_KEYS["/EF"])] = None
                pending.append(value)
        elif isinstance(node, ArrayObject):
            pending.extend(node)
    return list(found)


def check_scan(data: bytes) -> None:
    """A wet-signed scan must be a real, readable PDF of at most 20 MiB (checked by content)
    without scripts, actions, embedded files or form fields."""
    if not data:
        raise InvalidScan(_l("Er is geen bestand ontvangen. Kies een PDF-bestand."))
    if len(data) > MAX_SCAN_BYTES:
        raise InvalidScan(_l("Het bestand is te groot: een scan mag hoogstens 20 MiB zijn."))
    if not data.startswith(PDF_MAGIC):
        raise InvalidScan(
            _l("Het bestand is geen PDF: de inhoud begint niet met %PDF-. Upload een PDF-bestand.")
        )
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if len(reader.pages) < 1:
            raise ScanCorrupt()
        reader.pages[0].mediabox  # noqa: B018  (parses the first page object)
        active = _active_parts(reader)
    except (
        PyPdfError,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        OSError,
        RecursionError,
    ) as error:
        raise ScanCorrupt() from error
    if active:
        # A signed scan carries no scripts, actions, attachments or form fields.
        raise InvalidScan(
            _l(
                "De PDF bevat onderdelen die niet in een ondertekende scan thuishoren "
                "(%(parts)s) en is geweigerd: de school zou ze bij het openen krijgen. Scan "
                "het getekende papier opnieuw, of bewaar het als PDF zonder formulieren en "
                "bijlagen, en upload het dan.",
                parts=format_list(active, locale=str(get_locale() or "nl")),
            )
        )


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
