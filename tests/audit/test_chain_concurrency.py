"""Two writers cannot fork the hash chain."""

import threading

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from register.audit.chain import append_entries
from register.audit.models import AuditEntry
from register.audit.verify import verify_chain
from register.extensions import db


def test_prev_hash_is_unique(app):
    with app.app_context():
        append_entries(db.session.connection(), [{"action": "een"}])
        db.session.commit()
        first = db.session.scalars(sa.select(AuditEntry)).one()
        with pytest.raises(IntegrityError):
            db.session.execute(
                sa.insert(AuditEntry).values(
                    created_at=first.created_at,
                    action="vork",
                    prev_hash=first.prev_hash,
                    hash="f" * 64,
                )
            )
        db.session.rollback()


def test_concurrent_writers_are_serialised(app):
    """PostgreSQL: an advisory lock; SQLite: the write lock taken before the last hash is read."""
    with app.app_context():
        engine = db.engine
        finished = threading.Event()
        errors: list[BaseException] = []

        def second_writer() -> None:
            try:
                with engine.begin() as connection:
                    append_entries(connection, [{"action": "tweede"}])
            except BaseException as error:  # noqa: BLE001 - reported by the main thread
                errors.append(error)
            finally:
                finished.set()

        with engine.connect() as connection:
            transaction = connection.begin()
            append_entries(connection, [{"action": "eerste"}])
            thread = threading.Thread(target=second_writer)
            thread.start()
            # The second writer waits for the first transaction's lock...
            assert not finished.wait(0.5)
            transaction.commit()
        # ...and then chains onto the committed entry instead of forking.
        thread.join(10)
        assert finished.is_set() and not errors
        entries = db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id)).all()
        assert [e.action for e in entries] == ["eerste", "tweede"]
        assert entries[1].prev_hash == entries[0].hash
        with engine.connect() as connection:
            assert verify_chain(connection).ok
