"""The PDF register for the supervisory authority: cover, contents with pages, sections."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import sqlalchemy as sa
from pypdf import PdfReader

from register.activities.models import Activity, ActivityStatus, ActivityVersion, Role
from register.activities.record import activity_record
from register.audit.models import AuditEntry
from register.exchange.exporting.dataset import load_register
from register.exchange.exporting.services import ExportCommand, export_register
from register.exchange.exporting.to_pdf import register_htmls
from register.organisations.models import Organisation, OrganisationKind
from register.products.models import Licence, Product


def test_pdf_register_has_cover_contents_sections_and_page_numbers(session, hostile_register):
    exported = export_register(session, ExportCommand("pdf"))
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
    entries = [
        entry
        for entry in re.findall(r"^(.+) (\d+)$", listed, re.MULTILINE)
        if not entry[0].startswith("Register van verwerkingsactiviteiten ·")  # running header
    ]
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


def test_a_register_in_many_parts_lists_every_section_and_school_once(
    session, register, monkeypatch
):
    from register.exchange.exporting import to_pdf as pdf_export

    doenin = session.scalars(sa.select(Product)).one()
    for n in range(5):
        session.add(
            Activity(
                name=f"Extra verwerking {n}",
                role=Role.CONTROLLER,
                status=ActivityStatus.ACTIVE,
                description="Voor een register in meer delen.",
            )
        )
        school = Organisation(kind=OrganisationKind.SCHOOL, name=f"Stichting Extra {n}")
        session.add(Licence(organisation=school, product=doenin, start_date=dt.date(2024, 8, 1)))
    session.commit()
    monkeypatch.setattr(pdf_export, "RECORDS_PER_PART", 2)
    monkeypatch.setattr(pdf_export, "SCHOOLS_PER_PART", 3)
    assert len(pdf_export.register_htmls(load_register(session))) == 1 + 3 + 1 + 3

    exported = export_register(session, ExportCommand("pdf"))
    session.commit()
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(exported.data)).pages]
    for number, text in enumerate(pages, start=1):
        assert text.count(f"pagina {number} van {len(pages)}") == 1
    names = ["Nieuwsbrief", *(f"Extra verwerking {n}" for n in range(5))]
    contents = pages[1]
    for name in names:
        [number] = re.findall(re.escape(name) + r" (\d+)\n", contents)
        assert sum(name in page for page in pages[2:]) == 1  # one section, on its page
        assert name in pages[int(number) - 1]
    schools = ["Stichting Noord", "Stichting Zuid", *(f"Stichting Extra {n}" for n in range(5))]
    annex = "\n".join(pages[int(re.findall(r"per product (\d+)\n", contents)[0]) - 1 :])
    for school in schools:
        assert annex.count(school + " ·") == 1, school


def _pdf_text(session: Any) -> str:
    exported = export_register(session, ExportCommand("pdf"))
    reader = PdfReader(io.BytesIO(exported.data))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def _reversion(session: Any, activity: Activity) -> None:
    number = session.scalar(
        sa.select(sa.func.max(ActivityVersion.number)).where(
            ActivityVersion.activity_id == activity.id
        )
    )
    session.add(
        ActivityVersion(
            activity_id=activity.id, number=number + 1, snapshot=activity_record(activity)
        )
    )
    session.commit()


def test_pdf_retention_and_dates_read_as_dutch(session, register):
    activity = session.get(Activity, register["controller_id"])
    activity.retention_rules[0].trigger = "Na de laatste activiteit van de betrokkene"
    session.flush()
    _reversion(session, activity)
    text = _pdf_text(session)
    assert "3 jaar na de laatste activiteit van de betrokkene" in text
    assert "vanaf Na" not in text
    assert "Herzieningsdatum" in text and "31 januari 2027" in text
    assert "2027-01-31" not in text


def test_pdf_processor_part_labels_art_30_2_items(session, register):
    exported = export_register(session, ExportCommand("pdf"))
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(exported.data)).pages]
    part = " ".join(next(p for p in pages if "a. Verwerker en" in p).split())
    for label in (
        "a. Verwerker en verantwoordelijken",
        "b. Categorieën van verwerkingen",
        "c. Doorgiften buiten de EER",
        "d. Beveiliging",
    ):
        assert label in part, part
    assert "c. Betrokkenen" not in part and "c. Persoonsgegevens" not in part
    assert "Betrokkenen" in part and "Persoonsgegevens" in part
