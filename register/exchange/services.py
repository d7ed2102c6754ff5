"""Exporting the register (audited) and importing a workbook (validated, all or nothing)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from register.audit.recorder import record_event
from register.exchange.csv_export import RECORD_FILES, export_csv_record, export_csv_zip
from register.exchange.dataset import load_register
from register.exchange.dates import check_as_of
from register.exchange.errors import UnknownFormat
from register.exchange.filters import ActivityFilter
from register.exchange.json_export import export_json
from register.exchange.xlsx_export import export_xlsx

FORMATS = ("xlsx", "csv", "json", "pdf")
MIME_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "zip": "application/zip",
    "json": "application/json",
    "pdf": "application/pdf",
}


@dataclass(frozen=True)
class ExportRequest:
    """What to export: format, the overview's filter, a past date, one CSV record kind."""

    format: str
    activity_filter: ActivityFilter = field(default_factory=ActivityFilter)
    as_of: dt.date | None = None
    record: str | None = None  # csv only: "controller", "processor" or "schools"; None: zip


@dataclass(frozen=True)
class ExportFile:
    filename: str
    mimetype: str
    data: bytes
    count: int


def export_register(session: Session, request: ExportRequest) -> ExportFile:
    """Build an export of the register and record it in the audit trail (flushes)."""
    if request.format not in FORMATS:
        raise UnknownFormat(
            _("Onbekend formaat '%(format)s'; kies xlsx, csv, json of pdf.", format=request.format)
        )
    if request.record is not None and request.record not in RECORD_FILES:
        raise UnknownFormat(_("Kies als deel 'controller', 'processor' of 'schools'."))
    if request.as_of is not None:
        check_as_of(request.as_of)
    data = load_register(session, activity_filter=request.activity_filter, as_of=request.as_of)
    stamp = (request.as_of or data.reference_date).isoformat()
    extension = request.format
    if request.format == "xlsx":
        content = export_xlsx(data)
    elif request.format == "json":
        content = export_json(data)
    elif request.format == "pdf":
        from register.exchange.pdf_export import export_pdf  # weasyprint loads only when needed

        content = export_pdf(data)
    elif request.record:
        content = export_csv_record(data, request.record)
    else:
        content, extension = export_csv_zip(data), "zip"
    suffix = f"-{request.record}" if request.record else ""
    filename = f"verwerkingsregister-{stamp}{suffix}.{extension}"
    record_event(
        session,
        "export",
        entity_type="register",
        summary=_("Register geëxporteerd als %(format)s", format=request.format.upper()),
        changes={
            "format": request.format,
            "record": request.record,
            "filter": request.activity_filter.as_params(),
            "as_of": request.as_of.isoformat() if request.as_of else None,
            "activities": len(data.records),
            "file": filename,
        },
    )
    session.flush()
    return ExportFile(filename, MIME_TYPES[extension], content, len(data.records))
