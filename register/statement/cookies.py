"""The cookie register: what privacy staff record about each cookie the websites place."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from register.activities.models import Activity
from register.statement.errors import CookieStale, StatementError, UnknownChoice
from register.statement.models import Cookie, CookieKind
from register.vocabularies.models import Term, Vocabulary


@dataclass(frozen=True)
class CookieCommand:
    name: str
    provider: str
    purpose: str
    kind: CookieKind
    retention: str
    legal_basis_id: int | None
    ground: str
    activity_id: int | None


def _check(session: Session, command: CookieCommand, current: Cookie | None) -> None:
    if command.legal_basis_id is not None:
        term = session.get(Term, command.legal_basis_id)
        if term is None or term.vocabulary is not Vocabulary.LEGAL_BASIS:
            raise UnknownChoice(field="legal_basis_id")
    if command.activity_id is not None and session.get(Activity, command.activity_id) is None:
        raise UnknownChoice(field="activity_id")
    clash = session.scalar(
        sa.select(Cookie.id).where(
            sa.func.lower(Cookie.name) == command.name.lower(),
            sa.func.lower(Cookie.provider) == command.provider.lower(),
        )
    )
    if clash is not None and (current is None or clash != current.id):
        raise StatementError(
            _l("Er staat al een cookie met deze naam van deze aanbieder in het register."),
            field="name",
        )


def _apply(cookie: Cookie, command: CookieCommand) -> None:
    cookie.name = command.name
    cookie.provider = command.provider
    cookie.purpose = command.purpose
    cookie.kind = command.kind
    cookie.retention = command.retention
    cookie.legal_basis_id = command.legal_basis_id
    cookie.ground = command.ground
    cookie.activity_id = command.activity_id


def create_cookie(session: Session, command: CookieCommand) -> Cookie:
    """Record a cookie."""
    _check(session, command, None)
    cookie = Cookie()
    _apply(cookie, command)
    session.add(cookie)
    session.flush()
    return cookie


def update_cookie(
    session: Session, cookie: Cookie, command: CookieCommand, *, version: int
) -> Cookie:
    """Change a cookie's record, refused when someone else changed it since `version`."""
    if version != cookie.version:
        raise CookieStale()
    _check(session, command, cookie)
    _apply(cookie, command)
    session.flush()
    return cookie


def delete_cookie(session: Session, cookie: Cookie, *, version: int) -> None:
    """Remove a cookie the websites no longer place (published versions keep it)."""
    if version != cookie.version:
        raise CookieStale()
    session.delete(cookie)
    session.flush()
