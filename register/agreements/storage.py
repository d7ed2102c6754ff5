"""What an agreement keeps beside its row: frozen snapshots, stored PDFs and drift flags.

These tables are written by the agreement services only. Their bytes and JSON are large,
so they live apart from `agreement` (lists never load them) and outside the audit trail
(the transition that creates them is audited with their SHA-256).
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Mapped, deferred, mapped_column

from register.agreements.errors import AgreementImmutable
from register.db import enum_column, utcnow
from register.extensions import db


class DocumentKind(enum.Enum):
    ORIGINAL = "original"  # rendered once when the agreement left draft
    SIGNED = "signed"  # the original pages plus the electronic signature page
    SCAN = "scan"  # an uploaded wet-signed scan
    LEAFLET = "leaflet"  # a product's Privacybijsluiter, rendered with the original


class AgreementSnapshot(db.Model):
    """The register data the documents were generated from, frozen when leaving draft."""

    __tablename__ = "agreement_snapshot"
    __table_args__ = (sa.UniqueConstraint("agreement_id", "sequence"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(sa.ForeignKey("agreement.id", ondelete="CASCADE"))
    sequence: Mapped[int]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    sha256: Mapped[str] = mapped_column(sa.String(64))
    data: Mapped[dict[str, Any]] = deferred(mapped_column(sa.JSON()))


class AgreementDocument(db.Model):
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


class AgreementFragment(db.Model):
    """The hash of one product's register data inside an agreement's current snapshot."""

    __tablename__ = "agreement_fragment"
    __table_args__ = (sa.Index("ix_agreement_fragment_product_hash", "product_code", "sha256"),)

    agreement_id: Mapped[int] = mapped_column(
        sa.ForeignKey("agreement.id", ondelete="CASCADE"), primary_key=True
    )
    product_code: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    sha256: Mapped[str] = mapped_column(sa.String(64))


class AgreementDrift(db.Model):
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
