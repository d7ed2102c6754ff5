""" "Wachtwoord vergeten?": a self-service reset link by e-mail.

The answer is the same whether or not the address has an account; the link is single-use and
lives 30 minutes; requests are limited per address and per IP address (counted from the audit
trail, so the limit holds across workers); every request is audited. Choosing the new
password goes through the ordinary one-time-link page, which ends the other sessions and
tells the user by e-mail (`register/auth/services.py`, `redeem_token`).
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from register.audit.models import AuditEntry
from register.audit.recorder import record_event
from register.auth.errors import AuthError
from register.auth.models import TokenPurpose
from register.auth.notices import send_reset_link
from register.auth.services import find_user_by_email
from register.auth.tokens import issue_token
from register.db import utcnow
from register.extensions import db

RESET_LIFETIME = dt.timedelta(minutes=30)
WINDOW = dt.timedelta(hours=1)
MAX_PER_ADDRESS = 3
MAX_PER_IP = 10
REQUESTED = "password_reset_requested"


class TooManyResetRequests(AuthError):
    message = _l(
        "Er zijn te veel aanvragen voor een nieuw wachtwoord gedaan. Probeer het over een uur "
        "opnieuw."
    )
    field = "email"


def request_password_reset(email: str, ip: str) -> None:
    """Audit the request and, for an active account, e-mail a 30-minute reset link."""
    address = email.strip().lower()[:200]
    _refuse_when_throttled(address, ip)
    record_event(db.session, REQUESTED, entity_type="user", summary=address)
    user = find_user_by_email(address)
    if user is None or not user.is_active:
        return
    purpose = TokenPurpose.RESET if user.password_hash else TokenPurpose.INVITE
    raw = issue_token(user, purpose, lifetime=RESET_LIFETIME)
    send_reset_link(user, raw, int(RESET_LIFETIME.total_seconds() // 60))


def _refuse_when_throttled(address: str, ip: str) -> None:
    recent = (
        sa.select(sa.func.count())
        .select_from(AuditEntry)
        .where(AuditEntry.action == REQUESTED, AuditEntry.created_at >= utcnow() - WINDOW)
    )
    by_address = db.session.scalar(recent.where(AuditEntry.summary == address)) or 0
    by_ip = (db.session.scalar(recent.where(AuditEntry.ip == ip)) or 0) if ip else 0
    if by_address >= MAX_PER_ADDRESS or by_ip >= MAX_PER_IP:
        record_event(db.session, "password_reset_throttled", entity_type="user", summary=address)
        raise TooManyResetRequests()
