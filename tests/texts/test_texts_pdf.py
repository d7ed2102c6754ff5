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
