"""Wet-signed scans, signing by the company over HTTP, immutability and superseding."""

from __future__ import annotations

import hashlib
import io

import pytest
import sqlalchemy as sa
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from register.agreements.documents.reading import document_with_content
from register.agreements.documents.storage import AgreementDocument, DocumentKind
from register.agreements.errors import AgreementImmutable
from register.agreements.lifecycle import supersede
from register.agreements.states import AgreementState, Party
from register.extensions import db
from tests.agreements.conftest import TIMEOUT, load, user


def blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _scans() -> int:
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(AgreementDocument)
        .where(AgreementDocument.kind == DocumentKind.SCAN)
    )


def test_scans_are_checked_by_content_then_complete_signing(app, client, auth, build, people):
    agreement_id = build("awaiting")
    auth.login_as(people["privacy"])
    url = f"/overeenkomsten/{agreement_id}/scan"

    def upload(data: bytes, name: str = "getekend.pdf"):
        with app.app_context():
            version = load(agreement_id).version
        return client.post(
            url,
            data={"version": version, "scan": (io.BytesIO(data), name)},
            content_type="multipart/form-data",
            follow_redirects=True,
        )

    cases = [
        (b"<html>not a pdf</html>", "Het bestand is geen PDF"),
        (b"%PDF-1.7\n" + b"\0" * (20 * 1024 * 1024), "Het bestand is te groot"),
        (b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer <<>>\n%%EOF", "beschadigd"),
        (blank_pdf()[:200], "beschadigd"),
    ]
    for data, message in cases:
        response = upload(data)
        assert message in response.text, message
        with app.app_context():
            assert load(agreement_id).state is AgreementState.AWAITING_SIGNATURE
            assert _scans() == 0

    good = blank_pdf()
    response = upload(good, name="../../etc/passwd.pdf")
    assert "de overeenkomst is ondertekend" in response.text
    with app.app_context():
        agreement = load(agreement_id)
        assert agreement.state is AgreementState.SIGNED and agreement.signed_by_scan
        scan = document_with_content(db.session, agreement, DocumentKind.SCAN)
        assert scan is not None and scan.content == good
        assert scan.sha256 == hashlib.sha256(good).hexdigest()
        assert scan.filename == f"{agreement.number}-ondertekend-scan.pdf"
    download = client.get(f"/overeenkomsten/{agreement_id}/document/scan")
    assert download.data == good


def test_company_signs_over_http_with_a_typed_confirmation(app, client, auth, build, people):
    agreement_id = build("awaiting")
    auth.login_as(people["staff"])  # staff without signing authority
    with app.app_context():
        version = load(agreement_id).version
    form = {"version": version, "name": "Stef", "function": "Jurist", "confirmation": "AKKOORD"}
    assert client.post(f"/overeenkomsten/{agreement_id}/ondertekenen", data=form).status_code == 403
    auth.logout()
    auth.login_as(people["privacy"])
    page = client.get(f"/overeenkomsten/{agreement_id}").text
    assert "Ondertekenen namens de verwerker" in page
    response = client.post(
        f"/overeenkomsten/{agreement_id}/ondertekenen",
        data=dict(form, name="Pia Privacy", function="Directeur"),
        follow_redirects=True,
    )
    assert "namens de verwerker ondertekend" in response.text
    with app.app_context():
        agreement = load(agreement_id)
        assert agreement.signature_of(Party.PROCESSOR).name == "Pia Privacy"
        assert agreement.state is AgreementState.AWAITING_SIGNATURE


def test_a_signed_agreement_never_changes(app, client, auth, build, people):
    agreement_id = build("signed")
    with app.app_context():
        agreement = load(agreement_id)
        agreement.title = "Anders"
        with pytest.raises(AgreementImmutable):
            db.session.flush()
        db.session.rollback()
        agreement = load(agreement_id)
        agreement.products = []
        with pytest.raises(AgreementImmutable):
            db.session.flush()
        db.session.rollback()
        document = document_with_content(db.session, load(agreement_id), DocumentKind.ORIGINAL)
        document.content = b"%PDF-1.7 forged"
        with pytest.raises(AgreementImmutable):
            db.session.flush()
        db.session.rollback()
        document = document_with_content(db.session, load(agreement_id), DocumentKind.SIGNED)
        db.session.delete(document)
        with pytest.raises(AgreementImmutable):
            db.session.flush()
        db.session.rollback()
        version = load(agreement_id).version
    auth.login_as(people["privacy"])
    edit = client.get(f"/overeenkomsten/{agreement_id}/wijzigen", follow_redirects=True)
    assert "Alleen een concept kan worden gewijzigd." in edit.text
    cancel = client.post(
        f"/overeenkomsten/{agreement_id}/annuleren",
        data={"version": version, "confirmed": "y"},
        follow_redirects=True,
    )
    assert "Een ondertekende overeenkomst wordt nooit gewijzigd" in cancel.text
    with app.app_context():
        assert load(agreement_id).state is AgreementState.SIGNED
        assert load(agreement_id).title != "Anders"


def test_supersede_replaces_the_old_agreement_once_the_new_one_is_signed(app, build, people):
    from register.agreements.lifecycle import move_agreement, send_agreement, upload_scan

    old_id = build("signed")
    with app.app_context():
        session = db.session
        old = load(old_id)
        staff = user(session, people["privacy"])
        new = supersede(session, old, user_id=staff.id)
        session.commit()
        assert new.state is AgreementState.DRAFT and new.supersedes_id == old_id
        assert [p.id for p in new.products] == [p.id for p in old.products]
        assert new.particulars == old.particulars and new.number != old.number
        with pytest.raises(Exception) as twice:
            supersede(session, load(old_id), user_id=staff.id)
        assert "vervangt deze overeenkomst al" in str(twice.value)
        session.rollback()

        send_agreement(session, new, user=staff, ip="", timeout=TIMEOUT)
        move_agreement(session, new, "approve", user=user(session, people["school"]), ip="")
        assert load(old_id).state is AgreementState.SIGNED
        upload_scan(session, new, blank_pdf(), user=staff, ip="")
        session.commit()
        assert load(new.id).state is AgreementState.SIGNED
        old = load(old_id)
        assert old.state is AgreementState.SUPERSEDED and old.superseded_at is not None
        assert old.events[-1].reason == new.number


def _hostile_pdf(part: str) -> bytes:
    """A one-page PDF built by pypdf that carries one kind of active content."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if part == "javascript":
        action = DictionaryObject(
            {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("1")}
        )
        names = ArrayObject([TextStringObject("x"), writer._add_object(action)])
        writer._root_object[NameObject("/Names")] = DictionaryObject(
            {NameObject("/JavaScript"): DictionaryObject({NameObject("/Names"): names})}
        )
    elif part == "openaction":
        writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
            {NameObject("/S"): NameObject("/URI"), NameObject("/URI"): TextStringObject("x")}
        )
    elif part == "aa":
        writer.pages[0][NameObject("/AA")] = DictionaryObject(
            {NameObject("/O"): DictionaryObject({NameObject("/S"): NameObject("/GoTo")})}
        )
    elif part == "launch":
        annotation = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Link"),
                NameObject("/Rect"): ArrayObject([NumberObject(0)] * 4),
                NameObject("/A"): DictionaryObject(
                    {
                        NameObject("/S"): NameObject("/Launch"),
                        NameObject("/F"): TextStringObject("calc.exe"),
                    }
                ),
            }
        )
        writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(annotation)])
    elif part == "embedded":
        writer.add_attachment("factuur.exe", b"MZ")
    elif part == "acroform":
        writer._root_object[NameObject("/AcroForm")] = DictionaryObject(
            {NameObject("/Fields"): ArrayObject()}
        )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("part", "words"),
    [
        ("javascript", "JavaScript"),
        ("openaction", "een actie bij het openen"),
        ("aa", "automatische acties"),
        ("launch", "een opdracht die een programma start"),
        ("embedded", "ingesloten bestanden"),
        ("acroform", "formuliervelden"),
    ],
)
def test_scans_with_active_content_are_refused(app, client, auth, build, people, part, words):
    agreement_id = build("awaiting")
    auth.login_as(people["privacy"])
    with app.app_context():
        version = load(agreement_id).version
    response = client.post(
        f"/overeenkomsten/{agreement_id}/scan",
        data={"version": version, "scan": (io.BytesIO(_hostile_pdf(part)), "getekend.pdf")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "niet in een ondertekende scan thuishoren" in response.text
    assert words in response.text
    with app.app_context():
        assert load(agreement_id).state is AgreementState.AWAITING_SIGNATURE
        assert _scans() == 0
