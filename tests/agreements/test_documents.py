"""Sending freezes a snapshot and renders the PDF once; signing appends a signature page."""

from __future__ import annotations

import hashlib
import io
import json
import re
from collections.abc import Callable

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from register.agreements.documents.reading import (
    current_snapshot,
    document_with_content,
    stored_documents,
)
from register.agreements.documents.storage import (
    AgreementDocument,
    AgreementFragment,
    AgreementSnapshot,
    DocumentKind,
)
from register.agreements.errors import DocumentRenderFailed
from register.agreements.lifecycle import send_agreement
from register.agreements.services import create_agreement
from register.agreements.states import AgreementState
from register.audit.models import AuditEntry
from register.extensions import db
from register.pdf import worker
from tests.agreements.conftest import load, user


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_send_stores_snapshot_and_pdf_with_the_register_data(app, build: Callable[..., int]):
    agreement_id = build("in_review")
    with app.app_context():
        agreement = load(agreement_id)
        assert agreement.state is AgreementState.IN_REVIEW
        snapshot = current_snapshot(db.session, agreement)
        assert snapshot is not None and snapshot.sequence == 1
        document = document_with_content(db.session, agreement, DocumentKind.ORIGINAL)
        assert document is not None
        assert document.sha256 == hashlib.sha256(document.content).hexdigest()
        assert agreement.document_sha256 == document.sha256
        assert document.filename == f"{agreement.number}.pdf"

        text = " ".join(pdf_text(document.content).split())
        for expected in (
            agreement.number,
            "Stichting Voorbeeldscholen",  # controller
            "KPC Groep",  # processor
            "DOENIN",  # product
            "Leerresultaten",  # data category
            "Wolkendienst B.V.",  # sub-processor
            "12 maanden na einde licentie",  # retention
            "J. de Vries",  # controller signatory from the particulars
        ):
            assert expected in text, expected

        reader = PdfReader(io.BytesIO(document.content))
        attachments = reader.attachments
        name = f"{agreement.number}-registergegevens.json"
        assert list(attachments) == [name]
        embedded = json.loads(attachments[name][0])
        assert embedded == snapshot.data
        products = embedded["products"]
        assert products[0]["activities"][0]["subprocessors"][0]["name"] == "Wolkendienst B.V."

        fragments = db.session.scalars(sa.select(AgreementFragment)).all()
        assert [(f.agreement_id, f.product_code) for f in fragments] == [(agreement_id, "DOENIN")]
        actions = db.session.scalars(
            sa.select(AuditEntry.action)
            .where(AuditEntry.entity_type == "agreement", AuditEntry.entity_id == str(agreement_id))
            .order_by(AuditEntry.id)
        ).all()
        assert actions == ["create", "send"]


def test_signing_appends_a_signature_page_and_keeps_the_original(app, build):
    agreement_id = build("signed")
    with app.app_context():
        agreement = load(agreement_id)
        assert agreement.state is AgreementState.SIGNED
        original = document_with_content(db.session, agreement, DocumentKind.ORIGINAL)
        signed = document_with_content(db.session, agreement, DocumentKind.SIGNED)
        assert original is not None and signed is not None
        assert original.sha256 == agreement.document_sha256
        assert hashlib.sha256(original.content).hexdigest() == original.sha256
        assert signed.sha256 == hashlib.sha256(signed.content).hexdigest()
        assert agreement.signed_document_sha256 == signed.sha256

        original_pages = PdfReader(io.BytesIO(original.content)).pages
        signed_reader = PdfReader(io.BytesIO(signed.content))
        assert len(signed_reader.pages) == len(original_pages) + 1
        assert signed_reader.pages[0].extract_text() == original_pages[0].extract_text()
        last = " ".join(signed_reader.pages[-1].extract_text().split())
        assert "Ondertekeningsblad" in last
        assert original.sha256 in last.replace(" ", "") or original.sha256[:32] in last
        for expected in ("Jan de Vries", "Bestuurder", "Pia Privacy", "198.51.100.7"):
            assert expected in last, expected
        # The moment of signing reads as Dutch, in Amsterdam time, not as an ISO stamp.
        assert re.search(r"Tijdstip: \d{1,2} [a-z]+ 20\d\d om \d\d:\d\d", last), last
        assert not re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d", last)


