"""Dutch names of the roles, for pages, forms and the CLI."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from register.auth.models import AuthMethod, UserRole

ROLE_LABELS = {
    UserRole.ADMIN: _l("Beheerder"),
    UserRole.PRIVACY: _l("Privacy-medewerker"),
    UserRole.AUDITOR: _l("Auditor"),
    UserRole.CONTRACT_MANAGER: _l("Contractbeheerder school"),
}


def role_label(role: UserRole | str | None) -> str:
    """The Dutch name of a role (also accepts the stored value)."""
    if role is None:
        return ""
    if isinstance(role, str):
        stored = role
        try:
            role = UserRole(stored)
        except ValueError:
            return stored
    return str(ROLE_LABELS[role])


AUTH_METHOD_LABELS = {
    AuthMethod.PASSWORD: _l("wachtwoord"),
    AuthMethod.PASSWORD_TOTP: _l("wachtwoord en code uit een authenticator-app (TOTP)"),
    AuthMethod.PASSWORD_RECOVERY_CODE: _l("wachtwoord en herstelcode"),
    AuthMethod.PASSKEY: _l("wachtwoord en passkey of beveiligingssleutel (WebAuthn)"),
    AuthMethod.SSO: _l("aanmelding via de eigen instelling (OpenID Connect)"),
}


def auth_method_label(method: AuthMethod | str | None) -> str:
    """The Dutch description of how someone signed in (also accepts the stored value).

    A stored `sso:<acr>` names the identity provider's assurance level too.
    """
    level = ""
    if isinstance(method, str) and ":" in method:
        method, level = method.split(":", 1)
    try:
        label = str(AUTH_METHOD_LABELS[AuthMethod(method)])
    except ValueError:
        return str(method or "")
    if level:
        return _("%(method)s, betrouwbaarheidsniveau %(level)s", method=label, level=level)
    return label
