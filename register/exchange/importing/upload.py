"""Checks on an untrusted upload before any XML parser sees it: size, zip bombs, DTDs."""

from __future__ import annotations

import codecs
import io
import re
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


# Byte-order marks and the first bytes of "<?xml" without one (XML 1.0, appendix F);
# UTF-32 comes before UTF-16 because its little-endian mark starts with UTF-16's.
_SIGNATURES = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00<\x00?", "utf-16-be"),
    (b"<\x00?\x00", "utf-16-le"),
)
_DECLARED = re.compile(
    rb"""^(?:\xef\xbb\xbf)?<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']"""
)
# Encodings in which "<!DOCTYPE" is written with the same bytes as in ASCII.
_ASCII_SAFE = {"utf-8", "utf8", "us-ascii", "ascii", "iso-8859-1", "latin-1", "windows-1252"}
_XML_SUFFIXES = (".xml", ".rels", ".vml")


def _part_encoding(name: str, head: bytes) -> str | None:
    """The encoding a part's first bytes announce, or None when it is read as bytes.

    An XML part in an encoding that does not write "<!DOCTYPE" as ASCII bytes and that is
    not UTF-16 or UTF-32 (UTF-7, EBCDIC, ...) is refused, since no check could see into it.
    """
    if not name.lower().endswith(_XML_SUFFIXES):
        return None
    for signature, encoding in _SIGNATURES:
        if head.startswith(signature):
            return encoding
    declared = _DECLARED.match(head)
    if declared and declared.group(1).decode().lower() not in _ASCII_SAFE:
        raise FileRejected(
            _(
                "Het onderdeel %(part)s van de werkmap is gecodeerd als %(encoding)s; "
                "alleen UTF-8, UTF-16 en UTF-32 worden gelezen. Het bestand is geweigerd.",
                part=name,
                encoding=declared.group(1).decode(),
            )
        )
    return None


def _read_entry(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: UploadLimits, budget: int
) -> int:
    """Decompress one entry in chunks, counting real bytes; return its size.

    No DTDs in any XML part: entity expansion (billion laughs) and external entities are
    refused here, before any parser runs. UTF-16 and UTF-32 parts are decoded first, so
    the declarations are found in whatever encoding the part announces.
    """
    size = 0
    allowed = min(budget, max(info.compress_size * limits.max_entry_ratio, _RATIO_FLOOR))
    tail = ""
    decoder: codecs.IncrementalDecoder | None = None
    with archive.open(info) as stream:
        while chunk := stream.read(_CHUNK):
            if size == 0:
                encoding = _part_encoding(info.filename, chunk)
                if encoding is not None:
                    decoder = codecs.getincrementaldecoder(encoding)()
            try:
                text = decoder.decode(chunk) if decoder else chunk.decode("latin-1")
            except UnicodeDecodeError:
                raise FileRejected(
                    _("Het bestand is beschadigd of geen geldige Excel-werkmap (.xlsx).")
                ) from None
            window = (tail + text).upper()
            if "<!DOCTYPE" in window or "<!ENTITY" in window:
                raise FileRejected(
                    _(
                        "Het bestand bevat XML-definities (DOCTYPE/ENTITY) die niet in een "
                        "Excel-werkmap thuishoren; het is geweigerd."
                    )
                )
            tail = text[-16:]
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
