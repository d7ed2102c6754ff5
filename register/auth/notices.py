"""E-mail to a person about their own account: invitation, reset link, changes to it.

Sent through `register.mail.services.send_mail` (recorded, audited, delivered by a job after
the commit). Without a mail server configured (`REGISTER_MAIL_URL`) nothing is sent and the
callers fall back to showing or printing the one-time link.
"""

from __future__ import annotations

from flask import current_app

from register.auth.labels import role_label
from register.auth.models import TokenPurpose, User
from register.auth.permissions import must_have_second_factor
from register.auth.tokens import LIFETIME
from register.mail.links import external_url
from register.mail.services import send_mail


def mail_configured() -> bool:
    """Whether e-mail can be delivered (REGISTER_MAIL_URL is set)."""
    return bool(current_app.config.get("MAIL_URL"))


def send_invitation(user: User, raw_token: str) -> bool:
    """E-mail the invitation link; False (nothing sent) when no mail server is configured."""
    if not mail_configured():
        return False
    send_mail(
        template="invitation",
        to=[user],
        context={
            "link": external_url("auth.set_password", token=raw_token),
            "hours": int(LIFETIME[TokenPurpose.INVITE].total_seconds() // 3600),
            "role": role_label(user.role),
            "second_factor": must_have_second_factor(user),
        },
        about=user,
    )
    return True


def send_reset_link(user: User, raw_token: str, minutes: int) -> bool:
    """E-mail a link to choose a new password (the "forgot password" request)."""
    if not mail_configured():
        current_app.logger.warning("password reset requested but REGISTER_MAIL_URL is not set")
        return False
    send_mail(
        template="password_reset",
        to=[user],
        context={"link": external_url("auth.set_password", token=raw_token), "minutes": minutes},
        about=user,
    )
    return True


def send_password_changed(user: User) -> bool:
    """Tell the user their password was reset and their other sessions ended."""
    if not mail_configured():
        return False
    send_mail(template="password_changed", to=[user], context={}, about=user)
    return True


def send_second_factor_reset(user: User) -> bool:
    """Tell the user an admin removed their second factor."""
    if not mail_configured():
        return False
    send_mail(template="second_factor_reset", to=[user], context={}, about=user)
    return True
