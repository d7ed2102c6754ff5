"""Real renders of `render_pdf`, read back with pypdf."""

from __future__ import annotations

import json
import logging
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable

import pytest
from defusedxml.ElementTree import fromstring as defused_fromstring
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from register.pdf import ASSET_DIR, AssetURLFetcher, PdfAttachment, render_pdf
from register.pdf.fetcher import ASSET_BASE_URL

DOC_REF = "VO-2026-0001 · Model 4.0 versie 1"
PDFAID = "{http://www.aiim.org/pdfa/ns/id/}"
SNAPSHOT = json.dumps(
    {"referentie": "VO-2026-0001", "partijen": ["Gemeente Voorbeeld", "Verwerker B.V."]},
    ensure_ascii=False,
).encode()

THREE_PAGES = """
<h1>Verwerkersovereenkomst</h1>
<p>Deze overeenkomst regelt de verwerking van persoonsgegevens.</p>
<ol class="clauses"><li>Definities<ol class="clauses"><li>Betrokkene</li></ol></li></ol>
<div class="page-break"></div>
<h2>Artikel 2 Beveiliging</h2>
<table class="data"><thead><tr><th>Maatregel</th><th>Status</th></tr></thead>
<tbody><tr><td>Versleuteling</td><td>Ingevoerd</td></tr></tbody></table>
<section class="annex"><h1>Bijlage 1 Specificatie</h1>
<div class="signature-block"><div class="signatory"><p>Verwerkingsverantwoordelijke</p>
<div class="signature-line"></div><p class="meta">Naam en datum</p></div></div></section>
"""


@pytest.fixture(scope="module")
def three_page_pdf(make_document: Callable[..., str]) -> bytes:
    snapshot = PdfAttachment("snapshot.json", SNAPSHOT, "Momentopname", "application/json")
    return render_pdf(make_document(THREE_PAGES), attachments=[snapshot])


def test_text_content(three_page_pdf: bytes, page_texts: Callable[[bytes], list[str]]) -> None:
    text = "\n".join(page_texts(three_page_pdf))
    assert "Deze overeenkomst regelt de verwerking van persoonsgegevens." in text
    assert "Bijlage 1 Specificatie" in text
    assert "Versleuteling" in text


def test_every_page_has_doc_ref_header_and_page_footer(
    three_page_pdf: bytes, page_texts: Callable[[bytes], list[str]]
) -> None:
    texts = page_texts(three_page_pdf)
    assert len(texts) == 3  # .page-break and section.annex each start a page
    for number, text in enumerate(texts, start=1):
        assert DOC_REF in text
        assert f"pagina {number} van 3" in text
    assert "Bijlage 1" in texts[2] and "Bijlage 1" not in texts[1]


def test_table_header_repeats_on_every_page(
    make_document: Callable[..., str], page_texts: Callable[[bytes], list[str]]
) -> None:
    rows = "".join(f"<tr><td>Rij {i}</td><td>Doel {i}</td></tr>" for i in range(120))
    body = (
        f'<table class="data"><thead><tr><th>Kolomkop</th><th>Doel</th></tr></thead><tbody>{rows}'
    )
    texts = page_texts(render_pdf(make_document(body + "</tbody></table>")))
    assert len(texts) >= 2
    assert all("Kolomkop" in text for text in texts)


def _xmp(reader: PdfReader) -> ET.Element:
    return defused_fromstring(reader.trailer["/Root"]["/Metadata"].get_object().get_data())


def _pdfaid(xmp: ET.Element, name: str) -> str | None:
    for element in xmp.iter():
        if PDFAID + name in element.attrib:
            return element.attrib[PDFAID + name]
        if element.tag == PDFAID + name:
            return element.text
    return None


def test_pdf_a_3b_identification(
    three_page_pdf: bytes, read_pdf: Callable[[bytes], PdfReader]
) -> None:
    reader = read_pdf(three_page_pdf)
    xmp = _xmp(reader)
    assert _pdfaid(xmp, "part") == "3"
    assert _pdfaid(xmp, "conformance") == "B"
    assert "/OutputIntents" in reader.trailer["/Root"]


