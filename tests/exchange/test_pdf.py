"""The PDF register for the supervisory authority: cover, contents with pages, sections."""

from __future__ import annotations

import io
import re

import sqlalchemy as sa
from pypdf import PdfReader

from register.activities.models import Activity
from register.audit.models import AuditEntry
from register.exchange.dataset import load_register
from register.exchange.pdf_export import register_htmls
from register.exchange.services import ExportRequest, export_register


def test_pdf_register_has_cover_contents_sections_and_page_numbers(session, hostile_register):
    exported = export_register(session, ExportRequest("pdf"))
    session.commit()
    assert exported.data.startswith(b"%PDF") and exported.filename.endswith(".pdf")
    reader = PdfReader(io.BytesIO(exported.data))
    pages = [page.extract_text() for page in reader.pages]
    total = len(pages)
    assert "Register van verwerkingsactiviteiten" in pages[0]
    assert "KPC" not in pages[0]  # the hostile organisation name is shown as plain text
    assert '=HYPERLINK("http://evil.example","klik")' in pages[0]
    for number, text in enumerate(pages, start=1):
        assert f"pagina {number} van {total}" in text
    contents = pages[1]
    assert "Inhoud" in contents
    # The contents give each activity's page, and that page holds its section.
    for name in ("DOENIN leeromgeving",):
        match = re.search(re.escape(name) + r" (\d+)\n", contents)
        assert match, contents
        assert name in pages[int(match.group(1)) - 1]
    # Every contents entry links to the page that holds its section.
    listed = contents.split("Inhoud", 1)[1].split(f"pagina 2 van {total}")[0]
    entries = re.findall(r"^(.+) (\d+)$", listed, re.MULTILINE)
    links = [annotation.get_object() for annotation in reader.pages[1]["/Annots"]]
    assert len(entries) == len(links) >= 3
    for (name, number), link in zip(entries, links, strict=True):
        target = reader.get_page_number(link["/Dest"][0].get_object())
        assert target == int(number) - 1 and name in " ".join(pages[target].split())
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert titles[1:] == [
        "Verwerkingen als verwerkingsverantwoordelijke (art. 30 lid 1 AVG)",
        "Verwerkingen als verwerker (art. 30 lid 2 AVG)",
        "Bijlage: verwerkingsverantwoordelijken per product",
    ]
    processor_page = next(p for p in pages if "a. Verwerker en" in p)
    assert "b. Categorieën van" in processor_page and "Hosting, leeranalyses" in processor_page
    assert "Stichting Noord" in pages[-1]  # annex: controllers per product
    entry = session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "export")).one()
    assert entry.changes["format"] == "pdf"


def test_pdf_html_escapes_user_text(session, register):
    activity = session.get(Activity, register["controller_id"])
    activity.name = '<img src="file:///etc/passwd">'
    session.commit()
    html = "".join(register_htmls(load_register(session)))
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt;" in html
    assert "<img" not in html
