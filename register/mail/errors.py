"""Refusals of sending a message, in Dutch."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from register.errors import DomainError


class NoRecipient(DomainError):
    message = _l("Er is geen ontvanger voor dit bericht.")
