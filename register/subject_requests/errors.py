"""Refusals of the data-subject request register, in Dutch."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from register.errors import DomainError


class RequestError(DomainError):
    """A refused change to a data-subject request."""


class RequestClosed(RequestError):
    message = _l("Dit verzoek is afgesloten en kan niet meer worden gewijzigd.")
