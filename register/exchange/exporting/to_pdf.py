"""The register as a PDF for the supervisory authority, rendered in parts side by side.

A register at design size is some 700 pages, about a minute of layout in one process. The
document is therefore cut into a front part (cover and contents) and body parts (runs of
activity sections, runs of the annex's school list) that render in parallel workers and
are joined by `register.pdf.assembly`, which numbers the pages and links the contents.
The contents list the page of every section in a fixed-width column, so the numbers cannot
change the front part's length (`render_in_parts` renders it twice: without, then with).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from flask import current_app, render_template

from register.activities.catalogue import Section, section_fields
from register.exchange.columns import ENUM_LABELS, KIND_LABELS, ROLE_LABELS, STATUS_LABELS
from register.exchange.exporting.dataset import RegisterData
from register.pdf import render_in_parts
from register.texts import formatting

# Parts small enough that two workers share the work evenly, large enough that the fixed
# cost of a part (stylesheet, fonts, its own first page) stays small.
RECORDS_PER_PART = 120
SCHOOLS_PER_PART = 2_500
ANNEX_TITLE = "Bijlage: verwerkingsverantwoordelijken per product"
ANNEX_ANCHOR = "bijlage"
_GROUPS = (
    ("controller", "Verwerkingen als verwerkingsverantwoordelijke (art. 30 lid 1 AVG)"),
    ("processor", "Verwerkingen als verwerker (art. 30 lid 2 AVG)"),
)


@dataclass(slots=True)
class Segment:
    """A run of one group's sections inside a part; `heading` where the group starts."""

    heading: str = ""
    heading_id: str = ""
    intro: bool = False
    records: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    product_heading: str = ""
    schools: list[dict[str, Any]] = field(default_factory=list)


def export_pdf(data: RegisterData) -> bytes:
    """The register as PDF bytes, within the export's time limit."""
    groups = _groups(data)
    return render_in_parts(
        lambda numbers: front_html(data, groups, numbers),
        _bodies(data, groups),
        timeout=float(current_app.config["EXPORT_PDF_TIMEOUT"]),
    )


def register_htmls(data: RegisterData) -> list[str]:
    """The HTML of every part (the front with its page numbers left blank)."""
    groups = _groups(data)
    return [front_html(data, groups, {}), *_bodies(data, groups)]


def front_html(data: RegisterData, groups: list[dict[str, Any]], numbers: dict[str, int]) -> str:
    """Cover and contents; `numbers` gives each anchor's page (blank where missing)."""
    annex = ANNEX_TITLE if data.processor_records else ""
    return _html("front.html", data, groups=groups, numbers=numbers, annex=annex)


def _groups(data: RegisterData) -> list[dict[str, Any]]:
    records = {"controller": data.controller_records, "processor": data.processor_records}
    return [
        {
            "role": role,
            "title": title,
            "entries": [
                (f"verwerking-{index}-{record['role']}", record)
                for index, record in enumerate(records[role], start=1)
            ],
        }
        for role, title in _GROUPS
        if records[role]
    ]


def _bodies(data: RegisterData, groups: list[dict[str, Any]]) -> list[str]:
    return [_html("part.html", data, segments=segments) for segments in _parts(data, groups)]


def _parts(data: RegisterData, groups: list[dict[str, Any]]) -> list[list[Segment]]:
    parts = [
        [Segment(heading=group["title"] if start == 0 else "", records=entries)]
        for group in groups
        for start, entries in _slices(group["entries"], RECORDS_PER_PART)
    ]
    if data.processor_records:
        parts.extend(_annex_parts(data))
    return parts


def _annex_parts(data: RegisterData) -> list[list[Segment]]:
    rows = [
        (code, index, school)
        for code, schools in sorted(data.controllers.items())
        for index, school in enumerate(schools)
    ]
    if not rows:
        return [[Segment(heading=ANNEX_TITLE, heading_id=ANNEX_ANCHOR, intro=True)]]
    parts = []
    for start, chunk in _slices(rows, SCHOOLS_PER_PART):
        segments = []
        for code, group in groupby(chunk, key=lambda row: row[0]):
            run = list(group)
            title = f"{data.product_names.get(code, code)} ({len(data.controllers[code])})"
            segments.append(
                Segment(
                    product_heading=title if run[0][1] == 0 else "",
                    schools=[school for _code, _index, school in run],
                )
            )
        if start == 0:
            segments[0].heading, segments[0].heading_id = ANNEX_TITLE, ANNEX_ANCHOR
            segments[0].intro = True
        parts.append(segments)
    return parts


def _slices(items: Sequence[Any], size: int) -> list[tuple[int, list[Any]]]:
    """`items` in near-equal runs of at most `size`, each with its start index."""
    count = max(math.ceil(len(items) / size), 1)
    bounds = [round(len(items) * n / count) for n in range(count + 1)]
    return [(bounds[n], list(items[bounds[n] : bounds[n + 1]])) for n in range(count)]


def _html(template: str, data: RegisterData, **context: Any) -> str:
    organisation = data.organisation or {}
    reference = data.as_of or data.reference_date
    return render_template(
        f"exchange/register_pdf/{template}",
        data=data,
        organisation=organisation,
        org_name=organisation.get("name") or "Organisatie onbekend",
        stand=formatting.day(reference),
        term=formatting.term,
        day=formatting.day,
        listing=formatting.listing,
        controller_records=data.controller_records,
        processor_records=data.processor_records,
        labels={
            "role": ROLE_LABELS,
            "status": STATUS_LABELS,
            "kind": KIND_LABELS,
            "enums": ENUM_LABELS,
        },
        management_fields=section_fields(Section.MANAGEMENT),
        **context,
    )
