"""The register as an XLSX workbook: both records, the organisation and every vocabulary."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from register.exchange.cells import row_values, text_cell
from register.exchange.columns import (
    CONTROLLER_SHEET,
    CONTROLLER_SHEET_COLUMNS,
    FORMAT_VERSION,
    INFO_SHEET,
    ORGANISATION_FIELDS,
    ORGANISATION_SHEET,
    PROCESSOR_SHEET,
    PROCESSOR_SHEET_COLUMNS,
    SCHOOL_COLUMNS,
    SCHOOL_SHEET,
    TERM_COLUMNS,
    VOCABULARY_SHEETS,
    Column,
)
from register.exchange.dataset import RegisterData, school_rows

_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")
DATE_FORMAT = "yyyy-mm-dd"


def _append(sheet: Worksheet, values: Iterable[Any]) -> None:
    """Append a row of neutralised values; strings are always stored as strings."""
    sheet.append([text_cell(v) for v in values])
    for cell in sheet[sheet.max_row]:
        if cell.data_type == "f":  # never a formula, whatever openpyxl guessed
            cell.data_type = "s"
        if isinstance(cell.value, dt.date):
            cell.number_format = DATE_FORMAT


def _header(sheet: Worksheet, headers: Sequence[str]) -> None:
    _append(sheet, headers)
    for cell in sheet[1]:
        cell.font = _BOLD
    sheet.freeze_panes = "B2"


def _record_sheet(
    workbook: Workbook, title: str, columns: Sequence[Column], rows: Iterable[dict[str, Any]]
) -> None:
    sheet = workbook.create_sheet(title)
    _header(sheet, [c.header for c in columns])
    for row in rows:
        _append(sheet, row_values(columns, row))
    for index, column in enumerate(columns, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = 12 if column.kind in ("int", "bool") else 28


def _info_sheet(workbook: Workbook, data: RegisterData) -> None:
    sheet = workbook.active
    assert sheet is not None
    sheet.title = INFO_SHEET
    rows = [
        ("Register van verwerkingsactiviteiten", ""),
        ("Formaat", f"register-export versie {FORMAT_VERSION}"),
        ("Gemaakt op", data.generated_at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")),
        ("Stand op", data.as_of.isoformat() if data.as_of else "actueel"),
        ("Filter", ", ".join(f"{k}={v}" for k, v in data.filter.as_params().items()) or "geen"),
        ("Aantal verwerkingen", str(len(data.records))),
    ]
    for row in rows:
        _append(sheet, row)
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 60


def _organisation_sheet(workbook: Workbook, data: RegisterData) -> None:
    sheet = workbook.create_sheet(ORGANISATION_SHEET)
    _header(sheet, ["Gegeven", "Waarde"])
    organisation = data.organisation or {}
    for name, label in ORGANISATION_FIELDS:
        _append(sheet, [label, organisation.get(name, "")])
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 50


def _vocabulary_sheets(workbook: Workbook, data: RegisterData) -> None:
    for vocabulary, title in VOCABULARY_SHEETS:
        _record_sheet(workbook, title, TERM_COLUMNS, data.vocabularies.get(vocabulary, []))


def build_workbook(data: RegisterData) -> Workbook:
    """The export workbook (see docs/export-format.md)."""
    workbook = Workbook()
    _info_sheet(workbook, data)
    _record_sheet(workbook, CONTROLLER_SHEET, CONTROLLER_SHEET_COLUMNS, data.controller_records)
    _record_sheet(workbook, PROCESSOR_SHEET, PROCESSOR_SHEET_COLUMNS, data.processor_records)
    _record_sheet(workbook, SCHOOL_SHEET, SCHOOL_COLUMNS, school_rows(data))
    _organisation_sheet(workbook, data)
    _vocabulary_sheets(workbook, data)
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = _WRAP
    return workbook


def export_xlsx(data: RegisterData) -> bytes:
    """The register as XLSX bytes."""
    buffer = io.BytesIO()
    build_workbook(data).save(buffer)
    return buffer.getvalue()
