"""Recognising an activity sheet by its header row: our own columns, Fides or Kennisnet.

Each layout maps header texts (compared without case, accents and punctuation) to record
paths of `register.exchange.columns`. Flat layouts (Fides, Kennisnet) may hold several items
in one cell separated by new lines or semicolons; our own format only uses new lines.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from register.exchange.columns import ACTIVITY_COLUMNS, PROCESSOR_SHEET_COLUMNS

HEADER_SCAN_ROWS = 25


def normalise(header: Any) -> str:
    """Header text without case, accents, punctuation or extra spaces."""
    text = unicodedata.normalize("NFKD", str(header or "")).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def _normalised(columns: dict[str, str]) -> dict[str, str]:
    """Header text -> record path, with the header texts normalised."""
    return {normalise(header): path for header, path in columns.items()}


@dataclass(frozen=True)
class Layout:
    name: str
    title: str
    columns: dict[str, str]  # normalised header -> record path
    required: tuple[str, ...]  # record paths that identify the layout
    flat: bool
    # Extra paths a flat layout copies a column to, e.g. the storage location to sub-processors.
    copies: tuple[tuple[str, str], ...] = ()


NATIVE = Layout(
    "native",
    "Verwerkingsregister",
    _normalised({c.header: c.path for c in (*ACTIVITY_COLUMNS, *PROCESSOR_SHEET_COLUMNS)}),
    ("name", "role"),
    flat=False,
)

FIDES = Layout(
    "fides",
    "Fides RoPA",
    _normalised(
        {
            "Dataset": "name",
            "System": "storage_location",
            "Department": "department",
            "Purpose of Processing": "purposes.purpose",
            "Joint Controller": "joint_controller",
            "Categories of Individuals": "data_subjects",
            "Categories of Personal Data": "data_categories.category",
            "Categories of Recipients": "recipient_categories",
            "Third Country Transfers": "transfers.country",
            "Safeguards": "transfers.safeguards",
            "Retention Schedule": "retention.period",
            "Security Measures": "security_measures",
            "Role/Responsibility": "role",
            "Art. 6 lawful basis": "purposes.legal_basis",
            "Art. 9 condition": "purposes.special_condition",
            "Legitimate interests": "purposes.legitimate_interest",
            "LIA link": "purposes.lia_link",
            "Rights available": "rights_available",
            "Automated decision-making": "automated_decision_making",
            "Source of data": "data_source",
            "DPIA required": "dpia.required",
            "DPIA progress": "dpia.status",
            "DPIA link": "dpia.link",
        }
    ),
    ("name", "purposes.purpose"),
    flat=True,
)

KENNISNET = Layout(
    "kennisnet",
    "Kennisnet (verwerkers)",
    _normalised(
        {
            "Applicatie": "name",
            "Naam applicatie": "name",
            "Applicatie / dienst": "name",
            "Verwerker": "subprocessors.name",
            "Naam verwerker": "subprocessors.name",
            "Leverancier": "subprocessors.name",
            "Applicatie-eigenaar": "owner",
            "Interne applicatie-eigenaar": "owner",
            "Applicatie-eigenaar (intern)": "owner",
            "Doel": "purposes.purpose",
            "Doel van de verwerking": "purposes.purpose",
            "Grondslag": "purposes.legal_basis",
            "Categorieën betrokkenen": "data_subjects",
            "Betrokkenen": "data_subjects",
            "Categorieën persoonsgegevens": "data_categories.category",
            "Persoonsgegevens": "data_categories.category",
            "Locatie gegevens": "storage_location",
            "Locatie van de gegevens": "storage_location",
            "Opslaglocatie": "storage_location",
            "Datum verwerkersovereenkomst": "dpa_date",
            "Verwerkersovereenkomst (datum)": "dpa_date",
            "Datum VWO": "dpa_date",
            "Bewaartermijn": "retention.period",
            "Beveiligingsmaatregelen": "security_measures",
            "Toelichting": "description",
        }
    ),
    ("name", "subprocessors.name"),
    flat=True,
    copies=(("storage_location", "subprocessors.location"),),
)

LAYOUTS = (NATIVE, FIDES, KENNISNET)


@dataclass(frozen=True)
class Header:
    """A recognised header row: its layout, row number and column index -> path."""

    layout: Layout
    row: int
    paths: dict[int, str]
    headers: dict[int, str]
    ignored: tuple[str, ...]


def detect_header(rows: Sequence[tuple[int, list[Any]]]) -> Header | None:
    """The first row (of the first 25) that matches a layout's identifying columns."""
    for number, values in rows[:HEADER_SCAN_ROWS]:
        texts = [normalise(v) for v in values]
        best: Header | None = None
        for layout in LAYOUTS:
            paths = {i: layout.columns[t] for i, t in enumerate(texts) if t in layout.columns}
            if not all(p in paths.values() for p in layout.required):
                continue
            if best is None or len(paths) > len(best.paths):
                ignored = tuple(
                    str(values[i]).strip()
                    for i, t in enumerate(texts)
                    if t and t not in layout.columns
                )
                headers = {i: str(values[i]).strip() for i in paths}
                best = Header(layout, number, paths, headers, ignored)
        if best is not None:
            return best
    return None
