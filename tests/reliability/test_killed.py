"""`kill -9` of the application process in the middle of a write: all of it or none of it.

An import (`flask import`) and a send (the worker, see `tests/agreements/test_sending.py`)
each write in one transaction; the process is killed once it holds an open write, then the
database is read: none of the import's rows, and the audit chain still verifies. Run again,
the import lands whole.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from register.activities.models import Activity
from register.audit.verify import verify_chain
from register.config import PROJECT_ROOT
from register.extensions import db
from tests.exchange.conftest import flat_workbook

ROWS = 600


def _writing(url: str) -> bool:
    """Whether some other connection holds an open write transaction on the database."""
    if url.startswith("sqlite"):
        path = url.removeprefix("sqlite:///")
        return Path(f"{path}-journal").exists() or Path(f"{path}-wal").exists()
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.connect() as connection:
        found = connection.scalar(
            sa.text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL"
            )
        )
    engine.dispose()
    return bool(found)


def _import(database_url: str, path: Path) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "REGISTER_ENV": "development",
        "REGISTER_SECRET_KEY": "test-secret-key-not-for-production",
        "REGISTER_DATABASE_URL": database_url,
    }
    return subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "register", "import", str(path)],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _state(app) -> tuple[int, bool]:  # noqa: ANN001
    with app.app_context():
        db.session.rollback()
        count = db.session.scalar(sa.select(sa.func.count()).select_from(Activity))
        with db.engine.connect() as connection:
            return count, bool(verify_chain(connection).ok)


@pytest.mark.slow
def test_an_import_killed_mid_write_leaves_nothing_and_the_chain_verifies(
    app, database_url, tmp_path
):
    rows = [["Naam verwerking", "Rol"]] + [
        [f"Verwerking {i:05d}", "Verwerkingsverantwoordelijke"] for i in range(ROWS)
    ]
    workbook = tmp_path / "register.xlsx"
    workbook.write_bytes(flat_workbook(rows))

    process = _import(database_url, workbook)
    deadline = time.monotonic() + 120
    while not _writing(database_url):
        if process.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"the import never held a write open: {process.communicate()[0]}")
        time.sleep(0.01)
    process.kill()  # SIGKILL with the transaction open: nothing is committed
    process.wait(timeout=10)
    assert _state(app) == (0, True)

    again = _import(database_url, workbook)
    output, _ = again.communicate(timeout=600)
    assert again.returncode == 0, output
    assert _state(app) == (ROWS, True)
