"""One result per form: the token a create form carries, claimed with what it created.

A create form gets a one-time token when it is shown (`register.forms.CreateForm`). The
view that creates something claims the token with the created object's address in the same
transaction (`commit_created`); the token's uniqueness constraint makes a second post of the
same form (double click, Back and resubmit, a retry after a time-out) find the first result
(`first_result`) instead of creating a twin, also when the two posts race.

Not `__audit__`: the created object is audited; the token only points at it.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any, Protocol

import sqlalchemy as sa
from flask import flash, redirect, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.wrappers import Response

from register.db import Model, utcnow
from register.extensions import db

TOKEN_LENGTH = 43  # secrets.token_urlsafe(32)


def new_form_token() -> str:
    """A fresh, unguessable token for one showing of a create form."""
    return secrets.token_urlsafe(32)


class FormToken(Model):
    """A create form's token and where the object it created lives."""

    __tablename__ = "form_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(sa.String(TOKEN_LENGTH), unique=True)
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), index=True
    )
    location: Mapped[str] = mapped_column(sa.String(500))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class HasToken(Protocol):
    """A create form (`register.forms.CreateForm`)."""

    form_token: Any


def _posted_token(form: HasToken) -> str | None:
    if request.method != "POST":
        return None
    posted = form.form_token.raw_data or []  # not the fresh default of a post without one
    token = str(posted[0]).strip() if posted else ""
    return token if 0 < len(token) <= TOKEN_LENGTH else None


def _user_id() -> int | None:
    return current_user.id if current_user.is_authenticated else None


def first_result(form: HasToken) -> Response | None:
    """A redirect to what this form already created, when its token was claimed before."""
    return _claimed(_posted_token(form))


def _claimed(token: str | None) -> Response | None:
    if token is None:
        return None
    location = db.session.scalar(sa.select(FormToken.location).where(FormToken.token == token))
    if location is None:
        return None
    flash(_("Dit formulier was al opgeslagen; u ziet het resultaat van de eerste keer."), "info")
    return redirect(location)


def commit_created(form: HasToken, location: str) -> Response | None:
    """Claim the token for `location` and commit once.

    Returns None when this post created the object; when a twin post claimed the token
    first, everything of this post is rolled back and the redirect to the twin's result is
    returned.
    """
    token = _posted_token(form)
    if token is not None:
        db.session.add(FormToken(token=token, user_id=_user_id(), location=location))
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        twin = _claimed(token)
        if twin is None:
            raise
        return twin
    return None
