"""The development mailbox: what the local SMTP sink caught (404 in production)."""

from __future__ import annotations

import re
from pathlib import Path

from flask import abort, current_app, render_template
from werkzeug.wrappers import Response

from register.auth.access import require
from register.auth.permissions import can_manage_agreements
from register.mail import bp
from register.mail.sink import read_mailbox, read_message, sink_folder

_FILE_NAME = re.compile(r"^[0-9T]{21}-[0-9]{5}\.eml$")
# The message's own HTML, shown as it is, but unable to run script or load anything.
_MESSAGE_POLICY = "sandbox; default-src 'none'; style-src 'unsafe-inline'"


def mailbox_folder() -> Path:
    """Where the sink writes; the pages exist only outside production."""
    if current_app.config["REGISTER_ENV"] == "production":
        abort(404)
    return sink_folder(current_app)


def _load(name: str) -> tuple[Path, str]:
    folder = mailbox_folder()
    if not _FILE_NAME.match(name) or not (folder / name).is_file():
        abort(404)
    return folder, name


@bp.get("/")
@require(can_manage_agreements)
def index() -> str:
    """Every message the development SMTP sink caught, newest first."""
    return render_template("mail/dev/index.html", messages=read_mailbox(mailbox_folder()))


@bp.get("/<name>")
@require(can_manage_agreements)
def show(name: str) -> str:
    """One caught message: its headers and plain text, and its HTML beside it."""
    folder, name = _load(name)
    return render_template("mail/dev/show.html", name=name, message=read_message(folder / name))


@bp.get("/<name>/html")
@require(can_manage_agreements)
def html(name: str) -> Response:
    """The HTML part of a caught message, sandboxed."""
    folder, name = _load(name)
    part = read_message(folder / name).get_body(preferencelist=("html",))
    body = str(part.get_content()) if part is not None else ""
    response = Response(body, mimetype="text/html")
    response.headers["Content-Security-Policy"] = _MESSAGE_POLICY
    return response
