"""Server-side timings of the register's overview and record pages on a register-sized database.

Builds a temporary SQLite database through the migrations, seeds 1,000 activities with their
parts and 10,000 school organisations (with licences), signs in and requests each page N times
through the Flask test client. Prints the median and 95th percentile per page against the
target (median under 50 ms). No assertions: it reports.

    .venv/bin/python -m bench.register_pages [N]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from flask_migrate import upgrade

from register import create_app
from register.auth.models import User, UserRole
from register.auth.passwords import hash_password
from register.extensions import db
from register.vocabularies.models import Vocabulary
from tests.activities.bulk import seed_register

TARGET_MS = 50.0
PASSWORD = "benchmark password 2026"


def _app(url: str):  # type: ignore[no-untyped-def]
    return create_app(
        {
            "TESTING": True,
            "REGISTER_ENV": "testing",
            "SECRET_KEY": "bench-only",
            "SQLALCHEMY_DATABASE_URI": url,
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "ARGON2_TIME_COST": 1,
            "ARGON2_MEMORY_COST": 8192,
            "ARGON2_PARALLELISM": 1,
        }
    )


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main(n: int = 50) -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        app = _app(url)
        started = time.perf_counter()
        with app.app_context():
            upgrade()
            with db.engine.begin() as connection:
                seeded = seed_register(connection, activities=1000, organisations=10_000)
            user = User(
                email="bench@example.nl",
                name="Bench",
                role=UserRole.PRIVACY,
                password_hash=hash_password(PASSWORD),
            )
            db.session.add(user)
            db.session.commit()
        print(f"database built and seeded in {time.perf_counter() - started:.1f} s")

        client = app.test_client()
        response = client.post(
            "/aanmelden", data={"email": "bench@example.nl", "password": PASSWORD}
        )
        assert response.status_code == 302, "sign-in failed"
        category = seeded.terms[Vocabulary.DATA_CATEGORY][2]
        basis = seeded.terms[Vocabulary.LEGAL_BASIS][1]
        product = seeded.products[0]
        pages = {
            "overview": "/verwerkingen/",
            "overview page 20, all statuses": "/verwerkingen/?status=alle&page=20",
            "overview search": "/verwerkingen/?q=verwerking%2005&status=alle",
            "overview role+category+sort": (
                f"/verwerkingen/?rol=processor&gegeven={category}&sort=-review&status=alle"
            ),
            "overview basis+product+incomplete": (
                f"/verwerkingen/?grondslag={basis}&product={product}&onvolledig=1&status=alle"
            ),
            "overview overdue, by update": "/verwerkingen/?verlopen=1&sort=-updated",
            "record (controller)": f"/verwerkingen/{seeded.controller_id}",
            "record (processor, 3,300 controllers)": f"/verwerkingen/{seeded.processor_id}",
        }
        print(f"{'page':42} {'median':>9} {'p95':>9}  target median < {TARGET_MS:.0f} ms")
        for label, path in pages.items():
            assert client.get(path).status_code == 200, path  # warm-up
            timings = []
            for _ in range(n):
                t0 = time.perf_counter()
                response = client.get(path)
                timings.append((time.perf_counter() - t0) * 1000)
                assert response.status_code == 200, path
            median = statistics.median(timings)
            p95 = _percentile(timings, 0.95)
            verdict = "ok" if median < TARGET_MS else "SLOW"
            print(f"{label:42} {median:7.1f}ms {p95:7.1f}ms  {verdict}")
        with app.app_context():
            db.engine.dispose()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
