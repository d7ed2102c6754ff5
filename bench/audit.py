"""Benchmark the audit trail at scale: the overview's response time and `audit verify`.

Builds a temporary database through the migrations (SQLite, or PostgreSQL with
`--postgres URL`, whose public schema is dropped and recreated: use a scratch database),
inserts N chained entries with Core bulk inserts, then prints:

- the audit overview's server-side response time through the test client (median and p95
  over --requests requests) for the first page and for filtered pages;
- the time and peak memory of `flask audit verify` (the streaming chain check).

    .venv/bin/python -m bench.audit [--entries 1000000] [--requests 30] [--postgres URL]
                                    [--tracemalloc]

No assertions: it prints the figures (targets: overview < 100 ms median, verify < 60 s and
< 200 MB).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from register import create_app
from register.audit.chain import entry_hash
from register.audit.models import GENESIS_HASH, AuditEntry
from register.audit.verify import verify_chain
from register.auth.models import User, UserRole
from register.extensions import db

BATCH = 10_000
ENTITY_TYPES = ("activity", "organisation", "agreement", "product", "term", "user", "licence")
ACTIONS = ("create", "update", "update", "update", "retire", "login", "download", "export")


def build_app(url: str) -> Any:
    """An app on a freshly migrated database."""
    from flask_migrate import upgrade

    if url.startswith("postgresql"):
        engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
        with engine.begin() as connection:
            connection.execute(sa.text("DROP SCHEMA public CASCADE"))
            connection.execute(sa.text("CREATE SCHEMA public"))
        engine.dispose()
    app = create_app(
        {
            "TESTING": True,
            "REGISTER_ENV": "testing",
            "SECRET_KEY": "bench",
            "SQLALCHEMY_DATABASE_URI": url,
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


def fill(app: Any, entries: int, users: int = 50) -> None:
    """Insert `entries` chained audit entries spread over the last year, in batches."""
    rng = random.Random(30)
    start = dt.datetime.now(dt.UTC) - dt.timedelta(days=365)
    step = dt.timedelta(days=365) / entries
    prev = GENESIS_HASH
    table = AuditEntry.__table__
    began = time.perf_counter()
    with app.app_context(), db.engine.begin() as connection:
        for n in range(0, entries, BATCH):
            rows = []
            for i in range(n, min(n + BATCH, entries)):
                actor = rng.randrange(1, users + 1)
                entity_type = rng.choice(ENTITY_TYPES)
                row = {
                    "created_at": start + step * i,
                    "actor_id": actor,
                    "actor_email": f"gebruiker{actor}@example.nl",
                    "ip": f"10.0.{actor}.{rng.randrange(1, 255)}",
                    "action": rng.choice(ACTIONS),
                    "entity_type": entity_type,
                    "entity_id": str(rng.randrange(1, 5000)),
                    "summary": f"{entity_type} {i}",
                    "changes": {"name": [f"oud {i}", f"nieuw {i}"]} if i % 3 == 0 else None,
                }
                row["prev_hash"] = prev
                row["hash"] = prev = entry_hash(prev, row)
                rows.append(row)
            connection.execute(sa.insert(table), rows)
        if connection.dialect.name == "postgresql":
            connection.execute(sa.text("ANALYZE audit_entry"))
        else:
            connection.execute(sa.text("ANALYZE"))
    print(f"inserted {entries:,} entries in {time.perf_counter() - began:.1f} s")


def auditor_client(app: Any) -> Any:
    """A test client signed in as an auditor."""
    with app.app_context():
        user = User(email="auditor@example.nl", name="Auditor", role=UserRole.AUDITOR)
        from register.auth.passwords import hash_password

        user.password_hash = hash_password("bench password 123")
        db.session.add(user)
        db.session.commit()
    client = app.test_client()
    response = client.post(
        "/aanmelden", data={"email": "auditor@example.nl", "password": "bench password 123"}
    )
    assert response.status_code == 302, "sign-in failed"
    return client


def time_page(client: Any, url: str, requests: int) -> str:
    """Median and p95 server-side time of GET url."""
    timings = []
    client.get(url)  # warm caches
    for _ in range(requests):
        began = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - began) * 1000)
        if response.status_code != 200:
            return f"status {response.status_code}"
    timings.sort()
    p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
    return f"median {statistics.median(timings):6.1f} ms   p95 {p95:6.1f} ms"


def time_verify(url: str) -> None:
    """Run `flask audit verify` as its own process: wall time and the process's peak RSS."""
    env = {
        **os.environ,
        "REGISTER_DATABASE_URL": url,
        "REGISTER_SECRET_KEY": "bench",
        "REGISTER_ENV": "production",
    }
    began = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "register", "audit", "verify"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - began
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # KiB on Linux
    output = (result.stdout + result.stderr).strip().splitlines()
    print(f"audit verify: {output[-1] if output else ''} (exit {result.returncode})")
    print(f"  time {elapsed:.1f} s, peak memory of the process {peak:.0f} MiB (max RSS)")


def trace_verify(app: Any) -> None:
    """The Python heap's peak during verify (tracemalloc; slows the run several times)."""
    tracemalloc.start()
    with app.app_context(), db.engine.connect() as connection:
        report = verify_chain(connection)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"  Python heap peak {peak / 2**20:.1f} MiB over {report.checked:,} entries")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--postgres", metavar="URL", help="a scratch PostgreSQL database")
    parser.add_argument(
        "--tracemalloc", action="store_true", help="also trace the Python heap during verify"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.postgres or f"sqlite:///{Path(tmp) / 'bench.db'}"
        print(f"database: {url.split('@')[-1]}")
        app = build_app(url)
        fill(app, args.entries)
        client = auditor_client(app)
        month = (dt.datetime.now(dt.UTC).date() - dt.timedelta(days=200)).isoformat()
        month_end = (dt.datetime.now(dt.UTC).date() - dt.timedelta(days=170)).isoformat()
        pages = {
            "first page": "/audit/",
            "page 3 (keyset)": None,
            "by user": "/audit/?actor=7",
            "by entity type": "/audit/?entity_type=agreement",
            "by entity": "/audit/?entity_type=activity&entity_id=42",
            "by action": "/audit/?action=retire",
            "by month": f"/audit/?start={month}&end={month_end}",
            "user + month": f"/audit/?actor=7&start={month}&end={month_end}",
        }
        with app.app_context():
            top = db.session.scalar(sa.select(sa.func.max(AuditEntry.id)))
        pages["page 3 (keyset)"] = f"/audit/?voor={top - 50}"
        for label, url_ in pages.items():
            print(f"{label:18} {time_page(client, url_, args.requests)}   {url_}")
        time_verify(url)
        if args.tracemalloc:
            trace_verify(app)
        with app.app_context():
            db.engine.dispose()


if __name__ == "__main__":
    main()
