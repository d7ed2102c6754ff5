"""Reading an (already checked) XLSX into plain rows with openpyxl, lazily and safely."""

from __future__ import annotations

import datetime as dt
import io
import logging
import zipfile
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from openpyxl import load_workbook

from register.exchange.errors import FileRejected
from register.exchange.importing.upload import UploadLimits

MAX_COLUMNS = 120
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Sheet:
    """A worksheet's non-empty rows as (row number, values)."""

    name: str
    rows: list[tuple[int, list[Any]]]


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time() else value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def read_sheets(content: bytes, limits: UploadLimits | None = None) -> list[Sheet]:
    """Every sheet's rows (values only, formulas never evaluated); at most `max_rows` in all."""
    limits = limits or UploadLimits()
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError, SyntaxError) as error:
        logger.info("Unreadable workbook: %s", error)
        raise FileRejected(
            _("De werkmap kan niet worden gelezen: het bestand is beschadigd.")
        ) from None
    except Exception as error:  # defusedxml and parser errors: refuse, never crash
        logger.warning("Workbook refused by the XML parser: %r", error)
        raise FileRejected(
            _("De werkmap bevat XML die niet veilig kan worden gelezen; het is geweigerd.")
        ) from None
    sheets: list[Sheet] = []
    total = 0
    try:
        for worksheet in workbook.worksheets:
            rows: list[tuple[int, list[Any]]] = []
            for number, values in enumerate(
                worksheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), start=1
            ):
                total += 1
                if total > limits.max_rows:
                    raise FileRejected(
                        _(
                            "De werkmap heeft te veel rijen (maximaal %(limit)d).",
                            limit=limits.max_rows,
                        )
                    )
                cells = [_plain(v) for v in values]
                if any(v not in (None, "") for v in cells):
                    rows.append((number, cells))
            sheets.append(Sheet(worksheet.title, rows))
    except FileRejected:
        raise
    except Exception as error:
        logger.warning("Workbook could not be read: %r", error)
        raise FileRejected(
            _("De werkmap kan niet worden gelezen: het bestand is beschadigd.")
        ) from None
    finally:
        workbook.close()
    return sheets
