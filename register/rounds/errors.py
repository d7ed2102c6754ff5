"""Named refusals of the rounds feature, each a `DomainError` with a Dutch `message`."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from register.errors import DomainError


class NothingToDo(DomainError):
    message = _l("Er is niets te doen: deze selectie bevat geen licenties of overeenkomsten.")


class RoundOverlaps(DomainError):
    message = _l(
        "Tegelijk is een andere ronde gestart met dezelfde licenties of overeenkomsten. Er is "
        "niets opgeslagen; bekijk de selectie opnieuw."
    )


class RoundFinished(DomainError):
    message = _l("Deze ronde is al afgerond.")


class AlreadyCovered(DomainError):
    message = _l("De school heeft intussen al een overeenkomst voor dit product.")
