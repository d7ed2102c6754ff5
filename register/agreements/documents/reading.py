"""Reading what an agreement keeps: its current snapshot, documents and leaflets.

Pages read `stored_documents` (all an agreement's page offers, without the bytes, in one
query); downloads read one document with its bytes (`document_within`, within the reader's
`Reach`; `leaflet_with_content`). Stored rows never change (`storage`), so a snapshot's
product order is kept per process.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, undefer

from register.agreements.documents.storage import AgreementDocument, AgreementSnapshot, DocumentKind
from register.agreements.models import Agreement


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


# Limits a statement that reads Agreement (or joins it) to the agreements a user may see.
Reach = Callable[[sa.Select[Any]], sa.Select[Any]]


@functools.cache
def _current_document(kind: DocumentKind) -> sa.Select[AgreementDocument]:
    """The current document of a kind with its bytes, joined with its agreement (built once
    per kind: a download adds only the agreement's id and the reach)."""
    statement = (
        sa.select(AgreementDocument)
        .join(Agreement, Agreement.id == AgreementDocument.agreement_id)
        .options(undefer(AgreementDocument.content))
        .where(Agreement.id == sa.bindparam("agreement_id"), AgreementDocument.kind == kind)
        .order_by(AgreementDocument.sequence.desc())
        .limit(1)
    )
    if kind is DocumentKind.ORIGINAL:
        statement = statement.where(AgreementDocument.sequence == Agreement.sent_count)
    return statement


def document_within(
    session: Session, reach: Reach, agreement_id: int, kind: DocumentKind
) -> AgreementDocument | None:
    """`document_with_content` for a download: the agreement is read in the same query, only
    within `reach` (None outside it, or when there is no such document)."""
    statement = reach(_current_document(kind))
    return session.scalars(statement, {"agreement_id": agreement_id}).first()


@dataclass(frozen=True, slots=True)
class Leaflet:
    """A stored Privacybijsluiter: its place among the snapshot's products and its file."""

    index: int
    product_name: str
    document: AgreementDocument


def _leaflet_of(agreement: Agreement) -> sa.ColumnElement[bool]:
    """A leaflet stored with the agreement's current snapshot."""
    return sa.and_(
        AgreementDocument.agreement_id == agreement.id,
        AgreementDocument.kind == DocumentKind.LEAFLET,
        AgreementDocument.sequence == agreement.sent_count,
    )


# Per process: a snapshot's products in order, (code, name), by the snapshot's id and hash.
# Stored snapshots never change, so an entry stays true; the hash guards against a reused id.
_snapshot_products: dict[tuple[int, str], list[tuple[str, str]]] = {}
_KEPT_SNAPSHOTS = 1000


def _products_of_snapshot(
    session: Session, agreement: Agreement, key: tuple[int, str]
) -> list[tuple[str, str]]:
    """The current snapshot's products in order, read once per process (`key`: id, hash)."""
    products = _snapshot_products.get(key)
    if products is None:
        snapshot = current_snapshot(session, agreement)
        data = snapshot.data if snapshot is not None else {}
        products = [(product["code"], product["name"]) for product in data.get("products", [])]
        if snapshot is not None and (snapshot.id, snapshot.sha256) == key:
            if len(_snapshot_products) >= _KEPT_SNAPSHOTS:
                _snapshot_products.clear()
            _snapshot_products[key] = products
    return products


def stored_documents(
    session: Session, agreement: Agreement
) -> tuple[dict[DocumentKind, AgreementDocument], list[Leaflet]]:
    """What an agreement's page offers, without the bytes, in one query: the current
    document of each kind (leaflets apart), and the leaflets stored with the current snapshot
    in the snapshot's product order."""
    rows = session.execute(
        sa.select(AgreementDocument, AgreementSnapshot.id, AgreementSnapshot.sha256)
        .outerjoin(
            AgreementSnapshot,
            sa.and_(
                AgreementSnapshot.agreement_id == AgreementDocument.agreement_id,
                AgreementSnapshot.sequence == agreement.sent_count,
            ),
        )
        .where(AgreementDocument.agreement_id == agreement.id)
        .order_by(AgreementDocument.sequence, AgreementDocument.id)
    ).all()
    documents: dict[DocumentKind, AgreementDocument] = {}
    stored: dict[str, AgreementDocument] = {}
    snapshot_key: tuple[int, str] | None = None
    for document, snapshot_id, snapshot_sha256 in rows:
        if snapshot_id is not None:
            snapshot_key = (snapshot_id, snapshot_sha256)
        if document.kind is DocumentKind.LEAFLET:
            if document.sequence == agreement.sent_count:
                stored[document.product_code] = document
        elif document.kind is not DocumentKind.ORIGINAL or (
            document.sequence == agreement.sent_count
        ):
            documents[document.kind] = document
    if not stored or snapshot_key is None or not agreement.sent_count:
        return documents, []
    leaflets = [
        Leaflet(index, name, stored[code])
        for index, (code, name) in enumerate(
            _products_of_snapshot(session, agreement, snapshot_key)
        )
        if code in stored
    ]
    return documents, leaflets


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
            _leaflet_of(agreement),
            AgreementDocument.product_code == snapshot["products"][index]["code"],
        )
    ).first()
