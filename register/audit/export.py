"""The audit trail as CSV or XLSX for an auditor: the filtered entries with their hashes.

Each row holds the stored codes and values exactly as they were hashed (time in UTC ISO
8601, the changes as canonical JSON) beside their Dutch labels, and the entry's previous and
own hash, so the chain can be recomputed from the file (`register.audit.chain.entry_hash`).
Rows are oldest first, read from the database in batches.

Spreadsheet safety: in CSV a value a spreadsheet would run as a formula gets a leading `'`
(OWASP); in XLSX every text cell is typed as text, so nothing runs and nothing is added.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from sqlalchemy.orm import Session

from register.audit.chain import _canonical_json
from register.audit.labels import action_label, entity_label
from register.audit.models import AuditEntry
from register.audit.queries import AuditFilters, filtered
from register.audit.recorder import record_event
from register.characters import xml_text

BATCH = 1000
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# A cell starting with one of these is run as a formula by spreadsheet programs.
_FORMULA = re.compile(r"^'*[=+\-@\t\r]")


def headings() -> list[str]:
    """The column headings, in Dutch."""
    return [
        _("Nr."),
        _("Tijdstip (UTC)"),
        _("Gebruiker-id"),
        _("Gebruiker"),
        _("IP-adres"),
        _("Handeling (code)"),
        _("Handeling"),
        _("Soort gegeven (code)"),
        _("Soort gegeven"),
        _("Nummer"),
        _("Omschrijving"),
        _("Wijzigingen (JSON)"),
        _("Vorige hash"),
        _("Hash"),
    ]


def _row(entry: AuditEntry) -> list[Any]:
    return [
        entry.id,
        entry.created_at.astimezone(dt.UTC).isoformat(),
        entry.actor_id if entry.actor_id is not None else "",
        entry.actor_email,
        entry.ip,
        entry.action,
        action_label(entry.action),
        entry.entity_type,
        entity_label(entry.entity_type) if entry.entity_type else "",
        entry.entity_id,
        entry.summary,
        _canonical_json(entry.changes) if entry.changes is not None else "",
        entry.prev_hash,
        entry.hash,
    ]


def _batch(session: Session, filters: AuditFilters, after_id: int) -> list[AuditEntry]:
    """The next matching entries by id after `after_id` (at most BATCH)."""
    matching = filtered(filters).subquery()
    return list(
        session.scalars(
            sa.select(AuditEntry)
            .where(AuditEntry.id.in_(sa.select(matching.c.id)), AuditEntry.id > after_id)
            .order_by(AuditEntry.id)
            .limit(BATCH)
        )
    )


def export_rows(session: Session, filters: AuditFilters) -> Iterator[list[Any]]:
    """The matching entries oldest first, one list of cell values each, in batches."""
    last_id = 0
    while batch := _batch(session, filters, last_id):
        for entry in batch:
            yield _row(entry)
            session.expunge(entry)  # constant memory over any number of entries
        last_id = batch[-1].id


def csv_cell(value: Any) -> str:
    """A CSV value: what XML cannot hold blanked (`xml_text`, as in the workbook), a
    would-be formula prefixed with `'`."""
    text = xml_text(str(value))
    return "'" + text if _FORMULA.match(text) else text


def _csv_text(rows: Iterator[list[Any]] | list[list[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    return buffer.getvalue()


def csv_head() -> str:
    """The CSV file's start: a byte-order mark (spreadsheets then read UTF-8) and headings."""
    return "\ufeff" + _csv_text([headings()])


def csv_batch(session: Session, filters: AuditFilters, after_id: int) -> tuple[str, int] | None:
    """The CSV lines of the next batch after entry `after_id` and the batch's last id."""
    batch = _batch(session, filters, after_id)
    if not batch:
        return None
    return _csv_text([_row(entry) for entry in batch]), batch[-1].id


def xlsx_bytes(session: Session, filters: AuditFilters) -> bytes:
    """The workbook: one sheet, a bold heading row, every text cell typed as text."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Audittrail"))
    bold = Font(bold=True)
    heads = []
    for text in headings():
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        heads.append(cell)
    sheet.append(heads)
    for row in export_rows(session, filters):
        cells = []
        for value in row:
            if isinstance(value, str):
                cell = WriteOnlyCell(sheet, value=xml_text(value))
                cell.data_type = "s"  # text, never a formula, whatever openpyxl guessed
            else:
                cell = WriteOnlyCell(sheet, value=value)
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def record_export(session: Session, filters: AuditFilters, file_format: str) -> None:
    """Audit the export itself, with the filters it applied."""
    applied = {
        name: value.isoformat() if isinstance(value, dt.date) else value
        for name, value in vars(filters).items()
        if value not in (None, "")
    }
    record_event(
        session,
        "export",
        entity_type="audit_entry",
        summary=_("Audittrail geëxporteerd als %(format)s", format=file_format.upper()),
        changes={"format": file_format, "filters": applied},
    )


def filename(file_format: str, today: dt.date) -> str:
    return f"audittrail-{today.isoformat()}.{file_format}"
