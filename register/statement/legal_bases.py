"""Legal bases in plain Dutch, as a privacy statement tells them to the data subject."""

from __future__ import annotations

import re

from flask_babel import gettext as _

# "AVG art. 6 lid 1 sub a", "art. 6 lid 1 onder a", "Art. 6(1)(a)", "artikel 6, eerste lid, a"
_ARTICLE_6 = re.compile(
    r"\b(?:art(?:ikel)?\.?)\s*6\s*(?:,?\s*(?:lid\s*1|eerste\s+lid)|\(1\))\s*,?\s*"
    r"(?:sub|onder|\()?\s*([a-f])\b",
    re.IGNORECASE,
)

# Words in a legal-basis label that identify the ground when its reference is missing.
_LABEL_HINTS = (
    ("toestemming", "a"),
    ("overeenkomst", "b"),
    ("wettelijke verplichting", "c"),
    ("vita", "d"),
    ("algemeen belang", "e"),
    ("openbaar gezag", "e"),
    ("gerechtvaardigd", "f"),
)


def article_6_ground(label: str, reference: str) -> str | None:
    """The letter (a-f) of the art. 6(1) ground a legal-basis term stands for, if known."""
    match = _ARTICLE_6.search(reference or "") or _ARTICLE_6.search(label or "")
    if match:
        return match.group(1).lower()
    lowered = (label or "").lower()
    for hint, letter in _LABEL_HINTS:
        if hint in lowered:
            return letter
    return None


def _ground_phrase(letter: str) -> str:
    phrases = {
        "a": _("op basis van uw toestemming"),
        "b": _("omdat dit nodig is om de overeenkomst met u uit te voeren"),
        "c": _("omdat de wet ons daartoe verplicht"),
        "d": _("om uw vitale belangen of die van een ander te beschermen"),
        "e": _("omdat dit nodig is voor een taak van algemeen belang"),
        "f": _("op basis van ons gerechtvaardigd belang"),
    }
    return phrases[letter]


def phrase_legal_basis(
    label: str | None,
    reference: str = "",
    *,
    legitimate_interest: str = "",
    special_condition: str | None = None,
) -> str:
    """One purpose's legal basis as a plain Dutch phrase with its article in brackets."""
    if not label:
        return _("de grondslag is nog niet vastgelegd")
    letter = article_6_ground(label, reference)
    if letter is None:
        phrase = _("op basis van: %(basis)s", basis=label)
        if reference:
            phrase += f" ({reference})"
    else:
        phrase = _(
            "%(phrase)s (AVG art. 6 lid 1 sub %(letter)s)",
            phrase=_ground_phrase(letter),
            letter=letter,
        )
        if letter == "f" and legitimate_interest.strip():
            phrase += _(": %(interest)s", interest=legitimate_interest.strip())
    if special_condition:
        phrase += _(
            "; voor bijzondere persoonsgegevens: %(condition)s (AVG art. 9 lid 2)",
            condition=special_condition,
        )
    return phrase


def provision_phrase(letter: str) -> str:
    """Whether providing the data is required and what follows if not (GDPR art. 13(2)(e)),
    as far as the art. 6(1) ground `letter` tells it; empty when it does not."""
    phrases = {
        "a": _(
            "Het geven van deze gegevens is vrijwillig. Zonder deze gegevens kunnen wij dit "
            "niet voor u doen; verder heeft het geen gevolgen."
        ),
        "b": _(
            "Deze gegevens zijn nodig om de overeenkomst met u uit te voeren. U bent niet "
            "verplicht ze te geven, maar zonder deze gegevens kunnen wij de overeenkomst niet "
            "uitvoeren."
        ),
        "c": _(
            "De wet verplicht ons deze gegevens te verwerken. Zonder deze gegevens kunnen wij "
            "niet aan die verplichting voldoen en u deze dienst niet leveren."
        ),
        "f": _(
            "U bent niet verplicht deze gegevens te geven. U kunt bezwaar maken tegen deze "
            "verwerking."
        ),
    }
    return phrases.get(letter, "")
