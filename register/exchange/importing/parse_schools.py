"""Reading the "Verwerker per school" sheet: schools (controllers) with their licences."""

from __future__ import annotations

from typing import Any

from register.exchange.columns import SCHOOL_COLUMNS
from register.exchange.errors import Issue
from register.exchange.importing import values
from register.exchange.importing.layouts import normalise
from register.exchange.importing.limits import MAX_LENGTHS
from register.exchange.importing.reader import Sheet

_HEADERS = {normalise(c.header): c for c in SCHOOL_COLUMNS}


def parse_schools(sheet: Sheet, issues: list[Issue]) -> list[dict[str, Any]]:
    """One entry per row: product, controller (school) and licence, with the row number."""
    if not sheet.rows:
        return []
    header_row, header = sheet.rows[0]
    columns = {i: _HEADERS[normalise(h)] for i, h in enumerate(header) if normalise(h) in _HEADERS}
    found = {c.path for c in columns.values()}
    for required in ("product.code", "controller.name", "licence.start_date"):
        if required not in found:
            name = next(c.header for c in SCHOOL_COLUMNS if c.path == required)
            issues.append(Issue(sheet.name, header_row, name, "deze kolom ontbreekt."))
    if len(found) < 3 or any(i.sheet == sheet.name for i in issues):
        return []
    entries: list[dict[str, Any]] = []
    for number, cells in sheet.rows[1:]:
        entry: dict[str, Any] = {"product": {}, "controller": {}, "licence": {}, "row": number}
        for index, column in columns.items():
            if column.path == "activities":
                continue  # derived from the processor record; not read
            raw = cells[index] if index < len(cells) else None
            target, name = column.path.split(".")
            try:
                if column.kind == "date":
                    day = values.date(raw)
                    entry[target][name] = day.isoformat() if day else None
                else:
                    text = values.text(raw)
                    limit = MAX_LENGTHS.get(column.path)
                    if limit is not None and len(text) > limit:
                        raise values.ValueProblem(f"de tekst is te lang (maximaal {limit} tekens).")
                    entry[target][name] = text
            except values.ValueProblem as problem:
                issues.append(Issue(sheet.name, number, column.header, str(problem)))
        for path, message in (
            ("product.code", "de productcode ontbreekt."),
            ("controller.name", "de naam van de school ontbreekt."),
            ("licence.start_date", "de startdatum van de licentie ontbreekt."),
        ):
            target, name = path.split(".")
            if not entry[target].get(name):
                header_text = next(c.header for c in SCHOOL_COLUMNS if c.path == path)
                issues.append(Issue(sheet.name, number, header_text, message))
        end = entry["licence"].get("end_date")
        start = entry["licence"].get("start_date")
        if start and end and end < start:
            issues.append(
                Issue(sheet.name, number, "Licentie tot en met", "ligt voor de startdatum.")
            )
        entry["product"].setdefault("name", "")
        entry["product"]["name"] = entry["product"]["name"] or entry["product"].get("code", "")
        entries.append(entry)
    return entries
