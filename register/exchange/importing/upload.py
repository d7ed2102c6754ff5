"""Checks on an untrusted upload before any XML parser sees it: size, zip bombs, DTDs."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from flask_babel import gettext as _

from register.exchange.errors import FileRejected

_CHUNK = 64 * 1024
# The compression ratio only matters above this size (small XML parts compress very well).
_RATIO_FLOOR = 1024 * 1024
# Entries an XLSX must have.
_REQUIRED = ("[Content_Types].xml", "xl/workbook.xml")


@dataclass(frozen=True)
class UploadLimits:
    """Limits for an import file; the defaults fit a register of a few thousand rows."""

    max_file_bytes: int = 20 * 1024 * 1024
    max_entries: int = 500
    max_total_bytes: int = 200 * 1024 * 1024
    max_entry_ratio: int = 200
    max_rows: int = 50_000


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


def _open_zip(content: bytes) -> zipfile.ZipFile:
    if not content:
        raise FileRejected(_("Het bestand is leeg."))
    if not content.startswith(b"PK\x03\x04"):
        raise FileRejected(
            _("Dit is geen Excel-werkmap (.xlsx): de inhoud is van een ander soort bestand.")
        )
    try:
        return zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise FileRejected(
            _("Het bestand is beschadigd of geen geldige Excel-werkmap (.xlsx).")
        ) from None


def _read_entry(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: UploadLimits, budget: int
) -> int:
    """Decompress one entry in chunks, counting real bytes; return its size."""
    size = 0
    allowed = min(budget, max(info.compress_size * limits.max_entry_ratio, _RATIO_FLOOR))
    tail = b""
    with archive.open(info) as stream:
        while chunk := stream.read(_CHUNK):
            # No DTDs in any XML part: entity expansion (billion laughs) and external
            # entities are refused here, before any parser runs.
            window = (tail + chunk).upper()
            if b"<!DOCTYPE" in window or b"<!ENTITY" in window:
                raise FileRejected(
                    _(
                        "Het bestand bevat XML-definities (DOCTYPE/ENTITY) die niet in een "
                        "Excel-werkmap thuishoren; het is geweigerd."
                    )
                )
            tail = chunk[-16:]
            size += len(chunk)
            if size > allowed:
                raise FileRejected(
                    _(
                        "Het bestand pakt uit tot een onredelijk grote omvang (mogelijk een "
                        "zip-bom); het is geweigerd."
                    )
                )
    return size


def check_upload(content: bytes, limits: UploadLimits | None = None) -> None:
    """Refuse anything that is not a reasonably sized, well-formed XLSX zip without DTDs."""
    limits = limits or UploadLimits()
    if len(content) > limits.max_file_bytes:
        raise FileRejected(
            _("Het bestand is te groot (maximaal %(limit)s).", limit=_mb(limits.max_file_bytes))
        )
    archive = _open_zip(content)
    with archive:
        infos = archive.infolist()
        if len(infos) > limits.max_entries:
            raise FileRejected(
                _("De werkmap bevat te veel onderdelen (%(count)d).", count=len(infos))
            )
        names = {info.filename for info in infos}
        if not all(name in names for name in _REQUIRED):
            raise FileRejected(
                _("Dit is geen Excel-werkmap (.xlsx): de onderdelen van een werkmap ontbreken.")
            )
        declared = sum(info.file_size for info in infos)
        if declared > limits.max_total_bytes:
            raise FileRejected(
                _(
                    "Het bestand pakt uit tot meer dan %(limit)s; het is geweigerd.",
                    limit=_mb(limits.max_total_bytes),
                )
            )
        budget = limits.max_total_bytes
        try:
            for info in infos:
                if info.flag_bits & 0x1:
                    raise FileRejected(_("Versleutelde werkmappen kunnen niet worden gelezen."))
                if info.file_size > max(info.compress_size * limits.max_entry_ratio, _RATIO_FLOOR):
                    raise FileRejected(
                        _(
                            "Het bestand pakt uit tot een onredelijk grote omvang (mogelijk een "
                            "zip-bom); het is geweigerd."
                        )
                    )
                budget -= _read_entry(archive, info, limits, budget)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, NotImplementedError):
            raise FileRejected(
                _("Het bestand is beschadigd of geen geldige Excel-werkmap (.xlsx).")
            ) from None
