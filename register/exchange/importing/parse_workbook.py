"""Reading a whole workbook: activity sheets (any layout), the organisation and vocabularies."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from register.exchange.columns import (
    INFO_SHEET,
    ORGANISATION_FIELDS,
    ORGANISATION_FLAGS,
    ORGANISATION_SHEET,
    SCHOOL_SHEET,
    TERM_COLUMNS,
    VOCABULARY_SHEETS,
)
from register.exchange.errors import Issue
from register.exchange.importing import values
from register.exchange.importing.layouts import detect_header, normalise
from register.exchange.importing.parse_activities import ParsedActivity, RowReader
from register.exchange.importing.parse_schools import parse_schools
from register.exchange.importing.reader import Sheet

_ORGANISATION_LABELS = {normalise(label): name for name, label in ORGANISATION_FIELDS}
_TERM_HEADERS = {normalise(c.header): c for c in TERM_COLUMNS}
_VOCABULARIES = {name: vocabulary for vocabulary, name in VOCABULARY_SHEETS}
ORGANISATION_LENGTHS = {
    "name": 200,
    "kvk": 8,
    "postcode": 10,
    "phone": 40,
    "dpo_not_appointed_reason": 4000,
}


@dataclass
class ParsedWorkbook:
    """Everything read from a workbook, before it is compared with the database."""

    activities: list[ParsedActivity] = field(default_factory=list)
    organisation: dict[str, Any] | None = None
    # Schools with a licence for a product (the processor record's controllers).
    schools: list[dict[str, Any]] = field(default_factory=list)
    # Vocabulary value -> (row, term values) in file order.
    terms: dict[str, list[tuple[int, dict[str, Any]]]] = field(default_factory=dict)
    layouts: dict[str, str] = field(default_factory=dict)  # sheet -> layout title
    notices: list[str] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)


def _organisation(sheet: Sheet, parsed: ParsedWorkbook) -> None:
    organisation: dict[str, Any] = {}
    for number, cells in sheet.rows[1:]:
        label = normalise(cells[0] if cells else "")
        name = _ORGANISATION_LABELS.get(label)
        if name is None:
            parsed.issues.append(
                Issue(
                    sheet.name,
                    number,
                    "Gegeven",
                    f"onbekend gegeven '{values.text(cells[0])[:60]}'.",
                )
            )
            continue
        raw = cells[1] if len(cells) > 1 else ""
        if name in ORGANISATION_FLAGS:
            try:
                organisation[name] = values.boolean(raw) if raw not in (None, "") else False
            except values.ValueProblem as problem:
                parsed.issues.append(Issue(sheet.name, number, "Waarde", str(problem)))
            continue
        value = values.text(raw)
        limit = ORGANISATION_LENGTHS.get(name, 200)
        if len(value) > limit:
            parsed.issues.append(
                Issue(
                    sheet.name, number, "Waarde", f"de tekst is te lang (maximaal {limit} tekens)."
                )
            )
        if name == "website" and not values.is_web_link(value.strip()):
            parsed.issues.append(Issue(sheet.name, number, "Waarde", values.LINK_PROBLEM))
            continue
        organisation[name] = value[:limit]
    if any(v for k, v in organisation.items() if k not in ORGANISATION_FLAGS):
        if not organisation.get("name"):
            parsed.issues.append(
                Issue(sheet.name, None, "Waarde", "de naam van de organisatie ontbreekt.")
            )
        parsed.organisation = organisation
        parsed.layouts[sheet.name] = "Organisatie"


def _vocabulary(sheet: Sheet, vocabulary: str, parsed: ParsedWorkbook) -> None:
    if not sheet.rows:
        return
    _number, header = sheet.rows[0]
    columns = {
        i: _TERM_HEADERS[normalise(h)]
        for i, h in enumerate(header)
        if normalise(h) in _TERM_HEADERS
    }
    if not any(c.path == "label" for c in columns.values()):
        parsed.issues.append(Issue(sheet.name, _number, "Naam", "de kolom 'Naam' ontbreekt."))
        return
    rows = parsed.terms.setdefault(vocabulary, [])
    seen: set[str] = set()
    for number, cells in sheet.rows[1:]:
        term: dict[str, Any] = {}
        for index, column in columns.items():
            raw = cells[index] if index < len(cells) else None
            try:
                if column.kind == "bool":
                    term[column.path] = values.boolean(raw) if raw not in (None, "") else None
                elif column.kind == "int":
                    term[column.path] = values.integer(raw)
                else:
                    term[column.path] = values.text(raw)
            except values.ValueProblem as problem:
                parsed.issues.append(Issue(sheet.name, number, column.header, str(problem)))
        label = term.get("label", "")
        if not label:
            parsed.issues.append(Issue(sheet.name, number, "Naam", "de naam ontbreekt."))
            continue
        for key, limit in (("label", 200), ("code", 60), ("reference", 100), ("group", 100)):
            if len(term.get(key) or "") > limit:
                parsed.issues.append(
                    Issue(
                        sheet.name, number, key, f"de tekst is te lang (maximaal {limit} tekens)."
                    )
                )
        if label.casefold() in seen:
            parsed.issues.append(
                Issue(sheet.name, number, "Naam", f"'{label[:60]}' staat er dubbel in.")
            )
            continue
        seen.add(label.casefold())
        rows.append((number, term))
    parsed.layouts[sheet.name] = "Lijst"


def _activities(sheet: Sheet, parsed: ParsedWorkbook) -> bool:
    header = detect_header(sheet.rows)
    if header is None:
        return False
    parsed.layouts[sheet.name] = header.layout.title
    for ignored in header.ignored:
        parsed.notices.append(f"Blad '{sheet.name}': kolom '{ignored[:60]}' wordt niet ingelezen.")
    reader = RowReader(sheet.name, header, parsed.issues)
    for number, cells in sheet.rows:
        if number > header.row:
            parsed.activities.append(reader.read(number, cells))
    return True


def parse_workbook(sheets: list[Sheet]) -> ParsedWorkbook:
    """Read every sheet; unknown sheets are reported as notices, content errors as issues."""
    parsed = ParsedWorkbook()
    for sheet in sheets:
        if sheet.name == INFO_SHEET or not sheet.rows:
            continue
        if sheet.name == ORGANISATION_SHEET:
            _organisation(sheet, parsed)
        elif sheet.name == SCHOOL_SHEET:
            parsed.schools = parse_schools(sheet, parsed.issues)
            parsed.layouts[sheet.name] = "Scholen met licentie"
        elif sheet.name in _VOCABULARIES:
            _vocabulary(sheet, _VOCABULARIES[sheet.name], parsed)
        elif not _activities(sheet, parsed):
            parsed.notices.append(
                f"Blad '{sheet.name}' is overgeslagen: geen bekende kolomkoppen gevonden."
            )
    nothing = not (parsed.activities or parsed.terms or parsed.schools or parsed.organisation)
    if nothing and not parsed.issues:
        parsed.issues.append(
            Issue(
                sheets[0].name if sheets else "?",
                None,
                None,
                "geen verwerkingen gevonden: de kolomkoppen zijn niet herkend (verwacht de "
                "kolommen van een export van dit register, van Fides of van Kennisnet).",
            )
        )
    return parsed
