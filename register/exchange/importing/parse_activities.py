"""Turning the rows of an activity sheet into canonical records, collecting every problem."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from register.activities.catalogue import empty_record
from register.exchange.columns import (
    ACTIVITY_COLUMNS,
    GROUP_FIELDS,
    GROUP_LEADS,
    LABEL_SEPARATOR,
    Column,
)
from register.exchange.errors import Issue
from register.exchange.importing import values
from register.exchange.importing.layouts import Header
from register.exchange.importing.limits import MAX_LENGTHS

COLUMNS = {c.path: c for c in ACTIVITY_COLUMNS}
# Shown as links in the register: only http(s) addresses are accepted, as in the forms.
LINK_PATHS = {"dpia.link", "purposes.lia_link"}


@dataclass
class ParsedActivity:
    """One activity read from a sheet, with where it came from."""

    record: dict[str, Any]
    sheet: str
    row: int
    key: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    version: int | None = None  # the register version the row was exported from, if given

    def header(self, path: str) -> str:
        return self.headers.get(path, COLUMNS[path].header if path in COLUMNS else path)


class RowReader:
    """Reads the rows of one sheet with a recognised header row."""

    def __init__(self, sheet: str, header: Header, issues: list[Issue]) -> None:
        self.sheet = sheet
        self.header = header
        self.issues = issues
        self.flat = header.layout.flat
        self.headers = {path: header.headers[i] for i, path in header.paths.items()}
        seen: set[str] = set()
        self.paths: dict[int, str] = {}
        for index, path in sorted(header.paths.items()):
            if path not in seen:  # the first of two columns for the same item wins
                self.paths[index] = path
                seen.add(path)

    def _issue(self, row: int, path: str, message: str) -> None:
        column = self.headers.get(path) or (COLUMNS[path].header if path in COLUMNS else path)
        self.issues.append(Issue(self.sheet, row, column, message))

    def _checked(self, row: int, path: str, value: str) -> str:
        if path in LINK_PATHS and not values.is_web_link(value.strip()):
            self._issue(row, path, values.LINK_PROBLEM)
            return ""
        limit = MAX_LENGTHS.get(path)
        if limit is not None and len(value) > limit:
            self._issue(row, path, f"de tekst is te lang ({len(value)} tekens, maximaal {limit}).")
            return value[:limit]
        return value

    def read(self, number: int, cells: list[Any]) -> ParsedActivity:
        """One row as a parsed activity (problems go to the issue list)."""
        record = empty_record()
        parsed = ParsedActivity(record, self.sheet, number, headers=self.headers)
        parts: dict[str, dict[str, list[str]]] = {}
        extra: dict[str, Any] = {}
        for index, path in self.paths.items():
            raw = cells[index] if index < len(cells) else None
            try:
                self._read_cell(number, path, raw, record, parts, extra, parsed)
            except values.ValueProblem as problem:
                self._issue(number, path, str(problem))
        for group, found in parts.items():
            record[group] = self._items(number, group, found)
        self._finish(number, record, extra)
        return parsed

    def _read_cell(
        self,
        number: int,
        path: str,
        raw: Any,
        record: dict[str, Any],
        parts: dict[str, dict[str, list[str]]],
        extra: dict[str, Any],
        parsed: ParsedActivity,
    ) -> None:
        column: Column | None = COLUMNS.get(path)
        if path == "id":
            parsed.key = values.text(raw)
        elif path == "version":
            parsed.version = values.integer(raw) or None
        elif path == "dpa_date":
            day = values.date(raw)
            extra["dpa_date"] = day.isoformat() if day else ""
        elif column is None:
            return
        elif column.group:
            parts.setdefault(column.group, {})[column.field] = values.lines(raw, flat=self.flat)
        elif column.kind == "labels":
            items = [i for i in values.lines(raw, flat=self.flat) if i]
            for item in items:
                self._checked(number, path, item)
            record[path] = (
                [{"label": i, "group": ""} for i in items] if path == "security_measures" else items
            )
        elif column.kind == "enum":
            value = values.enum_value(path, raw)
            if value is not None:
                _set(record, path, value)
        elif column.kind == "bool":
            _set(record, path, values.boolean(raw))
        elif column.kind == "date":
            day = values.date(raw)
            _set(record, path, day.isoformat() if day else None)
        elif path.startswith("product."):
            text = self._checked(number, path, values.text(raw))
            if text:
                product = record["product"] or {"code": "", "name": ""}
                product[path.split(".")[1]] = text
                record["product"] = product
        else:
            _set(record, path, self._checked(number, path, values.text(raw)))

    def _items(self, number: int, group: str, found: dict[str, list[str]]) -> list[dict[str, Any]]:
        lead = GROUP_LEADS[group]
        lead_lines = found.get(lead, [])
        while lead_lines and not lead_lines[-1]:
            lead_lines.pop()
        count = len(lead_lines)
        defaults = GROUP_FIELDS[group]
        items = [
            {k: list(v) if isinstance(v, list) else v for k, v in defaults.items()}
            for _ in range(count)
        ]
        for name, lines in found.items():
            path = f"{group}.{name}"
            if self.flat and len(lines) == 1 and count > 1:
                lines = lines * count
            while len(lines) > count and not lines[-1]:
                lines = lines[:-1]
            if len(lines) > count:
                lead_header = self.headers.get(f"{group}.{lead}", COLUMNS[f"{group}.{lead}"].header)
                self._issue(
                    number,
                    path,
                    f"meer regels ({len(lines)}) dan in kolom '{lead_header}' ({count}); "
                    "zet elk onderdeel op de regel van het item waar het bij hoort.",
                )
                continue
            for index, line in enumerate(lines):
                if name == lead and not line:
                    self._issue(number, path, f"regel {index + 1} is leeg.")
                try:
                    items[index][name] = self._part(number, path, line)
                except values.ValueProblem as problem:
                    self._issue(number, path, f"regel {index + 1}: {problem}")
        return items

    def _part(self, number: int, path: str, line: str) -> Any:
        column = COLUMNS[path]
        if column.kind == "part_bool":
            return values.boolean(line) if line else True
        if column.kind == "part_labels":
            labels = (label.strip() for label in line.split(LABEL_SEPARATOR.strip()))
            return [self._checked(number, path, label) for label in labels if label]
        if column.kind == "part_enum":
            return values.enum_value(path, line) or GROUP_FIELDS[column.group][column.field]
        if not line and GROUP_FIELDS[column.group][column.field] is None:
            return None
        return self._checked(number, path, line)

    def _finish(self, number: int, record: dict[str, Any], extra: dict[str, Any]) -> None:
        if not record["name"]:
            self._issue(number, "name", "de naam van de verwerking ontbreekt.")
        for source, target in self.header.layout.copies:
            group, name = target.split(".")
            for item in record[group]:
                item[name] = item[name] or record[source][: MAX_LENGTHS.get(target, 100)]
        dpa_date = extra.get("dpa_date", "")
        if dpa_date:
            for item in record["subprocessors"]:
                item["safeguard"] = item["safeguard"] or f"Verwerkersovereenkomst van {dpa_date}"
        if record["role"] == "processor" and not (record["product"] or {}).get("code"):
            self._issue(
                number, "product.code", "een verwerking als verwerker hoort bij een product."
            )
        if record["product"] and not record["product"].get("code"):
            self._issue(number, "product.code", "de productcode ontbreekt.")
        if record["product"] and not record["product"].get("name"):
            record["product"]["name"] = record["product"]["code"]


def _set(record: dict[str, Any], path: str, value: Any) -> None:
    if "." in path:
        outer, inner = path.split(".")
        record[outer][inner] = value
    else:
        record[path] = value
