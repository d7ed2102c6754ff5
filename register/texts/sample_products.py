"""Sample products for ``sample.py``: DOENIN and Scholing voor Arbeid (SVA).

Illustrative data in the shape of the context schema. The product descriptions, the
sub-processors (fictional companies) and the retention periods are examples, not statements
about the real products.
"""

from __future__ import annotations

from typing import Any

_BASIS_TASK = (
    "Artikel 6, eerste lid, onder e, AVG (taak van algemeen belang: het geven van onderwijs)"
)
_BASIS_EMPLOYMENT = "Artikel 6, eerste lid, onder b, AVG (uitvoering van de arbeidsovereenkomst)"
_BASIS_SECURITY = "Artikel 6, eerste lid, onder f, AVG (gerechtvaardigd belang: beveiliging)"

_HOSTING = {
    "name": "Voorbeeld Cloud Hosting B.V.",
    "service": "Hosting van de applicatie en de database (infrastructuur als dienst)",
    "location": "Amsterdam, Nederland (EER)",
    "safeguard": "Verwerkersovereenkomst; ISO/IEC 27001-certificering; versleuteling van "
    "opgeslagen gegevens; gegevens blijven in Nederland",
}
_MAIL = {
    "name": "Voorbeeld Mailservice GmbH",
    "service": "Verzending van systeemberichten (wachtwoordherstel, meldingen)",
    "location": "Frankfurt am Main, Duitsland (EER)",
    "safeguard": "Verwerkersovereenkomst; alleen naam en e-mailadres van de ontvanger",
}

_ACCESS = [
    {"who": "Leerling", "what": "Eigen profiel, eigen opdrachten, resultaten en portfolio"},
    {
        "who": "Docent of mentor",
        "what": "Gegevens, voortgang en resultaten van leerlingen in de eigen groepen",
    },
    {
        "who": "Schoolbeheerder",
        "what": "Accounts, groepen en koppelingen van de eigen onderwijsinstelling",
    },
    {
        "who": "Supportmedewerker KPC Groep",
        "what": "Alleen op verzoek van de school bij een supportvraag, met vastlegging van "
        "de inzage in de logbestanden",
    },
]

_RIGHTS = (
    "Verzoeken van betrokkenen worden door de school behandeld. De school kan gegevens zelf "
    "inzien, corrigeren, exporteren en verwijderen via het beheerscherm; waar dat niet "
    "kan, voert KPC Groep het verzoek op instructie van de school binnen vijf werkdagen uit. "
    "Verzoeken die KPC Groep rechtstreeks ontvangt, worden onverwijld aan de school "
    "doorgestuurd."
)


def _category(name: str, required: bool, purpose: str, retention: str) -> dict[str, Any]:
    return {"name": name, "required": required, "purpose": purpose, "retention": retention}


def _group(subject: str, *categories: dict[str, Any]) -> dict[str, Any]:
    return {"subject": subject, "categories": list(categories)}


def _purpose(name: str, legal_basis: str) -> dict[str, str]:
    return {"name": name, "legal_basis": legal_basis}


def _retention(category: str, period: str, trigger: str, reason: str) -> dict[str, str]:
    return {"category": category, "period": period, "trigger": trigger, "reason": reason}


