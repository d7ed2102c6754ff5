"""Dutch names of roles and sign-in methods, also from their stored values (pages, CLI)."""

from __future__ import annotations

from flask_babel import gettext as _

from register.auth.models import AuthMethod, UserRole


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
    return str(role.label)


def auth_method_label(method: AuthMethod | str | None) -> str:
    """The Dutch description of how someone signed in (also accepts the stored value).

    A stored `sso:<acr>` names the identity provider's assurance level too.
    """
    level = ""
    if isinstance(method, str) and ":" in method:
        method, level = method.split(":", 1)
    try:
        label = str(AuthMethod(method).label)
    except ValueError:
        return str(method or "")
    if level:
        return _("%(method)s, betrouwbaarheidsniveau %(level)s", method=label, level=level)
    return label
