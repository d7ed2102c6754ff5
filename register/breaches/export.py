"""The breach register for the authority: one row per breach, as XLSX and as PDF.

Cells are typed: text that starts with `=` stays text (never a formula), with nothing
added to what is shown. Both exports are recorded in the audit trail.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import sqlalchemy as sa
from flask import current_app, render_template
from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from sqlalchemy.orm import Session, selectinload

from register.audit.recorder import record_event
from register.breaches.models import Breach, BreachNotice
from register.calendar import LOCAL_ZONE
from register.characters import xml_text
from register.pdf import render_in_worker


def _local(value: dt.datetime | None) -> dt.datetime | None:
    return value.astimezone(LOCAL_ZONE).replace(tzinfo=None) if value else None


def _decision(value: bool | None) -> str:
    return "" if value is None else (_("ja") if value else _("nee"))


def register_rows(session: Session) -> list[dict[str, Any]]:
    """Every breach as plain values, oldest first (the register's order)."""
    breaches = session.scalars(
        sa.select(Breach)
        .options(
            selectinload(Breach.products),
            selectinload(Breach.activities),
            selectinload(Breach.notices).selectinload(BreachNotice.organisation),
        )
        .order_by(Breach.aware_at, Breach.id)
    )
    return [
        {
            "reference": b.reference,
            "title": b.title,
            "occurred_at": _local(b.occurred_at),
            "ended_at": _local(b.ended_at),
            "aware_at": _local(b.aware_at),
            "facts": b.facts,
            "effects": b.effects,
            "measures": b.measures,
            "data_subjects": b.data_subjects,
            "products": ", ".join(p.name for p in b.products),
            "activities": ", ".join(a.name for a in b.activities),
            "notify_authority": _decision(b.notify_authority),
            "authority_reasoning": b.authority_reasoning,
            "authority_reference": b.authority_reference,
            "authority_notified_at": _local(b.authority_notified_at),
            "notify_subjects": _decision(b.notify_subjects),
            "subjects_reasoning": b.subjects_reasoning,
            "subjects_notified_at": _local(b.subjects_notified_at),
            "schools_told": "; ".join(
                f"{n.organisation.name} ({n.recipient}, {_local(n.sent_at):%d-%m-%Y %H:%M})"
                for n in b.notices
            ),
            "status": _("open") if b.is_open else _("afgesloten"),
        }
        for b in breaches
    ]


def columns() -> list[tuple[str, str]]:
    """(key, Dutch heading) of every column."""
    return [
        ("reference", _("Kenmerk")),
        ("title", _("Titel")),
        ("occurred_at", _("Begonnen")),
        ("ended_at", _("Geëindigd")),
        ("aware_at", _("Ontdekt")),
        ("facts", _("Feiten")),
        ("effects", _("Gevolgen")),
        ("measures", _("Maatregelen")),
        ("data_subjects", _("Betrokkenen en gegevens")),
        ("products", _("Producten")),
        ("activities", _("Verwerkingen")),
        ("notify_authority", _("Melden aan AP")),
        ("authority_reasoning", _("Onderbouwing melding AP")),
        ("authority_reference", _("Meldnummer AP")),
        ("authority_notified_at", _("Gemeld aan AP")),
        ("notify_subjects", _("Betrokkenen informeren")),
        ("subjects_reasoning", _("Onderbouwing betrokkenen")),
        ("subjects_notified_at", _("Betrokkenen geïnformeerd")),
        ("schools_told", _("Scholen geïnformeerd")),
        ("status", _("Status")),
    ]


def breach_register_xlsx(session: Session) -> bytes:
    """The register as a workbook with one sheet."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Datalekken")
    heads = columns()
    sheet.append([label for _key, label in heads])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for number, row in enumerate(register_rows(session), start=2):
        for index, (key, _label) in enumerate(heads, start=1):
            value = xml_text(row[key]) if isinstance(row[key], str) else row[key]
            cell = sheet.cell(row=number, column=index, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever openpyxl guessed
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            elif isinstance(value, dt.datetime):
                cell.number_format = "dd-mm-yyyy hh:mm"
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    record_event(session, "export", entity_type="breach", summary="datalekkenregister xlsx")
    return buffer.getvalue()


def breach_register_pdf(session: Session) -> bytes:
    """The register as a PDF document (one section per breach)."""
    html = render_template(
        "breaches/register_document.html", rows=register_rows(session), columns=columns()
    )
    data = render_in_worker(html, timeout=float(current_app.config["PDF_RENDER_TIMEOUT"]))
    record_event(session, "export", entity_type="breach", summary="datalekkenregister pdf")
    return data
