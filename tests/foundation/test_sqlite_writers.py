"""SQLite's writers queue on the lock file beside the database (register/sqlite.py)."""

from __future__ import annotations

import fcntl
import threading
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from register.audit.chain import append_entries
from register.audit.models import AuditEntry
from register.extensions import db


def _queue_file(app) -> Path:
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("the writers' queue concerns SQLite only")
        return Path(db.engine.url.database + "-writers")


def _taken(path: Path) -> bool:
    with path.open("ab") as other:
        try:
            fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(other, fcntl.LOCK_UN)
        return False


def test_a_write_transaction_holds_the_queue_until_it_ends(app):
    path = _queue_file(app)
    with app.app_context(), db.engine.connect() as connection:
        connection.execute(sa.select(AuditEntry.id).limit(1)).all()
        assert not _taken(path)  # reading takes no place in the queue
        connection.rollback()
        transaction = connection.begin()
        append_entries(connection, [{"action": "eerste"}])
        assert _taken(path)
        transaction.commit()
        assert not _taken(path)
        transaction = connection.begin()
        append_entries(connection, [{"action": "teruggedraaid"}])
        assert _taken(path)
        transaction.rollback()
        assert not _taken(path)
    with app.app_context():
        actions = db.session.scalars(sa.select(AuditEntry.action)).all()
        assert "eerste" in actions and "teruggedraaid" not in actions


def test_the_next_writer_starts_as_soon_as_the_first_commits(app):
    path = _queue_file(app)
    with app.app_context():
        engine = db.engine
        started: list[float] = []

        def second_writer() -> None:
            with engine.begin() as connection:
                append_entries(connection, [{"action": "tweede"}])
                started.append(time.monotonic())

        with engine.connect() as connection:
            transaction = connection.begin()
            append_entries(connection, [{"action": "eerste"}])
            thread = threading.Thread(target=second_writer)
            thread.start()
            time.sleep(0.3)
            assert not started  # waiting in the queue, not writing
            committed = time.monotonic()
            transaction.commit()
        thread.join(10)
        # Woken within a few milliseconds, not after SQLite's growing sleeps.
        assert started and started[0] - committed < 0.25
        assert not _taken(path)
