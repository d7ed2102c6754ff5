"""Benchmark the dashboard and the privacy statement at the design size.

Builds a temporary database through the migrations (SQLite, or PostgreSQL with
`--postgres URL`, whose public schema is dropped and recreated: use a scratch database),
bulk-inserts 1,000 activities (with purposes and data categories), 10,000 schools with a
licence each and 30,000 agreements, then prints the median and p95 server time of
`build_dashboard` and of the statement page, and their query counts.

    .venv/bin/python -m bench.dashboard [--requests 20] [--postgres URL]

No assertions: it prints the figures (target: both well under 500 ms median).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from register import create_app
from register.activities.facts import today
from register.activities.models import Activity, ActivityDataCategory, ActivityPurpose
from register.agreements.documents.storage import AgreementDrift
from register.agreements.models import Agreement, agreement_product
from register.dashboard.overview import build_dashboard
from register.extensions import db
from register.organisations.models import Organisation
from register.products.models import Licence, Product
from register.vocabularies.models import Term

ACTIVITIES, SCHOOLS, AGREEMENTS_PER_SCHOOL = 1_000, 10_000, 3
STATES = ("draft", "in_review", "awaiting_signature", "signed", "signed", "terminated")


def _insert(model: Any, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), 5_000):
        db.session.execute(sa.insert(model), rows[start : start + 5_000])


def _populate(day: dt.date) -> None:
    rnd = random.Random(7)  # noqa: S311
    db.session.add(Organisation(kind="own", name="KPC Groep", address="Guldenberg 12"))
    _insert(Product, [{"code": c, "name": c, "kind": "learning_product"} for c in ("D", "S")])
    _insert(
        Term, [{"vocabulary": "purpose", "code": f"p{n}", "label": f"Doel {n}"} for n in range(40)]
    )
    _insert(
        Term,
        [{"vocabulary": "data_category", "code": f"c{n}", "label": f"Cat {n}"} for n in range(60)],
    )
    terms = dict(db.session.execute(sa.select(Term.label, Term.id)).all())
    products = list(db.session.scalars(sa.select(Product.id)))
    _insert(
        Activity,
        [
            {
                "name": f"Verwerking {n:04d}",
                "role": "controller" if n % 4 else "processor",
                "product_id": None if n % 4 else products[n % 2],
                "status": rnd.choice(("draft", "active", "active", "active", "retired")),
                "review_date": day + dt.timedelta(days=rnd.randint(-60, 400)),
                "dpia_required": n % 7 == 0,
                "dpia_status": rnd.choice(("not_started", "in_progress", "completed")),
                "missing_count": rnd.choice((0, 0, 0, 1, 3)),
            }
            for n in range(ACTIVITIES)
        ],
    )
    ids = list(db.session.scalars(sa.select(Activity.id)))
    _insert(
        ActivityPurpose,
        [{"activity_id": a, "purpose_id": terms[f"Doel {a % 40}"]} for a in ids],
    )
    _insert(
        ActivityDataCategory,
        [
            {"activity_id": a, "term_id": terms[f"Cat {(a + k) % 60}"]}
            for a in ids
            for k in range(3)
        ],
    )
    _insert(
        Organisation,
        [{"kind": "school", "name": f"School {n:05d}", "brin": f"{n:05d}"} for n in range(SCHOOLS)],
    )
    schools = list(
        db.session.scalars(sa.select(Organisation.id).where(Organisation.kind == "school"))
    )
    own = db.session.scalar(sa.select(Organisation.id).where(Organisation.kind == "own"))
    start = day - dt.timedelta(days=200)
    _insert(
        Licence,
        [
            {"organisation_id": s, "product_id": products[s % 2], "start_date": start}
            for s in schools
        ],
    )
    _insert(
        Agreement,
        [
            {
                "number": f"VO-{s}-{k}",
                "title": "Verwerkersovereenkomst",
                "state": rnd.choice(STATES),
                "school_id": s,
                "processor_id": own,
                "template_id": "convenant-4.0",
                "template_version": "1",
                "template_sha256": "0" * 64,
                "term_start": start,
            }
            for s in schools
            for k in range(AGREEMENTS_PER_SCHOOL)
        ],
    )
    rows = db.session.execute(sa.select(Agreement.id, Agreement.school_id, Agreement.state)).all()
    _insert(
        agreement_product, [{"agreement_id": a, "product_id": products[s % 2]} for a, s, _ in rows]
    )
    signed = [a for a, _, state in rows if state.value == "signed"]
    _insert(AgreementDrift, [{"agreement_id": a, "changes": []} for a in signed[::10]])
    db.session.commit()


def _time(fn: Any, requests: int) -> tuple[float, float]:
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--postgres", help="scratch PostgreSQL URL (its schema is dropped)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.postgres or f"sqlite:///{Path(tmp) / 'bench.db'}"
        if args.postgres:
            engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
            with engine.begin() as connection:
                connection.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            engine.dispose()
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "TESTING": True})
        with app.app_context():
            from flask_migrate import upgrade

            upgrade()
            day = today()
            _populate(day)
        client = app.test_client()
        with app.test_request_context():
            dash = _time(lambda: build_dashboard(db.session, today=day), args.requests)
        page = _time(lambda: client.get("/privacyverklaring"), args.requests)
        print(f"dashboard: median {dash[0]:.0f} ms, p95 {dash[1]:.0f} ms")
        print(f"statement page: median {page[0]:.0f} ms, p95 {page[1]:.0f} ms")


if __name__ == "__main__":
    main()