def test_metadata_from_title_author_description_and_lang(
    three_page_pdf: bytes, read_pdf: Callable[[bytes], PdfReader]
) -> None:
    reader = read_pdf(three_page_pdf)
    assert reader.metadata is not None
    assert reader.metadata.title == "Verwerkersovereenkomst"
    assert reader.metadata.author == "Gemeente Voorbeeld"
    assert reader.metadata.subject == "Overeenkomst volgens Model 4.0"
    assert reader.trailer["/Root"]["/Lang"] == "nl"
    assert reader.xmp_metadata is not None
    assert reader.xmp_metadata.dc_title == {"x-default": "Verwerkersovereenkomst"}


def test_json_attachment_is_byte_identical_with_data_relationship(
    three_page_pdf: bytes, read_pdf: Callable[[bytes], PdfReader]
) -> None:
    reader = read_pdf(three_page_pdf)
    assert reader.attachments["snapshot.json"] == [SNAPSHOT]
    filespecs = {
        spec.get_object()["/UF"]: spec.get_object() for spec in reader.trailer["/Root"]["/AF"]
    }
    spec = filespecs["snapshot.json"]
    assert spec["/AFRelationship"] == "/Data"
    assert spec["/Desc"] == "Momentopname"
    assert spec["/EF"]["/F"].get_object()["/Subtype"] == "/application/json"


def _font_descriptors(reader: PdfReader) -> list[tuple[str, DictionaryObject]]:
    found = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            if font["/Subtype"] == "/Type0":
                descendant = font["/DescendantFonts"][0].get_object()
                found.append((font["/BaseFont"], descendant["/FontDescriptor"].get_object()))
            else:
                found.append((font["/BaseFont"], font["/FontDescriptor"].get_object()))
    return found


def test_fonts_are_embedded_and_come_from_the_assets(
    three_page_pdf: bytes, read_pdf: Callable[[bytes], PdfReader]
) -> None:
    fonts = _font_descriptors(read_pdf(three_page_pdf))
    assert fonts
    for base_font, descriptor in fonts:
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), base_font
        # Only the @font-face families of document.css, never a system font.
        assert re.fullmatch(r"/[A-Z]{6}\+Register-(Serif|Sans)(-Bold)?(-?Italic)?", base_font)


def test_stylesheet_fonts_all_load(
    make_document: Callable[..., str], caplog: pytest.LogCaptureFixture
) -> None:
    css = (ASSET_DIR / "document.css").read_text()
    urls = re.findall(r'url\("([^"]+)"\)', css)
    assert len(urls) >= 6
    fetcher = AssetURLFetcher()
    for url in urls:
        fetcher.fetch(ASSET_BASE_URL + url).close()
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        render_pdf(make_document("<p>Tekst <b>vet</b> <i>cursief</i></p>"))
    assert not [r for r in caplog.records if "cannot be loaded" in r.getMessage()]


def test_unknown_variant_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown PDF variant"):
        render_pdf("<p>x</p>", variant="pdf/z-9")


@pytest.mark.parametrize(
    ("name", "data", "mime_type"),
    [
        ("../x.json", b"{}", "application/json"),
        ("x.json", "{}", "application/json"),
        ("x.json", b"{}", "application/json;base64,AAAA"),
    ],
)
def test_pdf_attachment_rejects_bad_values(name: str, data: bytes, mime_type: str) -> None:
    with pytest.raises((ValueError, TypeError)):
        PdfAttachment(name, data, "", mime_type)


def test_characters_xml_cannot_hold_become_spaces_so_the_metadata_stays_well_formed(
    make_document: Callable[..., str], read_pdf: Callable[[bytes], PdfReader]
) -> None:
    # Stored before the forms refused them: a control character, U+FFFE and U+FFFF.
    odd = "Stichting \x01\ufffe\uffff Duinmeer"
    pdf = render_pdf(make_document(f"<p>Partij: {odd}</p>", title=odd, author=odd, description=odd))
    reader = read_pdf(pdf)
    assert _pdfaid(_xmp(reader), "part") == "3"  # the XMP metadata parses
    spaced = "Stichting     Duinmeer"
    assert reader.xmp_metadata is not None
    assert reader.xmp_metadata.dc_title == {"x-default": spaced}
    assert reader.metadata is not None
    assert (reader.metadata.title, reader.metadata.author) == (spaced, spaced)
    text = reader.pages[0].extract_text()
    assert "Stichting" in text and "Duinmeer" in text
    assert not re.search("[\x00-\x08\ufffe\uffff†‡]", text)
