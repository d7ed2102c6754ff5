"""Refusals of the cookie register and of publishing the statement, each a `DomainError`.

A refusal raised in one place is a `StatementError` with its Dutch message at that place; a
named subclass is one that several places raise or that the views name.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from register.errors import DomainError, Stale


class StatementError(DomainError):
    """A refused change to the cookie register or refused publication of the statement."""


class UnknownChoice(StatementError):
    message = _l("Kies een waarde uit de lijst.")


class CookieStale(Stale):
    message = _l(
        "Deze cookie is intussen door iemand anders gewijzigd. Bekijk de huidige gegevens en "
        "breng uw wijziging opnieuw aan."
    )


class StatementChanged(Stale):
    message = _l(
        "Het register is gewijzigd terwijl u de wijzigingen bekeek. Bekijk de wijzigingen "
        "opnieuw voordat u publiceert."
    )
