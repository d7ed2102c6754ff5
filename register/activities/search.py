"""Case-insensitive text search that behaves the same on SQLite and PostgreSQL.

SQLite's built-in lower() folds ASCII only ("É" stays "É"); on SQLite the search therefore
uses a Python lower() registered as the SQL function `register_lower` on every connection.
PostgreSQL's lower() already folds all of Unicode.
"""

from __future__ import annotations

import sqlite3
from typing import Any

import sqlalchemy as sa
from flask import Flask
from sqlalchemy import event
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from register.extensions import db


class unicode_lower(FunctionElement[str]):  # noqa: N801  (reads like an SQL function)
    """lower() for all of Unicode, on every supported database."""

    type = sa.String()
    inherit_cache = True


@compiles(unicode_lower)
def _lower_default(element: unicode_lower, compiler: Any, **kw: Any) -> str:
    return f"lower({compiler.process(element.clauses, **kw)})"


@compiles(unicode_lower, "sqlite")
def _lower_sqlite(element: unicode_lower, compiler: Any, **kw: Any) -> str:
    return f"register_lower({compiler.process(element.clauses, **kw)})"


def _python_lower(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


def _on_connect(dbapi_connection: Any, connection_record: Any) -> None:
    if isinstance(dbapi_connection, sqlite3.Connection):  # also register.sqlite's subclass
        dbapi_connection.create_function("register_lower", 1, _python_lower, deterministic=True)


def install_unicode_lower(app: Flask) -> None:
    """Register `register_lower` on the app's SQLite connections (no-op elsewhere)."""
    with app.app_context():
        engine = db.engine
        if engine.dialect.name == "sqlite" and not event.contains(engine, "connect", _on_connect):
            event.listen(engine, "connect", _on_connect)


def matches(columns: list[Any], query: str) -> sa.ColumnElement[bool]:
    """Any of `columns` contains `query`, ignoring case (LIKE wildcards are escaped)."""
    needle = query.lower()
    return sa.or_(*(unicode_lower(c).contains(needle, autoescape=True) for c in columns))
