"""Every table that derived data reads from is declared on its model (`register.derived`).

The drift compares the product fragments `current_fragments` builds; the completeness counts
use the facts `load_facts` reads. A table either of them queries whose model does not
declare what it feeds would go stale silently: these tests run both against a seeded
register, collect the tables of every SQL statement, and ask each model for its declaration.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.sql.util import find_tables

from register.activities.facts import load_facts
from register.agreements.documents.snapshot import current_fragments
from register.db import Base
from register.derived import Derived, feeds
from register.extensions import db


@contextmanager
def tables_read() -> Iterator[set[sa.Table]]:
    """The tables named by every statement executed inside the block."""
    found: set[sa.Table] = set()

    def collect(conn: Any, clause: Any, *args: Any) -> None:
        if isinstance(clause, sa.ClauseElement):
            found.update(
                t for t in find_tables(clause, include_joins=True) if isinstance(t, sa.Table)
            )

    engine = db.engine
    event.listen(engine, "before_execute", collect)
    try:
        yield found
    finally:
        event.remove(engine, "before_execute", collect)


def _declaring_classes(table: sa.Table) -> list[type]:
    """The model of `table`, or for an association table the models whose lists use it."""
    # Compared by name: the ORM hands statements annotated copies of its tables.
    owners = [m.class_ for m in Base.registry.mappers if m.local_table.name == table.name]
    if owners:
        return owners
    return [
        m.class_
        for m in Base.registry.mappers
        for rel in m.relationships
        if rel.secondary is not None and getattr(rel.secondary, "name", None) == table.name
    ]


def _undeclared(tables: set[sa.Table], kind: Derived) -> list[str]:
    missing = []
    for table in tables:
        classes = _declaring_classes(table)
        if not classes or not all(kind in feeds(cls) for cls in classes):
            missing.append(table.name)
    return sorted(missing)


READERS: dict[Derived, Callable[[Any], Any]] = {
    Derived.DRIFT: current_fragments,
    Derived.COMPLETENESS: load_facts,
}


@pytest.mark.parametrize("kind", list(READERS), ids=lambda kind: kind.value)
def test_every_table_derived_data_reads_declares_it(app, reg, kind):
    with app.app_context():
        db.session.expire_all()
        with tables_read() as tables:
            READERS[kind](db.session)
        assert tables, "the reader ran no query: the seeded register is empty"
        assert _undeclared(tables, kind) == []


def test_an_undeclared_table_is_reported(app, reg):
    with app.app_context():
        with tables_read() as tables:
            current_fragments(db.session)
        assert "activity" in {t.name for t in tables}
        assert _undeclared(tables, Derived.COMPLETENESS) != []
