"""Refusals of the rounds feature, each a `DomainError` with a Dutch `message`.

A refusal raised in one place is a `RoundError` with its message at that place; a named
subclass is one that callers or tests tell apart.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from register.errors import DomainError


class RoundError(DomainError):
    """A refused round or round item."""


class NothingToDo(RoundError):
    message = _l("Er is niets te doen: deze selectie bevat geen licenties of overeenkomsten.")
