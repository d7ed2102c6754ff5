"""SQLite connection settings: a write-ahead log, commits that do not wait for the disk, and
writers that queue instead of sleeping.

With SQLite's defaults (a rollback journal, `synchronous=FULL`) every commit waits for
several fsyncs, and a writer blocks every reader. An audited download commits one audit
entry, so under load most of a download's time went to that wait (about 30 of 100 ms) and
the page requests queued behind it. In WAL mode readers run beside the one writer, and with
`synchronous=NORMAL` a commit is written to the log without waiting for the disk: the
database stays consistent after a crash or power loss, but the last transactions before a
power loss may be lost (SQLite's documented trade-off). Production runs on PostgreSQL; this
concerns the default SQLite set-up. In-memory databases ignore these settings.

SQLite has one writer at a time; a connection that finds the write lock taken sleeps in
SQLite's busy handler in growing steps (1, 2, 5, 10, ... 100 ms) and retries. Under load
(gunicorn workers that each append an audit entry per download) the sleeper mostly wakes
to find the lock taken again by the same busy worker, and a second worker made downloads
slower instead of faster. So a write transaction first takes an exclusive lock on a file
beside the database (`<database>-writers`), asked for every 50 µs to 1 ms, and lets it go
when the transaction ends: the next writer starts as soon as the lock is free. The file
lock is only a queue in front of SQLite's own lock, which still guarantees correctness: a
writer that does not get it within `QUEUE_WAIT_SECONDS` (a second connection of the same
thread, say) goes on to SQLite's busy handling as before.
"""

from __future__ import annotations

import fcntl
import sqlite3
import time
from typing import IO, Any, Self

from flask import Flask
from sqlalchemy import event

from register.extensions import db

# Statements that take SQLite's write lock (the first word; a transaction's first write).
_WRITES = frozenset({"INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER"})
QUEUE_WAIT_SECONDS = 5.0
_FIRST_DELAY, _LONGEST_DELAY = 0.00005, 0.001


def _is_write(statement: str) -> bool:
    first = statement.lstrip()[:8].split(None, 1)
    return bool(first) and first[0].upper() in _WRITES


class QueuedWriterCursor(sqlite3.Cursor):
    """A cursor whose connection joins the writers' queue before a write statement."""

    connection: QueuedWriterConnection

    def execute(self, sql: str, parameters: Any = (), /) -> Self:
        self.connection.queue_for(sql)
        try:
            return super().execute(sql, parameters)
        finally:
            self.connection.leave_if_done()

    def executemany(self, sql: str, parameters: Any, /) -> Self:
        self.connection.queue_for(sql)
        try:
            return super().executemany(sql, parameters)
        finally:
            self.connection.leave_if_done()


class QueuedWriterConnection(sqlite3.Connection):
    """A SQLite connection whose write transactions queue on the lock file beside the database."""

    def __init__(self, database: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(database, *args, **kwargs)
        self._queue: IO[bytes] | None = None
        self._holding = False
        path = str(database)
        if path and path != ":memory:" and not path.startswith("file:"):
            try:
                self._queue = open(path + "-writers", "ab")  # noqa: SIM115  (closed in close())
            except OSError:
                self._queue = None  # a read-only folder: SQLite's busy handling alone

    def cursor(self, factory: Any = QueuedWriterCursor) -> Any:
        return super().cursor(factory)

    def queue_for(self, statement: str) -> None:
        """Before a write statement: wait for the writers' lock (once per transaction)."""
        if self._queue is None or self._holding or not _is_write(statement):
            return
        deadline = time.monotonic() + QUEUE_WAIT_SECONDS
        delay = _FIRST_DELAY
        while True:
            try:
                fcntl.flock(self._queue, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    return
                time.sleep(delay)
                delay = min(delay * 2, _LONGEST_DELAY)
            else:
                self._holding = True
                return

    def leave_if_done(self) -> None:
        """After a statement: let the next writer in once no transaction is open."""
        if self._holding and not self.in_transaction:
            self._leave()

    def _leave(self) -> None:
        if self._holding and self._queue is not None:
            fcntl.flock(self._queue, fcntl.LOCK_UN)
        self._holding = False

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self._leave()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self._leave()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._leave()
            if self._queue is not None:
                self._queue.close()
                self._queue = None


def _on_connect(dbapi_connection: Any, connection_record: Any) -> None:
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


def _queued_writers(dialect: Any, connection_record: Any, cargs: Any, cparams: Any) -> None:
    cparams.setdefault("factory", QueuedWriterConnection)


def install_sqlite_settings(app: Flask) -> None:
    """Apply the settings to every new SQLite connection of the app (no-op elsewhere)."""
    with app.app_context():
        engine = db.engine
        if engine.dialect.name == "sqlite" and not event.contains(engine, "connect", _on_connect):
            event.listen(engine, "connect", _on_connect)
            event.listen(engine, "do_connect", _queued_writers)
