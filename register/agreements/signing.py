"""The transitions that produce documents: send (snapshot, PDF, leaflets), signing (signed PDF).

Every render happens before anything is changed, so a failed or timed-out render leaves
the agreement as it was and stores nothing.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from register.agreements.documents import (
    check_scan,
    render_sent_documents,
    render_signed_pdf,
    sha256_hex,
    store_document,
    template_for,
)
from register.agreements.errors import AgreementError, MissingRegisterData
from register.agreements.lookups import document_with_content
from register.agreements.models import Agreement, AgreementSignature
from register.agreements.services import check_version
from register.agreements.snapshot import build_snapshot, fragment_hash, sha256_of
from register.agreements.states import AgreementState, Party
from register.agreements.storage import (
    AgreementFragment,
    AgreementSnapshot,
    DocumentKind,
)
from register.audit.recorder import set_audit_action


def send_agreement(
    session: Session,
    agreement: Agreement,
    *,
    user: Any,
    ip: str,
    timeout: float,
    expected_version: int | None = None,
) -> None:
    """Freeze the register data, render the PDF and leaflets once, send it for review."""
    check_version(agreement, expected_version)
    agreement._require("send")
    info = template_for(
        agreement.template_id, agreement.template_version, agreement.template_sha256
    )
    snapshot = build_snapshot(session, agreement, info.covenant_version)
    empty = [p["name"] for p in snapshot["products"] if not p["activities"]]
    if empty:
        raise MissingRegisterData(
            _l(
                "Voor %(products)s is geen actieve verwerking als verwerker vastgelegd; de "
                "Privacybijsluiter zou leeg zijn. Leg die verwerking eerst vast.",
                products=", ".join(empty),
            )
        )
    # Every render happens before anything changes: a failure stores nothing.
    pdf, leaflets = render_sent_documents(info, snapshot, timeout)

    # Replace the drift baseline first, so the transition below is one flush (one audit entry).
    session.execute(
        sa.delete(AgreementFragment).where(AgreementFragment.agreement_id == agreement.id)
    )
    set_audit_action(session, agreement, "send", f"{agreement.number}: verzonden ter beoordeling")
    agreement.send(user, ip)
    session.add(
        AgreementSnapshot(
            agreement_id=agreement.id,
            sequence=agreement.sent_count,
            sha256=sha256_of(snapshot),
            data=snapshot,
        )
    )
    document = store_document(
        session,
        agreement,
        DocumentKind.ORIGINAL,
        pdf,
        sequence=agreement.sent_count,
        user_id=getattr(user, "id", None),
    )
    agreement.document_sha256 = document.sha256
    for product, leaflet in zip(snapshot["products"], leaflets, strict=True):
        store_document(
            session,
            agreement,
            DocumentKind.LEAFLET,
            leaflet,
            sequence=agreement.sent_count,
            product_code=product["code"],
            user_id=getattr(user, "id", None),
        )
    for fragment in snapshot["products"]:
        session.add(
            AgreementFragment(
                agreement_id=agreement.id,
                product_code=fragment["code"],
                sha256=fragment_hash(fragment),
            )
        )
    session.flush()


def sign_agreement(
    session: Session,
    agreement: Agreement,
    party: Party,
    *,
    user: Any,
    ip: str,
    name: str,
    function: str,
    confirmation: str,
    timeout: float,
    expected_version: int | None = None,
    method: str = "password",
) -> AgreementSignature:
    """One party signs online; with both signatures the signed PDF is produced and stored."""
    check_version(agreement, expected_version)
    signature = agreement.sign(
        party, user, ip, name=name, function=function, confirmation=confirmation, method=method
    )
    who = "de school" if party is Party.CONTROLLER else "de verwerker"
    set_audit_action(session, agreement, "sign", f"{agreement.number}: ondertekend door {who}")
    if agreement.state is AgreementState.SIGNED:
        with session.no_autoflush:  # one flush below: one audit entry for the signing
            original = document_with_content(session, agreement, DocumentKind.ORIGINAL)
        if original is None:
            raise AgreementError(_l("Het oorspronkelijke document ontbreekt."))
        records = [s.as_context() for s in agreement.signatures]
        signed = render_signed_pdf(agreement, original.content, records, timeout)
        document = store_document(
            session,
            agreement,
            DocumentKind.SIGNED,
            signed,
            user_id=getattr(user, "id", None),
        )
        agreement.signed_document_sha256 = document.sha256
        _replace_predecessor(session, agreement, user, ip)
    session.flush()
    return signature


def upload_scan(
    session: Session,
    agreement: Agreement,
    data: bytes,
    *,
    user: Any,
    ip: str,
    expected_version: int | None = None,
) -> None:
    """A wet-signed scan (a checked PDF) completes signing."""
    check_version(agreement, expected_version)
    agreement._require("upload_scan")
    check_scan(data)
    set_audit_action(
        session,
        agreement,
        "upload_scan",
        f"{agreement.number}: natte handtekening geüpload (sha256 {sha256_hex(data)[:16]}…)",
    )
    agreement.complete_by_scan(user, ip)
    document = store_document(
        session, agreement, DocumentKind.SCAN, data, user_id=getattr(user, "id", None)
    )
    agreement.signed_document_sha256 = document.sha256
    _replace_predecessor(session, agreement, user, ip)
    session.flush()


def _replace_predecessor(session: Session, agreement: Agreement, user: Any, ip: str) -> None:
    old = agreement.supersedes
    if old is not None and old.state is AgreementState.SIGNED:
        set_audit_action(
            session, old, "supersede", f"{old.number}: vervangen door {agreement.number}"
        )
        old.supersede(user, ip, agreement)
