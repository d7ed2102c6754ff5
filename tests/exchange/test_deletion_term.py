"""The deletion or return term per product (art. 28(3)(g)) in the exports and the import."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import sqlalchemy as sa
from openpyxl import load_workbook

from register.audit.models import AuditEntry
from register.exchange.exporting.services import ExportCommand, export_register
from register.exchange.importing.plan import Action, Subject
from register.exchange.importing.services import import_register
from register.products.models import Product
from tests.exchange.conftest import edit_workbook, empty_database, export_xlsx
from tests.exchange.schema_check import validate
from tests.exchange.test_export import SCHEMA

HEADER = "Termijn verwijderen of teruggeven"
TERM = "drie maanden na het einde van de overeenkomst"


def _set_term(session, term: str = TERM) -> None:
    session.scalars(sa.select(Product).where(Product.code == "DOENIN")).one().deletion_term = term
    session.commit()


def _doenin(session) -> Product:
    return session.scalars(sa.select(Product).where(Product.code == "DOENIN")).one()


def test_every_export_carries_the_term_per_product(session, register):
    _set_term(session)
    xlsx = export_register(session, ExportCommand("xlsx")).data
    sheet = load_workbook(io.BytesIO(xlsx))["Verwerker per school"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Productcode", "Product", HEADER)
    assert [dict(zip(rows[0], r))[HEADER] for r in rows[1:]] == [TERM, TERM]

    archive = zipfile.ZipFile(io.BytesIO(export_register(session, ExportCommand("csv")).data))
    text = archive.read("verwerker-per-school.csv").decode("utf-8-sig")
    assert [r[HEADER] for r in csv.DictReader(io.StringIO(text), delimiter=";")] == [TERM, TERM]

    document = json.loads(export_register(session, ExportCommand("json")).data)
    assert validate(document, SCHEMA) == []
    assert document["products"] == {"DOENIN": {"name": "DOENIN", "deletion_term": TERM}}


def test_the_term_survives_export_and_import_into_an_empty_register(session, register):
    _set_term(session)
    content = export_xlsx(session)
    empty_database(session)
    import_register(session, content, filename="register.xlsx")
    session.commit()
    assert _doenin(session).deletion_term == TERM


def test_an_import_changes_an_existing_products_term_audited(session, register):
    _set_term(session)
    content = edit_workbook(
        export_xlsx(session),
        "Verwerker per school",
        {f"{HEADER}@2": "zes weken", f"{HEADER}@3": "zes weken"},
    )
    plan = import_register(session, content, filename="register.xlsx")
    session.commit()
    assert _doenin(session).deletion_term == "zes weken"
    assert [(c.kind, c.action, c.label) for c in plan.changes if c.kind is Subject.PRODUCT] == [
        (Subject.PRODUCT, Action.CHANGED, "DOENIN")
    ]
    entries = session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id.desc())).all()
    assert any("zes weken" in json.dumps(e.changes, ensure_ascii=False) for e in entries)


def test_rows_of_one_product_must_agree_and_an_empty_cell_keeps_the_term(session, register):
    import pytest

    from register.exchange.errors import ImportInvalid

    _set_term(session)
    content = edit_workbook(
        export_xlsx(session), "Verwerker per school", {f"{HEADER}@3": "zes weken"}
    )
    with pytest.raises(ImportInvalid) as refused:
        import_register(session, content, filename="register.xlsx")
    assert [(i.row, i.column, i.message) for i in refused.value.issues] == [
        (3, HEADER, "product 'DOENIN' heeft in rij 2 een andere termijn.")
    ]
    session.rollback()
    content = edit_workbook(
        export_xlsx(session), "Verwerker per school", {f"{HEADER}@2": None, f"{HEADER}@3": None}
    )
    import_register(session, content, filename="register.xlsx")
    session.commit()
    assert _doenin(session).deletion_term == TERM
