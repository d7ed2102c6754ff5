"""The export service: build the chosen file of the register and record it in the audit trail."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from register.audit.recorder import record_event
from register.exchange.dates import check_as_of
from register.exchange.errors import UnknownFormat
from register.exchange.exporting.dataset import load_register
from register.exchange.exporting.to_csv import RECORD_FILES, export_csv_record, export_csv_zip
from register.exchange.exporting.to_json import export_json
from register.exchange.exporting.to_xlsx import export_xlsx
from register.exchange.filters import ActivityFilter

FORMATS = ("xlsx", "csv", "json", "pdf")
MIME_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "zip": "application/zip",
    "json": "application/json",
    "pdf": "application/pdf",
}


@dataclass(frozen=True)
class ExportCommand:
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


def export_register(session: Session, command: ExportCommand) -> ExportFile:
    """Build an export of the register and record it in the audit trail (flushes)."""
    if command.format not in FORMATS:
        raise UnknownFormat(
            _("Onbekend formaat '%(format)s'; kies xlsx, csv, json of pdf.", format=command.format)
        )
    if command.record is not None and command.record not in RECORD_FILES:
        raise UnknownFormat(_("Kies als deel 'controller', 'processor' of 'schools'."))
    if command.as_of is not None:
        check_as_of(command.as_of)
    data = load_register(session, activity_filter=command.activity_filter, as_of=command.as_of)
    stamp = (command.as_of or data.reference_date).isoformat()
    extension = command.format
    if command.format == "xlsx":
        content = export_xlsx(data)
    elif command.format == "json":
        content = export_json(data)
    elif command.format == "pdf":
        from register.exchange.exporting.to_pdf import (
            export_pdf,  # weasyprint loads only when needed
        )

        content = export_pdf(data)
    elif command.record:
        content = export_csv_record(data, command.record)
    else:
        content, extension = export_csv_zip(data), "zip"
    suffix = f"-{command.record}" if command.record else ""
    filename = f"verwerkingsregister-{stamp}{suffix}.{extension}"
    record_event(
        session,
        "export",
        entity_type="register",
        summary=_("Register geëxporteerd als %(format)s", format=command.format.upper()),
        changes={
            "format": command.format,
            "record": command.record,
            "filter": command.activity_filter.as_params(),
            "as_of": command.as_of.isoformat() if command.as_of else None,
            "activities": len(data.records),
            "file": filename,
        },
    )
    session.flush()
    return ExportFile(filename, MIME_TYPES[extension], content, len(data.records))
