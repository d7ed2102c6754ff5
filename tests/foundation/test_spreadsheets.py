"""Every spreadsheet export writes whatever was stored: a character that XML cannot hold
becomes a space (`register.characters.xml_text`), so one value never fails a whole export."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from register.audit.export import csv_batch, xlsx_bytes
from register.audit.queries import AuditFilters
from register.audit.recorder import record_event
from register.breaches import services as breaches
from register.breaches.export import breach_register_xlsx
from register.characters import xml_text
from register.exchange.exporting.services import ExportCommand, export_register
from tests.breaches.test_breaches import NOW
from tests.breaches.test_breaches import _data as breach_command

# Stored before the forms refused such characters (U+FFFF was accepted until December
# 2026): a control character and the two noncharacters XML 1.0 cannot hold.
STORED = "Leerling\x01gegevens\uffffen\ufffe cijfers"
WRITTEN = "Leerling gegevens en  cijfers"


def _texts(content: bytes) -> list[str]:
    workbook = load_workbook(io.BytesIO(content))
    return [
        cell.value
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    ]


def test_xml_text_blanks_only_what_xml_cannot_hold():
    kept = "tab\tregel\nterug\r 😀 a\u202eb één ½ \U0001f9d1\u200d\U0001f393"
    assert xml_text(kept) == kept
    refused = "\x00\x08\x0b\x0c\x1f\ud800\udfff\ufffe\uffff"
    assert xml_text(refused) == " " * len(refused)
    assert xml_text(STORED) == WRITTEN


def test_the_register_export_writes_a_stored_value_xml_cannot_hold(session, make_activity):
    make_activity(description=STORED)
    workbook = export_register(session, ExportCommand("xlsx")).data
    assert WRITTEN in _texts(workbook)
    sheet = export_register(session, ExportCommand("csv", record="controller")).data
    assert WRITTEN in sheet.decode("utf-8-sig")


def test_the_audit_export_writes_a_stored_value_xml_cannot_hold(session):
    record_event(session, "update", entity_type="term", entity_id=1, summary=STORED)
    session.commit()
    assert WRITTEN in _texts(xlsx_bytes(session, AuditFilters()))
    found = csv_batch(session, AuditFilters(), 0)
    assert found is not None and WRITTEN in found[0]


def test_the_breach_register_writes_a_stored_value_xml_cannot_hold(session):
    breaches.record_breach(session, breach_command(facts=STORED), now=NOW)
    session.commit()
    assert WRITTEN in _texts(breach_register_xlsx(session))
