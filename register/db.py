"""Typed declarative base, naming convention, column types, model mixins and `db`.

Type checking Flask-SQLAlchemy (a documented workaround, here only, instead of ignores
scattered over the code): `db.Model` is a class Flask-SQLAlchemy builds at run time from our
`Base`, and `db.session` is a `scoped_session` that proxies every `Session` method.
Type checkers cannot use `db.Model` as a base class (flask-sqlalchemy #1186) and see
`scoped_session[...]` where services declare `Session`. So models subclass `Model`, which
is `db.Model` at run time and our typed `Base` for the type checker, and `db` is a
`Database`, whose `session` the type checker sees as the `Session` it proxies.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

import sqlalchemy as sa
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    QueryableAttribute,
    Session,
    mapped_column,
    registry,
    scoped_session,
)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def contains(
    text: str, *columns: sa.ColumnElement[Any] | QueryableAttribute[Any]
) -> sa.ColumnElement[bool]:
    """Any of `columns` contains `text`, case-insensitively; `%`, `_` and `\\` match literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    pattern = f"%{escaped}%"
    return sa.or_(*(column.ilike(pattern, escape="\\") for column in columns))


def every_row(session: Session, model: Any, ids: Iterable[int]) -> list[Any] | None:
    """The rows of `model` with the chosen `ids`; None when one of them does not exist (any
    more)."""
    wanted = set(ids)
    found = list(session.scalars(sa.select(model).where(model.id.in_(wanted))))
    return found if len(found) == len(wanted) else None


def utcnow() -> dt.datetime:
    """Return the current time as an aware UTC datetime."""
    return dt.datetime.now(dt.UTC)


def current_session() -> Session:
    """The application's session as a typed `Session`, for passing to services.

    `db.session` is flask-sqlalchemy's scoped proxy; calling it returns the session of the
    current application context, which the services (typed `Session`) take.
    """
    from register.extensions import db  # extensions builds `db` on this module's Base

    # `db.session` is typed as the `Session` it proxies (see above); here we need the proxy.
    proxy = cast("scoped_session[Session]", db.session)
    return proxy()


class UTCDateTime(sa.TypeDecorator[dt.datetime]):
    """A timezone-aware datetime stored in UTC; SQLite's naive values come back as UTC."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; use register.db.utcnow()")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


def enum_column(enum_class: type[enum.Enum]) -> sa.Enum:
    """Store an enum by its value as a short string with a CHECK constraint."""
    return sa.Enum(
        enum_class,
        native_enum=False,
        create_constraint=True,
        length=max(len(m.value) for m in enum_class),
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
        name=enum_class.__name__.lower(),
    )


class Base(DeclarativeBase):
    """Declarative base with stable constraint names and the project's type map."""

    registry = registry(
        metadata=sa.MetaData(naming_convention=NAMING_CONVENTION),
        type_annotation_map={
            dt.datetime: UTCDateTime(),
            dict[str, Any]: sa.JSON(),
            list[Any]: sa.JSON(),
        },
    )


class Database(SQLAlchemy):
    """Flask-SQLAlchemy, with `session` typed as the `Session` it proxies (see above)."""

    if TYPE_CHECKING:
        session: Session  # type: ignore[assignment]  # a scoped_session[Session] at run time


db = Database(model_class=Base)

if TYPE_CHECKING:
    Model = Base
else:
    Model = db.Model


def table_of(model: type[Base]) -> sa.Table:
    """The `Table` a model is mapped to, for Core statements (compare-and-set, bulk writes).

    `__table__` is typed `FromClause` because a model may map any selectable; ours all map a
    `Table`, whose `update()` and `insert()` the Core statements need.
    """
    table = model.__table__
    assert isinstance(table, sa.Table), f"{model.__name__} is not mapped to a Table"
    return table


class TimestampMixin:
    """Creation and last-change times, set by callables at insert/update."""

    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
