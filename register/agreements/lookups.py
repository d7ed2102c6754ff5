"""Finding an agreement's current snapshot and stored documents."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, undefer

from register.agreements.models import Agreement
from register.agreements.storage import AgreementDocument, AgreementSnapshot, DocumentKind


def current_snapshot(session: Session, agreement: Agreement) -> AgreementSnapshot | None:
    """The snapshot frozen when the agreement last left draft (data loaded)."""
    if not agreement.sent_count:
        return None
    return session.scalars(
        sa.select(AgreementSnapshot)
        .options(undefer(AgreementSnapshot.data))
        .where(
            AgreementSnapshot.agreement_id == agreement.id,
            AgreementSnapshot.sequence == agreement.sent_count,
        )
    ).first()


def snapshot_data(session: Session, agreement: Agreement) -> dict[str, Any] | None:
    snapshot = current_snapshot(session, agreement)
    return snapshot.data if snapshot is not None else None


def documents_of(session: Session, agreement: Agreement) -> dict[DocumentKind, AgreementDocument]:
    """The current document of each kind (leaflets apart), without their bytes."""
    rows = session.scalars(
        sa.select(AgreementDocument)
        .where(
            AgreementDocument.agreement_id == agreement.id,
            AgreementDocument.kind != DocumentKind.LEAFLET,
        )
        .order_by(AgreementDocument.sequence)
    ).all()
    found: dict[DocumentKind, AgreementDocument] = {}
    for row in rows:
        if row.kind is DocumentKind.ORIGINAL and row.sequence != agreement.sent_count:
            continue
        found[row.kind] = row
    return found


def document_with_content(
    session: Session, agreement: Agreement, kind: DocumentKind
) -> AgreementDocument | None:
    """The current document of one kind with its bytes, or None."""
    statement = (
        sa.select(AgreementDocument)
        .options(undefer(AgreementDocument.content))
        .where(AgreementDocument.agreement_id == agreement.id, AgreementDocument.kind == kind)
        .order_by(AgreementDocument.sequence.desc())
    )
    if kind is DocumentKind.ORIGINAL:
        statement = statement.where(AgreementDocument.sequence == agreement.sent_count)
    return session.scalars(statement.limit(1)).first()


@dataclass(frozen=True, slots=True)
class Leaflet:
    """A stored Privacybijsluiter: its place among the snapshot's products and its file."""

    index: int
    product_name: str
    document: AgreementDocument


def leaflets_of(session: Session, agreement: Agreement) -> list[Leaflet]:
    """The leaflets stored with the current snapshot, in the snapshot's product order."""
    snapshot = snapshot_data(session, agreement)
    if snapshot is None:
        return []
    stored = {
        document.product_code: document
        for document in session.scalars(
            sa.select(AgreementDocument).where(
                AgreementDocument.agreement_id == agreement.id,
                AgreementDocument.kind == DocumentKind.LEAFLET,
                AgreementDocument.sequence == agreement.sent_count,
            )
        )
    }
    return [
        Leaflet(index, product["name"], stored[product["code"]])
        for index, product in enumerate(snapshot["products"])
        if product["code"] in stored
    ]


def leaflet_with_content(
    session: Session, agreement: Agreement, index: int
) -> AgreementDocument | None:
    """The stored leaflet of the snapshot's `index`-th product, with its bytes, or None."""
    snapshot = snapshot_data(session, agreement)
    if snapshot is None or not 0 <= index < len(snapshot["products"]):
        return None
    return session.scalars(
        sa.select(AgreementDocument)
        .options(undefer(AgreementDocument.content))
        .where(
            AgreementDocument.agreement_id == agreement.id,
            AgreementDocument.kind == DocumentKind.LEAFLET,
            AgreementDocument.sequence == agreement.sent_count,
            AgreementDocument.product_code == snapshot["products"][index]["code"],
        )
    ).first()
