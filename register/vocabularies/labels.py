"""Dutch names and URL slugs of the vocabularies."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from register.vocabularies.models import Vocabulary

# Vocabulary -> (URL slug, Dutch name, short explanation).
VOCABULARIES = {
    Vocabulary.PURPOSE: ("doelen", _l("Doelen"), _l("Waarvoor persoonsgegevens worden verwerkt.")),
    Vocabulary.LEGAL_BASIS: (
        "grondslagen",
        _l("Grondslagen"),
        _l("De grondslagen van AVG art. 6 lid 1 (a–f)."),
    ),
    Vocabulary.SPECIAL_CONDITION: (
        "uitzonderingsgronden",
        _l("Uitzonderingsgronden bijzondere gegevens"),
        _l("De uitzonderingen van AVG art. 9 lid 2 (a–j)."),
    ),
    Vocabulary.DATA_SUBJECT: (
        "betrokkenen",
        _l("Categorieën betrokkenen"),
        _l("Van wie persoonsgegevens worden verwerkt."),
    ),
    Vocabulary.DATA_CATEGORY: (
        "persoonsgegevens",
        _l("Categorieën persoonsgegevens"),
        _l("Welke gegevens; met kenmerken bijzonder, strafrechtelijk en identificatienummer."),
    ),
    Vocabulary.RECIPIENT_CATEGORY: (
        "ontvangers",
        _l("Categorieën ontvangers"),
        _l("Aan wie gegevens worden verstrekt."),
    ),
    Vocabulary.TRANSFER_MECHANISM: (
        "doorgiftemechanismen",
        _l("Doorgiftemechanismen"),
        _l("Waarborgen voor doorgifte buiten de EER (AVG hoofdstuk V)."),
    ),
    Vocabulary.SECURITY_MEASURE: (
        "beveiligingsmaatregelen",
        _l("Beveiligingsmaatregelen"),
        _l("Technische en organisatorische maatregelen (AVG art. 32), per groep."),
    ),
}
BY_SLUG = {slug: vocabulary for vocabulary, (slug, _name, _help) in VOCABULARIES.items()}
