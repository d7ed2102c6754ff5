"""Typed declarative base, naming convention, column types, labelled enums, model mixins, `db`.

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
from typing import TYPE_CHECKING, Any, Self, cast

import sqlalchemy as sa
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    QueryableAttribute,
    Session,
    declared_attr,
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


class LabelledEnum(enum.Enum):
    """An enum whose members carry their Dutch label: `DRAFT = "draft", _l("Concept")`.

    `value` is the stored string; `label` is the lazy label (a msgid for Flask-Babel), shown
    in the reader's language wherever it is rendered, so no feature keeps a label dict of its
    own. `labels()` lists them in declaration order, for form choices and templates.
    """

    _value_: str
    label: Any  # flask_babel's LazyString (untyped)

    if TYPE_CHECKING:  # for type checkers a member is looked up by its value: `Status("draft")`

        def __new__(cls, value: object) -> Self: ...

    else:

        def __new__(cls, value: str, label: Any) -> Self:
            member = object.__new__(cls)
            member._value_ = value
            member.label = label
            return member

    @classmethod
    def labels(cls) -> dict[Self, Any]:
        """Every member with its label, in declaration order."""
        return {member: member.label for member in cls}


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


def link_table(
    name: str,
    owner: str,
    target: str,
    *,
    owner_column: str | None = None,
    index: bool = True,
) -> sa.Table:
    """A many-to-many link table from the `owner` table's rows to the `target` table's.

    Its columns are `<owner>_id` (or `owner_column`) and `<target>_id`, together the primary
    key; a link is deleted with its owner's row. `index`: the target column is indexed too,
    for finding the owners of a target.
    """
    return sa.Table(
        name,
        db.metadata,
        sa.Column(
            owner_column or f"{owner}_id",
            sa.ForeignKey(f"{owner}.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(f"{target}_id", sa.ForeignKey(f"{target}.id"), primary_key=True, index=index),
    )


def table_of(model: type[Base]) -> sa.Table:
    """The `Table` a model is mapped to, for Core statements (compare-and-set, bulk writes).

    `__table__` is typed `FromClause` because a model may map any selectable; ours all map a
    `Table`, whose `update()` and `insert()` the Core statements need.
    """
    table = model.__table__
    assert isinstance(table, sa.Table), f"{model.__name__} is not mapped to a Table"
    return table


class EditableMixin:
    """A record users edit: when it was made and last changed, and its change counter.

    `version` is SQLAlchemy's `version_id_col` (optimistic locking): a flush that finds the
    row at another version raises `StaleDataError`; across requests the form carries the
    version (`register.audit.concurrency`).
    """

    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]
