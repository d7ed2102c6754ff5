"""Benchmark the agreements feature; prints figures, asserts nothing.

    .venv/bin/python -m bench.agreements          # everything
    .venv/bin/python -m bench.agreements render   # only 1.

1. One DPA: context + HTML + PDF through the worker, beside a bare WeasyPrint render of the
   same HTML (target: at most 1.2x).
2. Downloading a stored PDF through the test client (median; target < 20 ms).
3. The overview with 30,000 agreements seeded by bulk Core inserts into a temporary
   migrated SQLite database: number of queries and median time (target < 100 ms); and one
   drift refresh over all of them.
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from register import create_app
from register.agreements.documents.context import build_context
from register.agreements.documents.reading import snapshot_data
from register.agreements.documents.render import render_agreement_pdf, template_for
from register.agreements.documents.storage import AgreementFragment, AgreementSnapshot
from register.agreements.drift import refresh_drift
from register.agreements.lifecycle import send_agreement
from register.agreements.models import Agreement, agreement_product
from register.agreements.services import create_agreement
from register.auth.models import User, UserRole
from register.auth.passwords import hash_password
from register.extensions import db
from register.pdf import render_pdf, shutdown_workers
from register.texts import render_document
from tests.agreements.seed import seed_register

PASSWORD = "benchmark password 1234"
AGREEMENTS = 30_000
SCHOOLS = 10_000


def median_ms(run: Callable[[], Any], times: int) -> float:
    samples = []
    for _ in range(times):
        start = time.perf_counter()
        run()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def make_app(path: Path) -> Any:
    from flask_migrate import upgrade

    app = create_app(
        {
            "TESTING": True,
            "REGISTER_ENV": "testing",
            "SECRET_KEY": "bench",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "ARGON2_TIME_COST": 1,
            "ARGON2_MEMORY_COST": 8192,
            "ARGON2_PARALLELISM": 1,
        }
    )
    with app.app_context():
        upgrade()
    return app


def bench_render(app: Any) -> int:
    from weasyprint import HTML

    with app.app_context():
        reg = seed_register()
        staff = User(
            email="bench@example.nl",
            name="Bench",
            role=UserRole.PRIVACY,
            is_signatory=True,
            password_hash=hash_password(PASSWORD),
        )
        db.session.add(staff)
        agreement = create_agreement(db.session, reg.command())
        send_agreement(db.session, agreement, user=staff, ip="", timeout=60)  # warms the worker
        db.session.commit()
        snapshot = snapshot_data(db.session, agreement)
        assert snapshot is not None
        info = template_for(agreement.template_id, agreement.template_version)
        html = render_document(info, build_context(snapshot))
        # Interleaved rounds, so load from other processes hits every variant alike.
        runs: dict[str, list[float]] = {"ours": [], "bare": [], "inproc": []}
        variants = {
            "ours": lambda: render_agreement_pdf(info, snapshot, 60),
            "bare": lambda: HTML(string=html).write_pdf(),
            "inproc": lambda: render_pdf(html),
        }
        for _ in range(7):
            for name, run in variants.items():
                runs[name].append(median_ms(run, 1))
        ours, bare, inproc = (statistics.median(runs[k]) for k in ("ours", "bare", "inproc"))
        print("1. DPA render (median of 7 interleaved rounds)")
        print(f"   ours (context + HTML + PDF/A-3b with JSON attachment, worker): {ours:7.1f} ms")
        print(f"   bare WeasyPrint HTML(string=html).write_pdf():                  {bare:7.1f} ms")
        print(
            f"   register.pdf.render_pdf(html) in-process (PDF/A, own CSS):      {inproc:7.1f} ms"
        )
        print(f"   ratio ours/bare {ours / bare:.2f}x (target <= 1.2x)")
        return agreement.id


def bench_download(app: Any, agreement_id: int) -> None:
    client = app.test_client()
    client.post("/aanmelden", data={"email": "bench@example.nl", "password": PASSWORD})
    url = f"/overeenkomsten/{agreement_id}/document/overeenkomst"
    assert client.get(url).status_code == 200
    ms = median_ms(lambda: client.get(url).data, 50)
    print("2. Download of a stored PDF through the test client (median of 50)")
    print(f"   {ms:.1f} ms (target < 20 ms)")


def seed_many(app: Any, template_agreement_id: int) -> None:
    """Schools, licences and 30,000 signed agreements by bulk Core inserts."""
    with app.app_context():
        conn = db.session.connection()
        source = db.session.get(Agreement, template_agreement_id)
        product_id = source.products[0].id
        now = dt.datetime.now(dt.UTC)
        naive = now.replace(tzinfo=None)  # for the untyped lightweight table below
        organisation = sa.table(
            "organisation",
            *(
                sa.column(c)
                for c in (
                    "kind",
                    "name",
                    "legal_form",
                    "brin",
                    "kvk",
                    "address",
                    "postcode",
                    "city",
                    "country",
                    "website",
                    "email",
                    "phone",
                    "privacy_contact_name",
                    "privacy_contact_email",
                    "privacy_contact_phone",
                    "dpo_name",
                    "dpo_email",
                    "dpo_phone",
                    "location",
                    "is_active",
                    "version",
                    "created_at",
                    "updated_at",
                )
            ),
        )
        first = conn.scalar(
            sa.select(sa.func.max(sa.text("id"))).select_from(sa.text("organisation"))
        )
        conn.execute(
            organisation.insert(),
            [
                {
                    "kind": "school",
                    "name": f"Schoolbestuur {i:05d}",
                    "legal_form": "Stichting",
                    "brin": f"B{i:05d}",
                    "kvk": f"{50000000 + i}",
                    "address": "",
                    "postcode": "",
                    "city": "Utrecht",
                    "country": "Nederland",
                    "website": "",
                    "email": "",
                    "phone": "",
                    "privacy_contact_name": "",
                    "privacy_contact_email": "",
                    "privacy_contact_phone": "",
                    "dpo_name": "",
                    "dpo_email": "",
                    "dpo_phone": "",
                    "location": "",
                    "is_active": True,
                    "version": 1,
                    "created_at": naive,
                    "updated_at": naive,
                }
                for i in range(SCHOOLS)
            ],
        )
        school_ids = [first + 1 + i for i in range(SCHOOLS)]
        agreement_table = Agreement.__table__
        columns = {c.name for c in agreement_table.c} - {"id"}
        base = {c: getattr(source, c) for c in columns if hasattr(source, c)}
        base.update(state="signed", created_at=now, updated_at=now, sent_count=1)
        base["particulars"], base["deviations"] = source.particulars, source.deviations
        start_id = conn.scalar(sa.select(sa.func.max(agreement_table.c.id)))
        rows = []
        for i in range(AGREEMENTS):
            row = dict(base)
            row.update(number=f"VO-2025-{i:05d}", school_id=school_ids[i % SCHOOLS])
            rows.append(row)
        conn.execute(agreement_table.insert(), rows)
        ids = [start_id + 1 + i for i in range(AGREEMENTS)]
        conn.execute(
            agreement_product.insert(), [{"agreement_id": i, "product_id": product_id} for i in ids]
        )
        snapshot = db.session.scalars(sa.select(AgreementSnapshot)).one()
        conn.execute(
            AgreementSnapshot.__table__.insert(),
            [
                {
                    "agreement_id": ids[0],
                    "sequence": 1,
                    "sha256": snapshot.sha256,
                    "data": snapshot.data,
                    "created_at": now,
                }
            ],
        )
        conn.execute(
            AgreementFragment.__table__.insert(),
            [{"agreement_id": i, "product_code": "DOENIN", "sha256": "0" * 64} for i in ids],
        )
        db.session.commit()


def bench_overview(app: Any) -> None:
    client = app.test_client()
    client.post("/aanmelden", data={"email": "bench@example.nl", "password": PASSWORD})
    statements: list[str] = []
    with app.app_context():
        sa.event.listen(
            db.engine, "before_cursor_execute", lambda *args: statements.append(args[2])
        )
        for url in (
            "/overeenkomsten/",
            "/overeenkomsten/?status=signed&school=00042",
            "/overeenkomsten/verwerkersregister",
            "/overeenkomsten/zonder-overeenkomst",
        ):
            assert client.get(url).status_code == 200
            statements.clear()
            client.get(url)
            count = len(statements)
            ms = median_ms(lambda url=url: client.get(url), 20)
            print(f"   {url:45s} {count:2d} queries   median {ms:6.1f} ms")
        start = time.perf_counter()
        result = refresh_drift(db.session)
        db.session.commit()
        first = (time.perf_counter() - start) * 1000
        start = time.perf_counter()
        refresh_drift(db.session)
        db.session.commit()
        again = (time.perf_counter() - start) * 1000
        print(
            f"   refresh_drift over {AGREEMENTS} signed agreements: {first:.0f} ms "
            f"({result.flagged} flagged), unchanged re-run {again:.0f} ms"
        )


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        app = make_app(Path(folder) / "bench.db")
        try:
            agreement_id = bench_render(app)
            if sys.argv[1:] == ["render"]:
                return
            bench_download(app, agreement_id)
            seed_many(app, agreement_id)
            print(f"3. Overview with {AGREEMENTS} agreements, {SCHOOLS} schools (median of 20)")
            bench_overview(app)
        finally:
            shutdown_workers()


if __name__ == "__main__":
    main()
