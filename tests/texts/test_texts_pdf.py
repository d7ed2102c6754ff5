"""The rendered 4.0 document is printable HTML: WeasyPrint turns it into a readable PDF."""

from __future__ import annotations

import io
import re

import pytest

weasyprint = pytest.importorskip("weasyprint")
pypdf = pytest.importorskip("pypdf")


def test_model_40_sample_renders_to_a_readable_pdf(document_40):
    # No URLs in the document, so the default fetcher never fetches anything.
    pdf = weasyprint.HTML(string=document_40).write_pdf()

    reader = pypdf.PdfReader(io.BytesIO(pdf))
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))
    assert len(reader.pages) > 5
    assert reader.metadata.title == "Verwerkersovereenkomst Digitale Onderwijsmiddelen"
    assert reader.metadata.author == "KPC Groep"
    for expected in [
        "Stichting Openbaar Onderwijs Voorbeeldstad",
        "Artikel 13 Subverwerkers",
        "Privacybijsluiter DOENIN",
        "Privacybijsluiter Scholing voor Arbeid",
        "Beveiligingsbijlage",
        "Wijzigingsbijlage",
        "Ondertekening",
        "15 juli 2026 om 11:12",
    ]:
        assert expected in text


def _pdf_text(document: str) -> str:
    reader = pypdf.PdfReader(io.BytesIO(weasyprint.HTML(string=document).write_pdf()))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def test_model_40_pdf_defines_users_and_names_the_fg_the_same_everywhere(document_40):
    text = _pdf_text(document_40)

    assert "Gebruiker: een Leerling, een Medewerker" in text
    assert "voor gegevensbescherming" not in text.lower()
    assert "niet opgegeven" not in text


def test_empty_phone_numbers_leave_no_stray_commas():
    from register.texts import get_template, render_document, render_leaflet, sample_context

    context = sample_context()
    for party in ("processor", "controller"):
        if "phone" in context[party]:
            context[party]["phone"] = ""
        for contact in ("privacy_contact", "breach_contact"):
            context[party][contact]["phone"] = ""
        context[party]["dpo"] = None
    info = get_template("convenant-4.0", "1")
    text = _pdf_text(render_document(info, context)) + _pdf_text(render_leaflet(info, context, 0))

    assert ", ." not in text and ", ;" not in text and ", ," not in text
    assert not re.search(r", (?:\n|$)", text)
    assert "niet aangewezen" in text
    for party in ("processor", "controller"):
        for contact in ("privacy_contact", "breach_contact"):
            email = context[party][contact]["email"]
            assert f"{email}," not in text, (party, contact)


def test_model_30_pdf_fills_the_gaps_of_issue_12():
    """Nature of the processing, inspections, the covenant, "Verwerking", breaches, ECK iD."""
    from register.texts import get_template, render_document, sample_context

    context = sample_context()
    info = get_template("convenant-3.0", "1")
    context["agreement"].update(covenant_version="3.0", template_id=info.id)
    text = _pdf_text(render_document(info, context))

    for expected in (
        "De aard van de Verwerking is het leveren van het Digitaal Onderwijsmiddel",
        context["products"][0]["description"][:40],
        "audits en inspecties",
        "De Verwerker leeft de bepalingen van het Convenant na",
        "Verwerken of Verwerking: een verwerking als bedoeld in artikel 4, onderdeel 2, AVG",
        "Hij documenteert ieder Datalek",
        "Artikel 3a ECK iD",
        "ECK iD: het gepseudonimiseerde identificatiegegeven",
    ):
        assert expected in text, expected
