"""The register as an XLSX workbook: both records, the organisation and every vocabulary."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from register.characters import xml_text
from register.exchange.cells import flag_text, guard_whitespace, row_values
from register.exchange.columns import (
    CONTROLLER_SHEET,
    CONTROLLER_SHEET_COLUMNS,
    FORMAT_VERSION,
    INFO_SHEET,
    ORGANISATION_FIELDS,
    ORGANISATION_FLAGS,
    ORGANISATION_SHEET,
    PROCESSOR_SHEET,
    PROCESSOR_SHEET_COLUMNS,
    SCHOOL_COLUMNS,
    SCHOOL_SHEET,
    TERM_COLUMNS,
    VOCABULARY_SHEETS,
    Column,
)
from register.exchange.exporting.dataset import RegisterData, school_rows

_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")
DATE_FORMAT = "yyyy-mm-dd"


def _write(sheet: Worksheet, rows: Iterable[Iterable[Any]], font: Font | None = None) -> None:
    """Fill a new sheet with rows of neutralised values (the first row in `font`)."""
    for number, values in enumerate(rows, start=1):
        _write_row(sheet, number, values, font if number == 1 else None)


def _xlsx_value(value: Any) -> Any:
    """A value for a typed XLSX cell: text as typed (only characters XML cannot hold replaced).

    No formula guard here: the cell is stored as a string, so a spreadsheet never runs it as
    a formula, and a visible ``'`` would be data that was never typed. The formula guard
    belongs to CSV, whose cells have no type; only a leading tab or CR, which the import
    strips, keeps an apostrophe (`guard_whitespace`).
    """
    if isinstance(value, str):
        return guard_whitespace(xml_text(value))
    return value


def _write_row(sheet: Worksheet, row: int, values: Iterable[Any], font: Font | None) -> None:
    """Write one row; strings are always stored as strings, never as formulas."""
    for column, value in enumerate(values, start=1):
        cell = sheet.cell(row=row, column=column, value=_xlsx_value(value))
        if isinstance(cell.value, str):  # never a formula, whatever openpyxl guessed
            cell.data_type = "s"
        if isinstance(cell.value, dt.date):
            cell.number_format = DATE_FORMAT
        if font is not None:
            cell.font = font
        elif isinstance(cell.value, str) and "\n" in cell.value:
            cell.alignment = _WRAP


def _record_sheet(
    workbook: Workbook,
    title: str,
    columns: Sequence[Column],
    rows: Iterable[dict[str, Any]],
) -> None:
    sheet = workbook.create_sheet(title)
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = 12 if column.kind in ("int", "bool") else 28
    sheet.freeze_panes = "B2"
    header = [c.header for c in columns]
    _write(sheet, [header, *(row_values(columns, row) for row in rows)], _BOLD)


def _info_sheet(workbook: Workbook, data: RegisterData) -> None:
    sheet = workbook.create_sheet(INFO_SHEET)
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 60
    rows = [
        ("Register van verwerkingsactiviteiten", ""),
        ("Formaat", f"register-export versie {FORMAT_VERSION}"),
        ("Gemaakt op", data.generated_at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")),
        ("Stand op", data.as_of.isoformat() if data.as_of else "actueel"),
        ("Filter", ", ".join(f"{k}={v}" for k, v in data.filter.as_params().items()) or "geen"),
        ("Aantal verwerkingen", str(len(data.records))),
    ]
    _write(sheet, rows)


def _organisation_sheet(workbook: Workbook, data: RegisterData) -> None:
    sheet = workbook.create_sheet(ORGANISATION_SHEET)
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 50
    organisation = data.organisation or {}
    rows = [
        [
            label,
            flag_text(organisation.get(name))
            if name in ORGANISATION_FLAGS
            else organisation.get(name, ""),
        ]
        for name, label in ORGANISATION_FIELDS
    ]
    _write(sheet, [["Gegeven", "Waarde"], *rows], _BOLD)


def _vocabulary_sheets(workbook: Workbook, data: RegisterData) -> None:
    for vocabulary, title in VOCABULARY_SHEETS:
        _record_sheet(workbook, title, TERM_COLUMNS, data.vocabularies.get(vocabulary, []))


def build_workbook(data: RegisterData) -> Workbook:
    """The export workbook (see docs/export-format.md)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    _info_sheet(workbook, data)
    _record_sheet(workbook, CONTROLLER_SHEET, CONTROLLER_SHEET_COLUMNS, data.controller_records)
    _record_sheet(workbook, PROCESSOR_SHEET, PROCESSOR_SHEET_COLUMNS, data.processor_records)
    _record_sheet(workbook, SCHOOL_SHEET, SCHOOL_COLUMNS, school_rows(data))
    _organisation_sheet(workbook, data)
    _vocabulary_sheets(workbook, data)
    return workbook


def export_xlsx(data: RegisterData) -> bytes:
    """The register as XLSX bytes."""
    buffer = io.BytesIO()
    build_workbook(data).save(buffer)
    return buffer.getvalue()
