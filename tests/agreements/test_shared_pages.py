"""Agreements with the same products share their laid-out pages, yet each is its own PDF/A-3b."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable

import pytest
from pypdf import PdfReader

from register.agreements.documents.reading import (
    current_snapshot,
    document_with_content,
    stored_documents,
)
from register.agreements.documents.storage import DocumentKind
from register.extensions import db
from register.pdf import shared_cache
from tests.agreements.conftest import load
from tests.agreements.seed import Register


@pytest.fixture
def two_sent(reg: Register, build: Callable[..., int]) -> tuple[int, int]:
    """Two schools' agreements for the same product, sent one after the other."""
    shared_cache.clear()
    first = build("in_review")
    second = build("in_review", school_id=reg.other_school_id)
    return first, second


def _pages(data: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages]


def test_the_second_agreement_reuses_the_shared_pages_of_the_first(two_sent):
    # One layout of the shared text for both sends: their agreements and leaflets.
    assert shared_cache.stats.renders == 1
    assert shared_cache.stats.hits >= 1


def test_each_agreement_carries_its_own_number_parties_pages_and_data(app, two_sent):
    with app.app_context():
        seen = []
        leaflets = 0
        for agreement_id, school, other in (
            (two_sent[0], "Stichting Voorbeeldscholen", "Andere Scholengroep"),
            (two_sent[1], "Andere Scholengroep", "Stichting Voorbeeldscholen"),
        ):
            agreement = load(agreement_id)
            document = document_with_content(db.session, agreement, DocumentKind.ORIGINAL)
            assert document is not None
            pages = _pages(document.content)
            total = len(pages)
            for number, text in enumerate(pages, start=1):
                assert agreement.number in text, (agreement.number, number)
                assert f"pagina {number} van {total}" in text, (number, text[:200])
            # The cover names this school; the shared pages name no school at all.
            assert school in pages[0] and other not in " ".join(pages)
            text = " ".join(pages)
            for expected in ("Artikel 1 Definities", "Artikel 19", "Privacybijsluiter DOENIN"):
                assert expected in text
            assert text.index("Partijen") < text.index("Artikel 1 Definities")
            assert text.index("Artikel 19") < text.index("Bijlage 2 Beveiligingsbijlage")
            assert text.index("Bijlage 3 Wijzigingsbijlage") < text.index("Ondertekening")

            reader = PdfReader(io.BytesIO(document.content))
            name = f"{agreement.number}-registergegevens.json"
            assert list(reader.attachments) == [name]
            snapshot = current_snapshot(db.session, agreement)
            assert snapshot is not None
            assert json.loads(reader.attachments[name][0]) == snapshot.data

            xmp = reader.xmp_metadata
            assert xmp is not None
            raw = xmp.stream.get_data().decode()
            assert re.search(r"pdfaid:part(=\"|>)3", raw), raw[:500]
            assert re.search(r"pdfaid:conformance(=\"|>)B", raw), raw[:500]

            # The outline runs through cover and shared pages in page order.
            titles = [item.title for item in _flat(reader.outline)]
            assert titles.index("Partijen") < titles.index("Artikel 1 Definities")
            definitions = next(
                i for i in _flat(reader.outline) if i.title == "Artikel 1 Definities"
            )
            page = reader.get_destination_page_number(definitions)
            assert "Artikel 1 Definities" in pages[page]
            seen.append(document.sha256)

            for leaflet in stored_documents(db.session, agreement)[1]:
                leaflet_pages = _pages(leaflet.document.content)
                for number, text in enumerate(leaflet_pages, start=1):
                    assert agreement.number in text
                    assert f"pagina {number} van {len(leaflet_pages)}" in text
                assert "Privacybijsluiter DOENIN" in leaflet_pages[0]
                leaflets += 1
        assert seen[0] != seen[1] and leaflets == 2


def _flat(outline: list) -> list:
    items = []
    for item in outline:
        items.extend(_flat(item) if isinstance(item, list) else [item])
    return items


def test_without_shared_pages_an_agreement_is_rendered_whole_with_the_same_pages(
    app, reg, build, two_sent
):
    """PDF_SHARED_PAGES off (as before pages were shared): the same text, page for page."""
    app.config["PDF_SHARED_PAGES"] = False
    try:
        whole_id = build("in_review", school_id=reg.other_school_id)
    finally:
        app.config["PDF_SHARED_PAGES"] = True
    assert shared_cache.stats.renders == 1  # only the two shared sends laid it out
    with app.app_context():
        shared, whole = load(two_sent[1]), load(whole_id)
        pages = {}
        for agreement in (shared, whole):
            document = document_with_content(db.session, agreement, DocumentKind.ORIGINAL)
            assert document is not None
            pages[agreement.id] = [
                text.replace(agreement.number, "<nummer>") for text in _pages(document.content)
            ]
            reader = PdfReader(io.BytesIO(document.content))
            assert list(reader.attachments) == [f"{agreement.number}-registergegevens.json"]
            leaflets = stored_documents(db.session, agreement)[1]
            assert len(leaflets) == 1
        total = len(pages[whole.id])
        for number, text in enumerate(pages[whole.id], start=1):
            assert "<nummer>" in text and f"pagina {number} van {total}" in text
        # Page for page the same words (a stamped page reads its furniture first).
        assert [sorted(t.split()) for t in pages[whole.id]] == [
            sorted(t.split()) for t in pages[shared.id]
        ]
