"""The controller and processor records as CSV: one file per part, or all in a zip.

UTF-8 with a byte-order mark and semicolons, as Dutch Excel expects; list items one per line
inside a quoted cell; dates as YYYY-MM-DD; formulas neutralised like in the XLSX export.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Sequence
from typing import Any

from register.exchange.cells import row_values, text_cell
from register.exchange.columns import (
    CONTROLLER_SHEET_COLUMNS,
    PROCESSOR_SHEET_COLUMNS,
    SCHOOL_COLUMNS,
    Column,
)
from register.exchange.exporting.dataset import RegisterData, school_rows

RECORD_FILES = {
    "controller": "verwerkingsverantwoordelijke.csv",
    "processor": "verwerker.csv",
    "schools": "verwerker-per-school.csv",
}


def _csv_value(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else text_cell(value)


def _csv_text(columns: Sequence[Column], rows: Iterable[dict[str, Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([_csv_value(c.header) for c in columns])
    for row in rows:
        writer.writerow([_csv_value(v) for v in row_values(columns, row)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def export_csv_record(data: RegisterData, record: str) -> bytes:
    """One part ("controller", "processor" or "schools") as a CSV file."""
    if record == "controller":
        return _csv_text(CONTROLLER_SHEET_COLUMNS, data.controller_records)
    if record == "processor":
        return _csv_text(PROCESSOR_SHEET_COLUMNS, data.processor_records)
    return _csv_text(SCHOOL_COLUMNS, school_rows(data))


def export_csv_zip(data: RegisterData) -> bytes:
    """Both records as CSV files in one zip."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for record, name in RECORD_FILES.items():
            archive.writestr(name, export_csv_record(data, record))
    return buffer.getvalue()
