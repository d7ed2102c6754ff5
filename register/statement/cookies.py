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


def _check(session: Session, data: CookieCommand, current: Cookie | None) -> None:
    if data.legal_basis_id is not None:
        term = session.get(Term, data.legal_basis_id)
        if term is None or term.vocabulary is not Vocabulary.LEGAL_BASIS:
            raise UnknownChoice(field="legal_basis_id")
    if data.activity_id is not None and session.get(Activity, data.activity_id) is None:
        raise UnknownChoice(field="activity_id")
    clash = session.scalar(
        sa.select(Cookie.id).where(
            sa.func.lower(Cookie.name) == data.name.lower(),
            sa.func.lower(Cookie.provider) == data.provider.lower(),
        )
    )
    if clash is not None and (current is None or clash != current.id):
        raise StatementError(
            _l("Er staat al een cookie met deze naam van deze aanbieder in het register."),
            field="name",
        )


def _apply(cookie: Cookie, data: CookieCommand) -> None:
    cookie.name = data.name
    cookie.provider = data.provider
    cookie.purpose = data.purpose
    cookie.kind = data.kind
    cookie.retention = data.retention
    cookie.legal_basis_id = data.legal_basis_id
    cookie.ground = data.ground
    cookie.activity_id = data.activity_id


def create_cookie(session: Session, data: CookieCommand) -> Cookie:
    """Record a cookie."""
    _check(session, data, None)
    cookie = Cookie()
    _apply(cookie, data)
    session.add(cookie)
    session.flush()
    return cookie


def update_cookie(session: Session, cookie: Cookie, data: CookieCommand, *, version: int) -> Cookie:
    """Change a cookie's record, refused when someone else changed it since `version`."""
    if version != cookie.version:
        raise CookieStale()
    _check(session, data, cookie)
    _apply(cookie, data)
    session.flush()
    return cookie


def delete_cookie(session: Session, cookie: Cookie, *, version: int) -> None:
    """Remove a cookie the websites no longer place (published versions keep it)."""
    if version != cookie.version:
        raise CookieStale()
    session.delete(cookie)
    session.flush()
