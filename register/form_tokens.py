"""One result per form: the token a create form carries, claimed with what it created.

A create form gets a one-time token when it is shown (`register.forms.CreateForm`). The
view that creates something claims the token with the created object's address in the same
transaction (`commit_created`); the token's uniqueness constraint makes a second post of the
same form (double click, a retry after a time-out) find the first result (`first_result`)
instead of creating a twin, also when the two posts race.

Back and resubmit needs more than the token: create pages are sent with `no-store` (nothing
personal is cached), so Back fetches the form again with a fresh token while the browser
restores the typed values. The claim therefore also stores the post's fingerprint (a keyed
hash of the address and every submitted value but the tokens): the same user posting the same
values to the same address within `FORM_REPEAT_MINUTES` finds the first result too. This
holds without JavaScript and whatever the browser's back/forward cache does; a form posted
with any value changed creates anew, and so does a bare post without a token (not a form
that was shown).

Claims are kept `FORM_TOKEN_RETENTION_DAYS`; the nightly task in `register.jobs.housekeeping`
deletes older ones.

Not `__audit__`: the created object is audited; the token only points at it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from typing import Any, Protocol

import sqlalchemy as sa
from flask import current_app, flash, redirect, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.wrappers import Response
from wtforms import HiddenField

from register.db import Model, utcnow
from register.extensions import db

TOKEN_LENGTH = 43  # secrets.token_urlsafe(32)
_TOKEN = re.compile(rf"[A-Za-z0-9_-]{{1,{TOKEN_LENGTH}}}")


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
    # Keyed hash of the post (`fingerprint`): a repeat with a fresh token finds this claim.
    fingerprint: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)


class HasToken(Protocol):
    """A create form (`register.forms.CreateForm`)."""

    form_token: Any


class FormTokenField(HiddenField):
    """The hidden field that carries the token. A posted value that `new_form_token` cannot
    have made (tampered with, or holding a NUL) is not kept: the form shows a fresh token
    again, so the post is refused only for what the user can see and mend."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        self.data = _ours(valuelist) or new_form_token()


def _ours(posted: list[Any]) -> str | None:
    """The posted token if `new_form_token` can have made it. Anything else (a NUL, which
    PostgreSQL refuses in a query) was never ours: it is neither looked up nor shown again."""
    token = str(posted[0]).strip() if posted else ""
    return token if _TOKEN.fullmatch(token) else None


def _posted_token(form: HasToken) -> str | None:
    if request.method != "POST":
        return None
    # The posted value, not the fresh token that replaces one that is not ours: such a post
    # counts as one without a token.
    return _ours(form.form_token.raw_data or [])


def _user_id() -> int | None:
    return current_user.id if current_user.is_authenticated else None


UNHASHED = frozenset({"csrf_token", "form_token"})  # differ between showings of one form


def fingerprint() -> str | None:
    """A keyed hash of this post: its address and every submitted value but the tokens.

    Equal for a repeat of the same form with the same values (whatever its token), different
    as soon as one value differs. Keyed with the secret key, so the stored hash does not give
    away what was typed. None for an anonymous post: two people may send the same.
    """
    user_id = _user_id()
    if request.method != "POST" or user_id is None:
        return None
    digest = hmac.new(str(current_app.secret_key).encode(), digestmod=hashlib.sha256)
    parts: list[str] = [str(user_id), request.full_path]
    for name in sorted(set(request.form) - UNHASHED):
        values = request.form.getlist(name)
        parts += [name, str(len(values)), *values]
    for name in sorted(request.files):
        for upload in request.files.getlist(name):
            content = upload.stream.read()
            upload.stream.seek(0)
            parts += [name, upload.filename or "", hashlib.sha256(content).hexdigest()]
    for part in parts:  # length-prefixed: no two different posts give the same bytes
        encoded = part.encode()
        digest.update(b"%d:" % len(encoded) + encoded)
    return digest.hexdigest()


def first_result(form: HasToken) -> Response | None:
    """A redirect to what this form already created: when its token was claimed before, or
    when the same user posted the same values here a moment ago (`FORM_REPEAT_MINUTES`)."""
    token = _posted_token(form)
    if token is None:  # not a shown form (a bare post): nothing to recognise it by
        return None
    return _claimed(token) or _repeated(fingerprint())


def _claimed(token: str | None) -> Response | None:
    if token is None:
        return None
    return _shown(db.session.scalar(sa.select(FormToken.location).where(FormToken.token == token)))


def _repeated(posted: str | None) -> Response | None:
    minutes = int(current_app.config["FORM_REPEAT_MINUTES"])
    if posted is None or minutes <= 0:
        return None
    since = utcnow() - dt.timedelta(minutes=minutes)
    return _shown(
        db.session.scalar(
            sa.select(FormToken.location)
            .where(
                FormToken.fingerprint == posted,
                FormToken.user_id == _user_id(),
                FormToken.created_at >= since,
            )
            .order_by(FormToken.created_at.desc(), FormToken.id.desc())
            .limit(1)
        )
    )


def _shown(location: str | None) -> Response | None:
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
        db.session.add(
            FormToken(token=token, user_id=_user_id(), location=location, fingerprint=fingerprint())
        )
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        twin = _claimed(token)
        if twin is None:
            raise
        return twin
    return None


def delete_old_claims(*, older_than: dt.timedelta, now: dt.datetime | None = None) -> int:
    """Delete the claims made longer than `older_than` ago; return how many (no commit)."""
    cutoff = (now or utcnow()) - older_than
    deleted = db.session.execute(sa.delete(FormToken).where(FormToken.created_at < cutoff))
    return int(getattr(deleted, "rowcount", 0) or 0)
