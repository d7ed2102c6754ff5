"""The public privacy statement page and its PDF."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from register.auth.models import UserRole
from register.documents.errors import DocumentsIncomplete
from tests.statement.conftest import INTERNAL, UNPUBLISHED, publish_now

HEADINGS = (
    "Privacyverklaring KPC Groep",
    "KPC Groep als verwerkingsverantwoordelijke",
    "Persoonsgegevens",
    "Doelen en grondslagen",
    "Bewaartermijnen",
    "Delen met anderen",
    "Doorgifte buiten de Europese Economische Ruimte",
    "Beveiliging",
    "Uw rechten",
    "KPC Groep als verwerker voor scholen",
    "Contactgegevens",
    "Wijzigingen",
)
RIGHTS = (
    "inzage",
    "correctie",
    "verwijdering",
    "beperking van de verwerking",
    "overdraagbaarheid",
    "bezwaar",
    "intrekken van uw toestemming",
    "klacht indienen bij de Autoriteit Persoonsgegevens",
)


def _text(html: str) -> str:
    """Visible text of a page with whitespace normalised (tags become spaces)."""
    text = re.sub(r"<[^>]+>", " ", html)
    for entity, char in (("&#39;", "'"), ("&amp;", "&"), ("&lt;", "<"), ("&gt;", ">")):
        text = text.replace(entity, char)
    return " ".join(text.split())


@pytest.fixture
def page_text(client, published):
    response = client.get("/privacyverklaring")
    assert response.status_code == 200
    return _text(response.get_data(as_text=True))


def test_the_statement_is_public(client, published):
    response = client.get("/privacyverklaring")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/html")
    body = response.get_data(as_text=True)
    assert "Hoofdmenu" not in body  # an anonymous visitor sees no staff navigation


def test_headings_rights_and_contact(page_text):
    for heading in HEADINGS:
        assert heading in page_text
    for right in RIGHTS:
        assert right in page_text
    for detail in (
        "Guldenberg 12, 5628 KR Helvoirt",
        "+31 85-2101580",
        "privacy@kpcgroep.nl",
        "Functionaris gegevensbescherming F. Functionaris, fg@kpcgroep.nl",
        "Een verzoek stuurt u naar privacy@kpcgroep.nl.",
        "Dit is versie 1, gepubliceerd op",
    ):
        assert detail in page_text


def test_purposes_are_followed_by_their_legal_bases(page_text):
    assert (
        "Afhandelen van betalingen omdat de wet ons daartoe verplicht (AVG art. 6 lid 1 sub c)"
        in page_text
    )
    assert (
        "Analyse van websitegebruik Wij tellen bezoeken zonder u te herkennen. "
        "op basis van ons gerechtvaardigd belang "
        "(AVG art. 6 lid 1 sub f): het verbeteren van onze website" in page_text
    )
    assert "op basis van uw toestemming (AVG art. 6 lid 1 sub a)" in page_text


def test_transfers_recipients_retention_and_processors(page_text):
    assert (
        "Verenigde Staten Google LLC EU-VS Data Privacy Framework. Aanvullende versleuteling"
        in (page_text)
    )
    assert "Google Ireland Limited (Ierland)" in page_text
    assert "Hostingpartij" in page_text
    assert "IP-adres 26 maanden na het bezoek — Facturen 7 jaar (fiscale bewaarplicht)" in page_text
    assert "sluiten wij een verwerkersovereenkomst" in page_text
    assert "DOENIN" in page_text and "Convenant Digitale Onderwijsmiddelen en Privacy 4.0" in (
        page_text
    )
    assert "Informatiebeveiligingsbeleid" in page_text


def test_drafts_retired_activities_and_internal_fields_are_left_out(page_text):
    for value in INTERNAL + UNPUBLISHED:
        assert value not in page_text
    assert "Mailprovider BV" not in page_text  # processors only as a general sentence


def test_nothing_published_yet(client, statement_register):
    response = client.get("/privacyverklaring")
    assert response.status_code == 200
    text = _text(response.get_data(as_text=True))
    assert "Er is nog geen privacyverklaring gepubliceerd." in text
    assert "Nieuwsbrief" not in text
    assert client.get("/privacyverklaring/pdf").status_code == 404


def test_empty_register_is_not_published_but_the_page_renders(app, client):
    # Without the own organisation the documents check blocks publishing (issue 12).
    with pytest.raises(DocumentsIncomplete, match="de eigen organisatie"):
        publish_now(app)
    response = client.get("/privacyverklaring")
    assert response.status_code == 200


def test_signed_in_staff_see_the_same_page(client, auth, make_user, published):
    auth.login_as(make_user(UserRole.CONTRACT_MANAGER))
    response = client.get("/privacyverklaring")
    assert response.status_code == 200
    assert "Doelen en grondslagen" in response.get_data(as_text=True)


def test_pdf_is_a_real_pdf_with_the_statement(client, published):
    response = client.get("/privacyverklaring/pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == 'inline; filename="privacyverklaring-1.pdf"'
    reader = PdfReader(io.BytesIO(response.data))
    pages = [page.extract_text() for page in reader.pages]
    text = " ".join(" ".join(pages).split())
    for heading in HEADINGS:
        assert heading in text
    assert "Verzenden van onze nieuwsbrief" in text
    assert "pagina 1 van " in pages[0]
    assert "Privacyverklaring KPC Groep" in reader.metadata.title
    for value in INTERNAL + UNPUBLISHED:
        assert value not in text
    # Rendered once: the same register gives the same (cached) bytes.
    assert client.get("/privacyverklaring/pdf").data == response.data