def test_a_render_that_times_out_changes_nothing(make_app, reg, people):
    app = make_app(PDF_RENDER_TIMEOUT=0.01)
    with app.app_context():
        session = db.session
        staff = user(session, people["privacy"])
        agreement = create_agreement(session, reg.command(), user_id=staff.id)
        session.commit()
        before = agreement.version
        with pytest.raises(DocumentRenderFailed) as caught:
            send_agreement(
                session,
                agreement,
                user=staff,
                ip="",
                timeout=app.config["PDF_RENDER_TIMEOUT"],
            )
        session.rollback()
        assert "seconden" in str(caught.value.message)
        agreement = load(agreement.id)
        assert agreement.state is AgreementState.DRAFT
        assert agreement.version == before and agreement.sent_count == 0
        assert session.scalar(sa.select(sa.func.count()).select_from(AgreementDocument)) == 0
        assert session.scalar(sa.select(sa.func.count()).select_from(AgreementSnapshot)) == 0


def test_sending_does_not_wait_for_the_workers_a_long_export_holds(app, build):
    # A PDF register export holds the part workers (worker.PART_WORKERS) for up to a
    # minute; sending an agreement renders on the worker that stays free.
    held = [worker._part_slots.acquire(timeout=1) for _ in range(worker.PART_WORKERS)]
    try:
        assert all(held)
        agreement_id = build("in_review")
    finally:
        for _ in range(sum(held)):
            worker._part_slots.release()
    with app.app_context():
        kinds = sorted(
            d.kind.value
            for d in db.session.scalars(
                sa.select(AgreementDocument).where(AgreementDocument.agreement_id == agreement_id)
            )
        )
    assert kinds == ["leaflet", "original"]


def test_every_transition_is_audited_and_a_resend_keeps_the_first_pdf(app, build, people):
    from register.agreements.lifecycle import move_agreement

    agreement_id = build("in_review")
    with app.app_context():
        session = db.session
        agreement = load(agreement_id)
        first = document_with_content(session, agreement, DocumentKind.ORIGINAL)
        first_bytes = first.content
        move_agreement(
            session,
            agreement,
            "reject",
            user=user(session, people["reviewer"]),
            ip="",
            reason="Te kort",
        )
        send_agreement(session, agreement, user=user(session, people["privacy"]), ip="", timeout=60)
        session.commit()
        agreement = load(agreement_id)
        assert agreement.sent_count == 2
        originals = session.scalars(
            sa.select(AgreementDocument).where(AgreementDocument.kind == DocumentKind.ORIGINAL)
        ).all()
        assert sorted(d.sequence for d in originals) == [1, 2]
        old = session.get(AgreementDocument, first.id)
        assert old.content == first_bytes and old.sha256 == first.sha256
        current = document_with_content(session, agreement, DocumentKind.ORIGINAL)
        assert current.sequence == 2 and agreement.document_sha256 == current.sha256
        # The leaflets of each sending are kept too; the page offers the current ones.
        leaflets = session.scalars(
            sa.select(AgreementDocument).where(AgreementDocument.kind == DocumentKind.LEAFLET)
        ).all()
        assert sorted((d.sequence, d.product_code) for d in leaflets) == [
            (1, "DOENIN"),
            (2, "DOENIN"),
        ]
        _documents, [offered] = stored_documents(session, agreement)
        assert offered.document.sequence == 2 and offered.product_name == "DOENIN"

    signed_id = build("signed")
    with app.app_context():
        session = db.session
        move_agreement(
            session,
            load(signed_id),
            "terminate",
            user=user(session, people["privacy"]),
            ip="",
            reason="Licentie beëindigd",
        )
        session.commit()

        def actions(entity_id: int) -> list[str]:
            return list(
                session.scalars(
                    sa.select(AuditEntry.action)
                    .where(
                        AuditEntry.entity_type == "agreement",
                        AuditEntry.entity_id == str(entity_id),
                    )
                    .order_by(AuditEntry.id)
                )
            )

        assert actions(agreement_id) == ["create", "send", "reject", "send"]
        assert actions(signed_id) == [
            "create",
            "send",
            "approve",
            "sign",
            "sign",
            "store_signed_pdf",
            "terminate",
        ]
        assert [e.action for e in load(signed_id).events] == [
            "send",
            "approve",
            "sign",
            "sign",
            "terminate",
        ]