def doenin() -> dict[str, Any]:
    """DOENIN: a learning platform for practical secondary education (illustrative)."""
    during = "Gedurende de licentie; uiterlijk drie maanden na afloop verwijderd"
    return {
        "name": "DOENIN",
        "url": "https://www.doenin.nl",
        "description": "Digitaal leer- en begeleidingsplatform voor het praktijkonderwijs en "
        "het voortgezet speciaal onderwijs, met leerlijnen, opdrachten en een digitaal "
        "portfolio waarin leerling en docent de voortgang volgen.",
        "target_groups": ["VO"],
        "users": ["Leerlingen", "Docenten en mentoren", "Schoolbeheerders"],
        "eck_id": True,
        "data_sources": [
            "Leerlingadministratiesysteem van de school (klassen en groepen, via koppeling)",
            "Kennisnet Entree Federatie (inloggen en ECK iD)",
        ],
        "data_groups": [
            _group(
                "Leerlingen",
                _category(
                    "Naam (voornaam, tussenvoegsel, achternaam)",
                    True,
                    "Identificatie en toegang",
                    during,
                ),
                _category("ECK iD", False, "Inloggen via Entree Federatie", during),
                _category("Groep, klas en leerjaar", True, "Indeling in groepen", during),
                _category(
                    "Opdrachten, portfolio en leerresultaten",
                    True,
                    "Onderwijs en begeleiding",
                    "Tot twaalf maanden na het laatste gebruik, tenzij de school eerder verwijdert",
                ),
                _category(
                    "Gebruiks- en loggegevens (inlogmomenten, IP-adres)",
                    True,
                    "Beveiliging en foutopsporing",
                    "Zes maanden",
                ),
            ),
            _group(
                "Medewerkers",
                _category("Naam", True, "Identificatie en toegang", during),
                _category("Zakelijk e-mailadres", True, "Inloggen en meldingen", during),
                _category("Rol en school", True, "Autorisatie", during),
            ),
        ],
        "purposes": [
            _purpose("Het geven en begeleiden van onderwijs", _BASIS_TASK),
            _purpose("Toegang voor medewerkers", _BASIS_EMPLOYMENT),
            _purpose("Beveiliging en continuïteit", _BASIS_SECURITY),
        ],
        "access": _ACCESS,
        "subprocessors": [_HOSTING, _MAIL],
        "processing_locations": ["Nederland", "Duitsland"],
        "outside_eea": False,
        "transfers": [],
        "retention": [
            _retention(
                "Account- en leerresultaten",
                "Tot twaalf maanden na het laatste gebruik",
                "Laatste gebruik van het account of eerder verzoek van de school",
                "Leerlingen werken meerdere schooljaren aan hun portfolio",
            ),
            _retention(
                "Loggegevens",
                "Zes maanden",
                "Moment van vastlegging",
                "Onderzoek van beveiligingsincidenten",
            ),
        ],
        "deletion_at_end": "Binnen drie maanden na het einde van de licentie worden alle "
        "persoonsgegevens verwijderd, ook bij de subverwerkers; back-ups zijn na uiterlijk "
        "dertig dagen overschreven. Op verzoek levert KPC Groep vooraf een export "
        "(CSV en PDF-portfolio's).",
        "rights_handling": _RIGHTS,
        "certifications": ["ISO/IEC 27001 (hostingpartij)"],
        "leaflet_version": "4.2",
        "leaflet_date": "2026-05-01",
    }


def scholing_voor_arbeid() -> dict[str, Any]:
    """Scholing voor Arbeid: branch-oriented courses and certificates (illustrative)."""
    during = "Gedurende de licentie; uiterlijk drie maanden na afloop verwijderd"
    return {
        "name": "Scholing voor Arbeid",
        "url": "https://www.scholingvoorarbeid.nl",
        "description": "Branchegerichte cursussen voor het praktijkonderwijs, het voortgezet "
        "speciaal onderwijs en de entreeopleiding, met digitaal lesmateriaal, praktijkexamens "
        "en certificaten.",
        "target_groups": ["VO", "MBO"],
        "users": ["Leerlingen en studenten", "Docenten", "Examinatoren", "Schoolbeheerders"],
        "eck_id": False,
        "data_sources": [],
        "data_groups": [
            _group(
                "Leerlingen",
                _category("Naam", True, "Identificatie en certificaat", during),
                _category("Geboortedatum", True, "Vermelding op het certificaat", during),
                _category("Groep en opleiding", True, "Indeling in cursussen", during),
                _category(
                    "Examenresultaten en behaalde certificaten",
                    True,
                    "Examinering en certificering",
                    "Vijf jaar na afgifte van het certificaat",
                ),
                _category("E-mailadres", False, "Toegang tot lesmateriaal", during),
            ),
            _group(
                "Medewerkers",
                _category("Naam en zakelijk e-mailadres", True, "Toegang", during),
                _category("Rol (docent, examinator)", True, "Autorisatie", during),
            ),
        ],
        "purposes": [
            _purpose("Cursussen en praktijkexamens", _BASIS_TASK),
            _purpose("Afgifte en verificatie van certificaten", _BASIS_TASK),
            _purpose("Toegang voor medewerkers", _BASIS_EMPLOYMENT),
        ],
        "access": [
            *_ACCESS[:3],
            {"who": "Examinator", "what": "Examenresultaten van de toegewezen kandidaten"},
            _ACCESS[3],
        ],
        "subprocessors": [_HOSTING],
        "processing_locations": ["Nederland"],
        "outside_eea": False,
        "transfers": [],
        "retention": [
            _retention(
                "Behaalde certificaten",
                "Vijf jaar",
                "Afgifte van het certificaat",
                "Werkgevers en scholen kunnen de echtheid van een certificaat laten verifiëren",
            ),
            _retention(
                "Overige gegevens",
                "Looptijd van de licentie plus drie maanden",
                "Einde van de licentie",
                "Teruggave of verwijdering na afloop",
            ),
        ],
        "deletion_at_end": "Binnen drie maanden na het einde van de licentie worden alle "
        "persoonsgegevens verwijderd, met uitzondering van het register van behaalde "
        "certificaten, dat op instructie van de school vijf jaar wordt bewaard.",
        "rights_handling": _RIGHTS,
        "certifications": [],
        "leaflet_version": "3.1",
        "leaflet_date": "2026-04-15",
    }
