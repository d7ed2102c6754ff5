"""The issue's acceptance test: the statement generated from the demo register names every
data category and every purpose of the reference privacy statement (KPC Groep)."""

from __future__ import annotations

import html
import io
import re

import pytest
from pypdf import PdfReader

from register.demo.services import load_demo
from register.extensions import db

# The twelve bullet points under "Persoonsgegevens" of the reference statement.
DATA_CATEGORIES = (
    "Voor- en achternaam",
    "Geslacht",
    "Adresgegevens",
    "Telefoonnummer",
    "E-mailadres",
    "Naam organisatie",
    "Functie",
    "Locatiegegevens",
    "Training, publicatie, whitepaper, overige downloads",
    "Overige persoonsgegevens die u actief verstrekt bijvoorbeeld, in correspondentie en "
    "telefonisch",
    "IP-adres",
    "Gegevens over uw activiteiten op onze website",
)
# The eight bullet points under "Doelen", as the demo vocabulary labels carry them (the
# blog purpose's explanation is the term's description, shown beside it).
PURPOSES = (
    "Verzenden van onze nieuwsbrief, publicatie, whitepaper, etc.",
    "U te kunnen bellen of e-mailen indien dit nodig is om onze dienstverlening uit te "
    "kunnen voeren.",
    "U te informeren over onze diensten en producten.",
    "Om diensten bij u af te leveren, waaronder training, coaching en advies.",
    "Voor het afhandelen van betaling.",
    "Voor het afhandelen van klachten.",
    "Analyse van uw gedrag op de website om daarmee de website te verbeteren en het aanbod "
    "van producten en diensten af te stemmen op uw voorkeuren.",
    "Reacties op blogs",
)
PHRASES = DATA_CATEGORIES + PURPOSES


def _squeeze(text: str) -> str:
    """Drop all whitespace: line breaks in the PDF may fall anywhere, even after a hyphen."""
    return re.sub(r"\s+", "", text)


def _html_text(html: str) -> str:
    text = re.sub(r"<[^>]+>", " ", html).replace("&#39;", "'").replace("&amp;", "&")
    return " ".join(text.split())


@pytest.fixture
def demo(app, run_jobs):
    with app.app_context():
        load_demo(db.session)
        db.session.commit()
    run_jobs(app)  # the worker renders the published statement's PDF, as in `make run`


def test_there_are_twenty_reference_phrases():
    assert (len(DATA_CATEGORIES), len(PURPOSES)) == (12, 8)


def test_page_and_pdf_name_every_reference_category_and_purpose(client, demo):
    page = client.get("/privacyverklaring")
    assert page.status_code == 200
    text = _html_text(page.get_data(as_text=True))
    missing_from_page = [phrase for phrase in PHRASES if phrase not in text]
    assert missing_from_page == []
    assert "Bij de blogs op onze website is het mogelijk een bericht te plaatsen." in text

    pdf = client.get("/privacyverklaring/pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.data))
    pdf_text = _squeeze(" ".join(page.extract_text() for page in reader.pages))
    missing_from_pdf = [phrase for phrase in PHRASES if _squeeze(phrase) not in pdf_text]
    assert missing_from_pdf == []
    for heading in ("Persoonsgegevens", "Doelen en grondslagen", "Uw rechten"):
        assert _squeeze(heading) in pdf_text


def test_the_demo_statement_says_what_the_register_records_about_analytics(client, demo):
    text = html.unescape(_html_text(client.get("/privacyverklaring").get_data(as_text=True)))
    pdf = client.get("/privacyverklaring/pdf")
    pdf_text = _squeeze(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    ).replace("\u2010", "")  # hyphenation of paragraphs in print
    expected = (
        "Via de cookie _ga, _ga_<id> gaan deze persoonsgegevens naar Google Ireland Limited "
        "(Google Analytics): IP-adres, Gegevens over uw activiteiten op onze website, "
        "Locatiegegevens."
    )
    for phrase in (
        "Cookies en vergelijkbare technieken",
        expected,
        "buiten de Europese Economische Ruimte: Verenigde Staten, Google LLC",
        "Met bedrijven die uw gegevens in onze opdracht verwerken, sluiten wij een "
        "verwerkersovereenkomst",
        "KPC Groep blijft verantwoordelijk voor deze verwerkingen.",
        "U kunt cookies weigeren door uw internetbrowser",
        "Het geven van deze gegevens is vrijwillig.",
        "Dit is versie 1, gepubliceerd op",
    ):
        assert phrase in text, phrase
        assert _squeeze(phrase) in pdf_text, phrase
    assert "geen persoonlijke informatie" not in text
