"""The demo register's agreement documents, read back from the stored PDFs with pypdf.

Issue 12: the deletion term (art. 28(3)(g)) named in article 14 and the leaflet, every
security measure described in Bijlage 2, the leaflet's own fixes.
"""

from __future__ import annotations

import io
import re

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from register.agreements.documents.reading import document_with_content, leaflet_with_content
from register.agreements.documents.storage import DocumentKind
from register.agreements.models import Agreement
from register.agreements.states import AgreementState
from register.extensions import db
from register.organisations.models import Organisation
from register.vocabularies.models import Term, Vocabulary


def pdf_text(data: bytes) -> str:
    pages = PdfReader(io.BytesIO(data)).pages
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in pages))
    return text.replace("\u2010 ", "")  # words hyphenated at a line end, joined again


def _agreement(brin: str) -> Agreement:
    return db.session.scalars(
        sa.select(Agreement)
        .join(Organisation, Agreement.school_id == Organisation.id)
        .where(Organisation.brin == brin, Agreement.state != AgreementState.SUPERSEDED)
    ).one()


@pytest.fixture
def demo(app, runner):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    return app


def _texts(app, brin: str) -> tuple[str, list[str]]:
    """The stored agreement PDF's text and its leaflets' texts."""
    with app.app_context():
        agreement = _agreement(brin)
        document = document_with_content(db.session, agreement, DocumentKind.ORIGINAL)
        assert document is not None
        leaflets = []
        for index in range(len(agreement.products)):
            leaflet = leaflet_with_content(db.session, agreement, index)
            assert leaflet is not None
            leaflets.append(pdf_text(leaflet.content))
        return pdf_text(document.content), leaflets


def test_demo_agreement_names_the_deletion_term_and_describes_every_measure(demo):
    text, leaflets = _texts(demo, "11CD")  # Dorpsveld: sent, awaiting review

    named = (
        "naar keuze van de Onderwijsinstelling, binnen drie maanden na het einde van de licentie"
    )
    # Article 14(3): the term per product, named.
    assert "einde van de overeenkomst: DOENIN: de Verwerker verwijdert" in text
    assert named in text
    assert "de termijn die de verwerkersovereenkomst noemt" not in text
    for leaflet in leaflets:
        assert "Bij het einde van de overeenkomst: de Verwerker verwijdert" in leaflet
        assert named in leaflet

    annex = text.partition("Bijlage 2 Beveiligingsbijlage")[2]
    with demo.app_context():
        measures = db.session.scalars(
            sa.select(Term).where(Term.vocabulary == Vocabulary.SECURITY_MEASURE)
        ).all()
        used = [m for m in measures if m.description]
        assert len(used) == 16
        for measure in used:
            # The first words of each description stand in the "Omschrijving" column.
            assert " ".join(measure.description.split()[:3]) in annex, measure.code
    assert "(demowaarde)" in annex


def test_demo_leaflets_read_right(demo):
    """Issue 12 item 8: locations, requests, version and date, lists, the SVA teachers."""
    text, (doenin, sva) = _texts(demo, "10AB")  # Voorbeeldstad: DOENIN and SVA, signed

    for leaflet in (doenin, sva):
        assert "Nederland en Nederland" not in leaflet
        assert "De gegevens worden verwerkt in: Applicatieomgeving bij NedCloud Hosting" in leaflet
        # §12 says how a request is handled: forwarded to the school, which decides.
        assert "stuurt het onverwijld door aan de contactpersoon privacy van de" in leaflet
        assert "laat de Betrokkene weten dat het is doorgestuurd" in leaflet
        # §14: the leaflet's own version (its register history), not a hash.
        assert re.search(r"versie [0-9a-f]{8}\b", leaflet) is None
    # Product version 1 plus the activity's latest version 2 (the demo's past changed the
    # DOENIN activity once since it was first recorded): version 3.
    assert re.search(r"Privacybijsluiter DOENIN, versie 3, vastgesteld op \d+ \w+ \d{4}", doenin)
    assert re.search(r"Privacybijsluiter DOENIN, versie 3, vastgesteld op", text)

    assert "Gebruikers Leerlingen, leraren en schoolbeheerders" in doenin
    assert "Leerlingen en leraren en" not in doenin
    # SVA: teachers follow their pupils' results, as the product description says.
    assert "Docent leerresultaten en voortgang van de eigen leerlingen en studenten" in sva
    assert "de eigen gegevens" not in sva


def test_demo_parties_and_signatures_read_right(demo):
    """Issue 11 item 5 and issue 12 item 6: one representative, Dutch titles, no blanks."""
    text, _leaflets = _texts(demo, "11CD")  # Dorpsveld: sent, not signed
    assert "vertegenwoordigd door Bestuurder, Bestuurder" not in text
    assert (
        "rechtsgeldig vertegenwoordigd door Demo Bestuurder Dorpsveld, Voorzitter college van "
        "bestuur"
    ) in text
    assert "rechtsvorm: Stichting (demowaarde)" in text
    assert "onder nummer 90000000" in text
    assert "vertegenwoordigd door Demo Privacy Officer, Privacyfunctionaris" in text
    for english in ("Privacy officer", "Security Officer"):
        assert english not in text
    assert "Meldpunt datalekken KPC Groep (demowaarde)" in text
    assert "____" not in text

    with demo.app_context():
        signed = document_with_content(db.session, _agreement("10AB"), DocumentKind.SIGNED)
        assert signed is not None
        signed_text = pdf_text(signed.content)
    assert "Plaats:" not in signed_text and "____" not in signed_text
    assert "Functie: Voorzitter college van bestuur" in signed_text
    assert "Functie: Privacyfunctionaris" in signed_text
