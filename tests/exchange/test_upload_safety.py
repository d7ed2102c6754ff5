"""Untrusted files: wrong types, damage, zip bombs, XML entities, size and row limits."""

from __future__ import annotations

import codecs
import io
import zipfile

import pytest

from register.exchange.errors import FileRejected, ImportInvalid
from register.exchange.importing.reader import read_sheets
from register.exchange.importing.services import import_register
from register.exchange.importing.upload import UploadLimits, check_upload
from tests.exchange.conftest import export_xlsx, flat_workbook, table_counts

BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10)
    )
    + b']>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
    b"</sheetData></worksheet>"
)


def _replace_entry(content: bytes, name: str, data: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, data if info.filename == name else source.read(info))
    return buffer.getvalue()


def _minimal_xlsx() -> bytes:
    return flat_workbook(
        [["Naam verwerking", "Rol"], ["Nieuwsbrief", "Verwerkingsverantwoordelijke"]]
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "leeg"),
        (b"Naam verwerking;Rol\nNieuwsbrief;Verwerker\n", "geen Excel-werkmap"),
        (b"\x89PNG\r\n\x1a\n" + bytes(200), "geen Excel-werkmap"),
        (b"PK\x03\x04" + bytes(100), "beschadigd"),
    ],
    ids=["empty", "csv-renamed", "png-renamed", "broken-zip"],
)
def test_files_that_are_not_xlsx_are_refused(content, message):
    with pytest.raises(FileRejected, match=message):
        check_upload(content)


def test_a_zip_without_a_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hallo")
    with pytest.raises(FileRejected, match="onderdelen van een werkmap ontbreken"):
        check_upload(buffer.getvalue())


def test_a_truncated_workbook_is_refused():
    content = _minimal_xlsx()
    with pytest.raises(FileRejected):
        check_upload(content[: len(content) // 2])


def test_zip_bomb_is_refused_before_parsing():
    bomb = _replace_entry(_minimal_xlsx(), "xl/worksheets/sheet1.xml", b"<a/>" + b" " * 50_000_000)
    assert len(bomb) < 200_000
    with pytest.raises(FileRejected, match="zip-bom"):
        check_upload(bomb)


def test_too_much_uncompressed_data_is_refused():
    content = _minimal_xlsx()
    with pytest.raises(FileRejected, match="pakt uit tot meer dan"):
        check_upload(content, UploadLimits(max_total_bytes=1000))


def test_too_many_entries_are_refused():
    with pytest.raises(FileRejected, match="te veel onderdelen"):
        check_upload(_minimal_xlsx(), UploadLimits(max_entries=3))


def test_too_large_a_file_is_refused():
    with pytest.raises(FileRejected, match="te groot"):
        check_upload(_minimal_xlsx(), UploadLimits(max_file_bytes=1000))


def test_billion_laughs_is_refused_by_the_zip_check():
    hostile = _replace_entry(_minimal_xlsx(), "xl/worksheets/sheet1.xml", BILLION_LAUGHS)
    with pytest.raises(FileRejected, match="DOCTYPE"):
        check_upload(hostile)


def test_billion_laughs_is_refused_by_the_parser_too():
    # Second line of defence: openpyxl parses with defusedxml, which forbids entities.
    hostile = _replace_entry(_minimal_xlsx(), "xl/worksheets/sheet1.xml", BILLION_LAUGHS)
    with pytest.raises(FileRejected, match="niet veilig|beschadigd"):
        read_sheets(hostile)


def test_a_doctype_hidden_after_a_long_comment_is_found():
    padded = BILLION_LAUGHS.replace(
        b'<?xml version="1.0"?>\n', b'<?xml version="1.0"?>\n<!--' + b"x" * 100_000 + b"-->"
    )
    hostile = _replace_entry(_minimal_xlsx(), "xl/worksheets/sheet1.xml", padded)
    with pytest.raises(FileRejected, match="DOCTYPE"):
        check_upload(hostile)


def test_row_cap(session):
    rows = [["Naam verwerking", "Rol"]] + [[f"V{i}", "Verwerker"] for i in range(30)]
    with pytest.raises(FileRejected, match="te veel rijen"):
        import_register(session, flat_workbook(rows), limits=UploadLimits(max_rows=10))


def test_wrong_columns_are_reported_in_dutch(session):
    content = flat_workbook([["Foo", "Bar"], ["1", "2"]], title="Gegevens")
    counts = table_counts(session)
    with pytest.raises(ImportInvalid) as raised:
        import_register(session, content)
    (issue,) = raised.value.issues
    assert str(issue).startswith("Blad 'Gegevens': geen verwerkingen gevonden")
    assert table_counts(session) == counts


def test_an_empty_workbook_is_reported(session):
    with pytest.raises(ImportInvalid, match="1 fout"):
        import_register(session, flat_workbook([]))


def test_formulas_in_an_upload_are_never_run_or_stored(session):
    content = flat_workbook(
        [["Naam verwerking", "Rol"], ['=HYPERLINK("http://x")', "Verwerkingsverantwoordelijke"]]
    )
    # openpyxl with data_only=True yields no cached value for a formula cell: the name is
    # empty, so the row is refused rather than the formula being evaluated or stored.
    with pytest.raises(ImportInvalid) as raised:
        import_register(session, content)
    assert "rij 2, kolom 'Naam verwerking': de naam van de verwerking ontbreekt" in str(
        raised.value.issues[0]
    )


def test_a_real_export_passes_the_checks(session, register):
    check_upload(export_xlsx(session))


def _reencoded(encoding: str, bom: bytes = b"") -> bytes:
    text = BILLION_LAUGHS.decode().replace('version="1.0"', f'version="1.0" encoding="{encoding}"')
    return bom + text.encode(encoding)


@pytest.mark.parametrize(
    "data",
    [
        _reencoded("utf-16-le", codecs.BOM_UTF16_LE),
        _reencoded("utf-16-be", codecs.BOM_UTF16_BE),
        _reencoded("utf-16-le"),
        _reencoded("utf-16-be"),
        _reencoded("utf-32-le", codecs.BOM_UTF32_LE),
        _reencoded("utf-32-be", codecs.BOM_UTF32_BE),
        _reencoded("utf-32-le"),
        _reencoded("utf-8", codecs.BOM_UTF8),
    ],
    ids=[
        "utf16le-bom",
        "utf16be-bom",
        "utf16le",
        "utf16be",
        "utf32le-bom",
        "utf32be-bom",
        "utf32le",
        "utf8-bom",
    ],
)
def test_entity_declarations_in_other_encodings_are_found(data):
    hostile = _replace_entry(_minimal_xlsx(), "xl/workbook.xml", data)
    with pytest.raises(FileRejected, match=r"XML-definities \(DOCTYPE/ENTITY\)"):
        check_upload(hostile)


def test_a_part_in_an_encoding_the_check_cannot_read_is_refused():
    data = _reencoded("utf-7")
    hostile = _replace_entry(_minimal_xlsx(), "xl/workbook.xml", data)
    with pytest.raises(FileRejected, match="xl/workbook.xml van de werkmap is gecodeerd als utf-7"):
        check_upload(hostile)


def test_a_utf16_workbook_without_declarations_passes_the_check():
    source = zipfile.ZipFile(io.BytesIO(_minimal_xlsx()))
    text = source.read("xl/workbook.xml").decode()
    text = text.replace("UTF-8", "UTF-16").replace("utf-8", "UTF-16")
    clean = _replace_entry(_minimal_xlsx(), "xl/workbook.xml", text.encode("utf-16"))
    check_upload(clean)
