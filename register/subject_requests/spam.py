"""Spam checks for the public request form, without an outside captcha service.

Two checks, both of which keep what the visitor typed so that a real person only has to
press the button again:

- a honeypot field that people do not see (and assistive technology skips) but form-filling
  robots do fill in;
- a signed time stamp issued with the form: a submission within `MIN_SECONDS` of showing
  the form (robots post at once) or older than `MAX_AGE` is refused with a fresh stamp.
"""

from __future__ import annotations

import time

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

MIN_SECONDS = 3
MAX_AGE = 2 * 60 * 60
_SALT = "subject-request-form"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def issue_stamp(now: float | None = None) -> str:
    """A signed stamp of the moment the form is shown."""
    return _serializer().dumps({"t": now if now is not None else time.time()})


def stamp_problem(stamp: str, now: float | None = None) -> str | None:
    """Why the stamp is refused ("missing", "too_fast", "expired") or None when it holds."""
    if not stamp:
        return "missing"
    try:
        payload = _serializer().loads(stamp)
    except BadSignature:
        return "expired"
    shown = payload.get("t") if isinstance(payload, dict) else None
    if not isinstance(shown, (int, float)):
        return "missing"
    elapsed = (now if now is not None else time.time()) - shown
    if elapsed < MIN_SECONDS:
        return "too_fast"
    if elapsed > MAX_AGE:
        return "expired"
    return None
