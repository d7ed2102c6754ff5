"""Benchmark the register exports and the XLSX import at the design size.

Builds a temporary SQLite database through the migrations, bulk-inserts (Core) 1,000
activities with their purposes, data categories, subjects, recipients, sub-processors,
transfers, retention rules and security measures, and 10,000 school organisations with a
licence each, then prints how long the XLSX, CSV and JSON exports take (target < 5 s each),
the import of that XLSX into an empty database (target < 10 s) and the PDF register
(target < 60 s).

    .venv/bin/python -m bench.exchange [--skip-pdf]

No assertions: it prints the figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import Flask

from register import create_app
from register.activities import models as am
from register.exchange.exporting.services import ExportCommand, export_register
from register.exchange.importing.services import import_register
from register.extensions import db
from register.organisations.models import Organisation
from register.products.models import Licence, Product
from register.vocabularies.models import Term

ACTIVITIES, PROCESSOR_ACTIVITIES, SCHOOLS = 1_000, 100, 10_000


def _app(path: Path) -> Flask:
    from flask_migrate import upgrade

    app = create_app(
        {
            "TESTING": True,
            "REGISTER_ENV": "testing",
            "SECRET_KEY": "bench",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
            "EXPORT_PDF_TIMEOUT": 600,
        }
    )
    with app.app_context():
        upgrade()
    return app


def _insert(table: Any, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), 5_000):
        db.session.execute(sa.insert(table), rows[start : start + 5_000])


def _terms(vocabulary: str, count: int, label: str, **extra: Any) -> None:
    _insert(
        Term,
        [
            {
                "vocabulary": vocabulary,
                "code": f"{vocabulary[:3]}{n}",
                "label": f"{label} {n}",
                **extra,
            }
            for n in range(count)
        ],
    )


def _populate() -> None:
    rnd = random.Random(11)
    db.session.add(
        Organisation(
            kind="own", name="KPC Groep", address="Guldenberg 12", city="'s-Hertogenbosch",
            email="privacy@kpc.example", dpo_name="F. Gegevens",
        )
    )  # fmt: skip
    _insert(
        Product, [{"code": c, "name": c, "kind": "learning_product"} for c in ("DOENIN", "SVA")]
    )
    _terms("purpose", 60, "Doel")
    _terms("legal_basis", 6, "Grondslag", reference="AVG art. 6 lid 1")
    _terms("data_subject", 12, "Betrokkenen")
    _terms("data_category", 80, "Persoonsgegeven")
    _terms("recipient_category", 10, "Ontvangers")
    _terms("transfer_mechanism", 4, "Mechanisme")
    _terms("security_measure", 30, "Maatregel", group="Technisch")
    terms: dict[str, list[int]] = {}
    for term_id, vocabulary in db.session.execute(sa.select(Term.id, Term.vocabulary)):
        terms.setdefault(vocabulary.value, []).append(term_id)
    _insert(
        Organisation,
        [{"kind": "subprocessor", "name": f"Subverwerker {n}", "location": "NL"} for n in range(40)]
        + [
            {"kind": "school", "name": f"Stichting {n:05d}", "brin": f"{n:04d}XX"[:8],
             "kvk": f"{40000000 + n}", "city": "Utrecht"}
            for n in range(SCHOOLS)
        ],
    )  # fmt: skip
    subprocessors = list(
        db.session.scalars(sa.select(Organisation.id).where(Organisation.kind == "subprocessor"))
    )
    schools = list(
        db.session.scalars(sa.select(Organisation.id).where(Organisation.kind == "school"))
    )
    products = list(db.session.scalars(sa.select(Product.id).order_by(Product.code)))
    _insert(
        Licence,
        [
            {"organisation_id": s, "product_id": products[n % 2], "start_date": dt.date(2024, 8, 1)}
            for n, s in enumerate(schools)
        ],
    )
    now = dt.datetime.now(dt.UTC)
    _insert(
        am.Activity,
        [
            {
                "name": f"Verwerking {n:04d}",
                "description": "Omschrijving van de verwerking, met een tweede zin.",
                "role": "processor" if n < PROCESSOR_ACTIVITIES else "controller",
                "status": "active",
                "product_id": products[n % 2] if n < PROCESSOR_ACTIVITIES else None,
                "department": "Afdeling",
                "owner": "Eigenaar",
                "processing_categories": "Hosting" if n < PROCESSOR_ACTIVITIES else "",
                "storage_location": "Datacenter NL",
                "review_date": dt.date(2027, 1, 1),
                "created_at": now,
                "updated_at": now,
            }
            for n in range(ACTIVITIES)
        ],
    )
    ids = list(db.session.scalars(sa.select(am.Activity.id)))
    pick = rnd.sample
    _insert(
        am.ActivityPurpose,
        [
            {"activity_id": a, "purpose_id": p, "legal_basis_id": rnd.choice(terms["legal_basis"])}
            for a in ids
            for p in pick(terms["purpose"], 2)
        ],
    )
    _insert(
        am.ActivityDataCategory,
        [
            {"activity_id": a, "term_id": c, "data_subject_id": terms["data_subject"][0]}
            for a in ids
            for c in pick(terms["data_category"], 4)
        ],
    )
    for table, vocabulary, count in (
        (am.activity_data_subject, "data_subject", 2),
        (am.activity_recipient_category, "recipient_category", 1),
        (am.activity_security_measure, "security_measure", 3),
    ):
        _insert(
            table,
            [{"activity_id": a, "term_id": t} for a in ids for t in pick(terms[vocabulary], count)],
        )
    _insert(
        am.ActivitySubprocessor,
        [
            {"activity_id": a, "organisation_id": rnd.choice(subprocessors), "service": "Hosting"}
            for a in ids
        ],
    )
    _insert(
        am.Transfer,
        [
            {
                "activity_id": a,
                "country": "Verenigde Staten",
                "mechanism_id": terms["transfer_mechanism"][0],
            }
            for a in ids[::10]
        ],
    )
    _insert(
        am.RetentionRule,
        [{"activity_id": a, "period": "3 jaar", "trigger": "einde contract"} for a in ids],
    )
    db.session.commit()


def _timed(label: str, action: Callable[[], Any]) -> Any:
    start = time.perf_counter()
    result = action()
    print(f"{label:<34} {time.perf_counter() - start:7.2f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-pdf", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        source = _app(Path(folder) / "source.db")
        with source.app_context():
            _timed("populate (bulk Core inserts)", _populate)
            exports = {}
            for fmt in ("xlsx", "csv", "json"):
                exports[fmt] = _timed(
                    f"export {fmt}", lambda fmt=fmt: export_register(db.session, ExportCommand(fmt))
                )
                db.session.commit()
            sizes = ", ".join(f"{k} {len(v.data) / 1e6:.1f} MB" for k, v in exports.items())
            print(f"sizes: {sizes}")
        target = _app(Path(folder) / "target.db")
        with target.app_context():
            result = _timed(
                "import xlsx into an empty database",
                lambda: import_register(db.session, exports["xlsx"].data, filename="bench.xlsx"),
            )
            db.session.commit()
            count = db.session.scalar(sa.select(sa.func.count()).select_from(am.Activity))
            print(f"imported: {count} activities, {len(result.changes)} changes listed")
        if not args.skip_pdf:
            with source.app_context():
                pdf = _timed(
                    "export pdf", lambda: export_register(db.session, ExportCommand("pdf"))
                )
                db.session.commit()
                import io

                from pypdf import PdfReader

                pages = len(PdfReader(io.BytesIO(pdf.data)).pages)
                print(f"pdf: {pages} pages, {len(pdf.data) / 1e6:.1f} MB")
            from register.pdf import shutdown_workers

            shutdown_workers()


if __name__ == "__main__":
    main()
