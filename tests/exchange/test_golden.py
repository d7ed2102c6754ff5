"""The exports of the demo register, pinned: XLSX, CSV and JSON equal the files in golden/.

These files are the "behaviour unchanged" guard for refactorings of the activity and exchange
code. Only what legitimately varies between runs is normalised: the moment of generation.
The calendar is fixed (review dates and the licence reference date follow "today") and the
id counters start at 1, so activity numbers are the same on SQLite and PostgreSQL.

After an intended change of the export format, regenerate the files with
``REGISTER_WRITE_GOLDEN=1 .venv/bin/pytest tests/exchange/test_golden.py`` and review the diff.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from register import calendar
from register.audit.context import Actor, acting_as
from register.auth.models import UserRole
from register.demo.services import load_demo
from register.extensions import db

GOLDEN = Path(__file__).parent / "golden"
WRITE = os.environ.get("REGISTER_WRITE_GOLDEN") == "1"
DAY = dt.date(2026, 3, 16)
GENERATED = "Gemaakt op"
STAMP = "<generated>"


@pytest.fixture
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    """Every `today` imported from register.calendar returns DAY."""
    original = calendar.today
    for name, module in list(sys.modules.items()):
        if name.startswith("register") and getattr(module, "today", None) is original:
            monkeypatch.setattr(module, "today", lambda: DAY)
    return DAY


def _restart_ids() -> None:
    # PostgreSQL sequences survive the emptying of tables between tests; restart them.
    if db.engine.dialect.name == "postgresql":
        tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
        db.session.execute(sa.text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        db.session.commit()


@pytest.fixture
def demo_client(app, client, auth, make_user, fixed_today):
    with app.app_context():
        _restart_ids()
        with acting_as(Actor(id=None, email="demo")):
            load_demo(db.session)
        db.session.commit()
    auth.login_as(make_user(UserRole.AUDITOR))
    return client


def _export(client: Any, fmt: str) -> bytes:
    response = client.post("/uitwisseling/export", data={"format": fmt})
    assert response.status_code == 200, response.data[:500]
    return response.data


def _compare_bytes(name: str, actual: bytes) -> None:
    path = GOLDEN / name
    if WRITE:
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(actual)
    assert actual == path.read_bytes(), f"{name} differs from the pinned export"


def _workbook_cells(content: bytes) -> dict[str, Any]:
    """Every sheet's cells (value, type, number format, bold, wrap), widths and panes."""
    workbook = load_workbook(io.BytesIO(content))
    sheets: dict[str, Any] = {}
    for sheet in workbook.worksheets:
        cells = []
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if sheet.cell(row=cell.row, column=1).value == GENERATED and cell.column == 2:
                    value = STAMP
                cells.append(
                    (
                        cell.coordinate,
                        value,
                        cell.data_type,
                        cell.number_format,
                        bool(cell.font.bold),
                        bool(cell.alignment.wrap_text),
                    )
                )
        widths = {k: d.width for k, d in sheet.column_dimensions.items()}
        sheets[sheet.title] = {"cells": cells, "widths": widths, "panes": sheet.freeze_panes}
    return sheets


def test_xlsx_export_of_the_demo_is_pinned(demo_client):
    content = _export(demo_client, "xlsx")
    path = GOLDEN / "register.xlsx"
    if WRITE:
        path.write_bytes(content)
    actual, expected = _workbook_cells(content), _workbook_cells(path.read_bytes())
    assert list(actual) == list(expected)
    for title in expected:
        assert actual[title] == expected[title], title


def test_csv_export_of_the_demo_is_pinned(demo_client):
    with zipfile.ZipFile(io.BytesIO(_export(demo_client, "csv"))) as archive:
        names = archive.namelist()
        assert names == [
            "verwerkingsverantwoordelijke.csv",
            "verwerker.csv",
            "verwerker-per-school.csv",
        ]
        for name in names:
            _compare_bytes(name, archive.read(name))


def test_json_export_of_the_demo_is_pinned(demo_client):
    content = _export(demo_client, "json")
    generated = json.loads(content)["generated_at"]
    assert dt.datetime.fromisoformat(generated).tzinfo is not None
    normalised = re.sub(
        rb'"generated_at": "[^"]+"', f'"generated_at": "{STAMP}"'.encode(), content, count=1
    )
    _compare_bytes("register.json", normalised)
    assert json.loads(normalised)["reference_date"] == DAY.isoformat()
