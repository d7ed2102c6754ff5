"""Refusals of the breach register, in Dutch."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from register.errors import DomainError


class BreachError(DomainError):
    """A refused change to a breach."""


class BreachClosed(BreachError):
    message = _l("Dit datalek is afgesloten en kan niet meer worden gewijzigd.")
