"""The processor's PAdES seal on the signed PDF: valid, covering the file, tamper-evident."""

from __future__ import annotations

import io
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader

from register.agreements.documents.reading import document_with_content
from register.agreements.documents.seal import SEAL_FIELD, current_seal, development_seal
from register.agreements.documents.storage import DocumentKind
from register.config import ConfigurationError
from register.extensions import db
from register.organisations.models import Organisation
from tests.agreements.conftest import load


def _signed_pdf(app, agreement_id: int) -> bytes:
    with app.app_context():
        document = document_with_content(db.session, load(agreement_id), DocumentKind.SIGNED)
        assert document is not None
        return document.content


def _trust(app) -> ValidationContext:
    _, cert_file = development_seal(Path(app.instance_path) / "seal")
    return ValidationContext(trust_roots=[load_cert_from_pemder(str(cert_file))])


def _signature(data: bytes):
    [signature] = PdfFileReader(io.BytesIO(data), strict=False).embedded_signatures
    assert signature.field_name == SEAL_FIELD
    return signature


def _status(data: bytes, context: ValidationContext):
    # pyHanko validates through asyncio.run(): not in this thread, where the browser tests'
    # Playwright keeps an event loop running.
    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(validate_pdf_signature, _signature(data), context).result()


def test_the_signed_pdf_carries_a_valid_seal_over_the_whole_file(app, build):
    agreement_id = build("signed")
    data = _signed_pdf(app, agreement_id)
    status = _status(data, _trust(app))
    assert status.intact and status.valid and status.trusted and status.bottom_line
    assert status.coverage.name == "ENTIRE_FILE"
    assert status.docmdp_ok
    assert _signature(data).docmdp_level.name == "NO_CHANGES"  # a certifying seal
    # The signature page names the certificate that sealed it.
    with app.app_context():
        seal = current_seal()
        assert seal is not None
        text = PdfReader(io.BytesIO(data)).pages[-1].extract_text()
        assert seal.fingerprint[:32] in "".join(text.split())
        assert status.signing_cert.sha256.hex() == seal.fingerprint


def test_a_changed_byte_breaks_the_seal(app, build):
    agreement_id = build("signed")
    data = bytearray(_signed_pdf(app, agreement_id))
    assert _status(bytes(data), _trust(app)).intact
    # The binary comment on the second line: the file still parses, but the signed bytes
    # (from offset 0) differ.
    index = data.index(b"\n%") + 2
    assert data[index] >= 0x80
    data[index] ^= 0x01
    status = _status(bytes(data), _trust(app))
    assert not status.intact and not status.bottom_line


def test_another_certificate_is_not_trusted(app, build, tmp_path):
    agreement_id = build("signed")
    _, other_cert = development_seal(tmp_path / "other")
    context = ValidationContext(trust_roots=[load_cert_from_pemder(str(other_cert))])
    status = _status(_signed_pdf(app, agreement_id), context)
    assert status.intact and not status.trusted


def test_production_without_seal_files_has_no_seal(make_app):
    app = make_app(REGISTER_ENV="production", SECRET_KEY="x" * 32)
    with app.app_context():
        assert current_seal() is None


def test_the_sealed_pdf_keeps_its_pdf_a_identification_fonts_and_printable_annotations(app, build):
    # veraPDF is not on PyPI or Debian: these are the PDF/A rules the joining and sealing
    # could break (the renderer's own output is checked in tests/pdf).
    data = _signed_pdf(app, build("signed"))
    reader = PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    assert "/OutputIntents" in root and reader.xmp_metadata is not None
    packet = reader.xmp_metadata.stream.get_data()
    assert re.search(rb'pdfaid:part(="|>)3', packet) and re.search(rb'conformance(="|>)B', packet)
    for number, page in enumerate(reader.pages, start=1):
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            described = (
                font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            )
            descriptor = described["/FontDescriptor"].get_object()
            assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), (number, font)
        for annotation in page.get("/Annots") or []:
            flags = int(annotation.get_object().get("/F", 0))
            assert flags & 4 and not flags & 2, (number, annotation.get_object())
    # The seal's widget is invisible (no stamp, so no font outside the document's own).
    [field] = [f.get_object() for f in root["/AcroForm"]["/Fields"]]
    assert field["/T"] == SEAL_FIELD and [float(v) for v in field["/Rect"]] == [0, 0, 0, 0]


def test_a_school_name_stored_with_characters_xml_cannot_hold_still_gives_a_sealed_pdf_a(
    app, reg, build
):
    with app.app_context():  # stored before the forms refused such characters
        db.session.get(Organisation, reg.school_id).name = "Stichting \x01\uffff Duinmeer"
        db.session.commit()
    data = _signed_pdf(app, build("signed"))
    status = _status(data, _trust(app))
    assert status.intact and status.valid and status.coverage.name == "ENTIRE_FILE"
    reader = PdfReader(io.BytesIO(data))
    assert reader.xmp_metadata is not None  # parsed: an ill-formed packet raises here
    title = "Verwerkersovereenkomst Digitale Onderwijsmiddelen"
    assert reader.xmp_metadata.dc_title == {"x-default": title}
    assert "Stichting    Duinmeer" in (reader.metadata.subject or "")
    assert "Stichting" in reader.pages[0].extract_text()


def test_a_configured_seal_is_loaded_at_start_up_and_a_wrong_one_stops_the_app(make_app, tmp_path):
    key_file, cert_file = development_seal(tmp_path / "own")
    app = make_app(SEAL_KEY_FILE=str(key_file), SEAL_CERT_FILE=str(cert_file))
    with app.app_context():
        seal = current_seal()
        assert seal is not None and seal.subject.startswith("Verwerkingsregister ontwikkelzegel")
    for settings in (
        {"SEAL_KEY_FILE": str(key_file)},
        {"SEAL_KEY_FILE": str(tmp_path / "missing.pem"), "SEAL_CERT_FILE": str(cert_file)},
        {"SEAL_KEY_FILE": str(cert_file), "SEAL_CERT_FILE": str(cert_file)},
    ):
        with pytest.raises(ConfigurationError):
            make_app(**settings)
