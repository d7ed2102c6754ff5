"""SQLite connection settings: a write-ahead log, and commits that do not wait for the disk.

With SQLite's defaults (a rollback journal, `synchronous=FULL`) every commit waits for
several fsyncs, and a writer blocks every reader. An audited download commits one audit
entry, so under load most of a download's time went to that wait (about 30 of 100 ms) and
the page requests queued behind it. In WAL mode readers run beside the one writer, and with
`synchronous=NORMAL` a commit is written to the log without waiting for the disk: the
database stays consistent after a crash or power loss, but the last transactions before a
power loss may be lost (SQLite's documented trade-off). Production runs on PostgreSQL; this
concerns the default SQLite set-up. In-memory databases ignore both settings.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import event

from register.extensions import db


def _on_connect(dbapi_connection: Any, connection_record: Any) -> None:
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


def install_sqlite_settings(app: Flask) -> None:
    """Apply the settings to every new SQLite connection of the app (no-op elsewhere)."""
    with app.app_context():
        engine = db.engine
        if engine.dialect.name == "sqlite" and not event.contains(engine, "connect", _on_connect):
            event.listen(engine, "connect", _on_connect)
