"""The default terms (data for `register.vocabularies.defaults`); wording in Dutch.

Purposes and the first twelve data categories are copied from the reference privacy
statement (Privacyverklaring KPC Groep, 01-09-2023).
"""

from __future__ import annotations

from typing import Any

from register.vocabularies.models import Vocabulary

# The twelve categories of personal data the reference statement lists, in its order.
STATEMENT_DATA_CATEGORIES = (
    ("voor_en_achternaam", "Voor- en achternaam"),
    ("geslacht", "Geslacht"),
    ("adresgegevens", "Adresgegevens"),
    ("telefoonnummer", "Telefoonnummer"),
    ("e_mailadres", "E-mailadres"),
    ("naam_organisatie", "Naam organisatie"),
    ("functie", "Functie"),
    ("locatiegegevens", "Locatiegegevens"),
    ("downloads", "Training, publicatie, whitepaper, overige downloads"),
    (
        "actief_verstrekt",
        "Overige persoonsgegevens die u actief verstrekt bijvoorbeeld, in correspondentie en "
        "telefonisch",
    ),
    ("ip_adres", "IP-adres"),
    ("websiteactiviteit", "Gegevens over uw activiteiten op onze website"),
)

# The eight purposes of the reference statement, in its order.
STATEMENT_PURPOSES = (
    ("nieuwsbrief", "Verzenden van onze nieuwsbrief, publicatie, whitepaper, etc.", ""),
    (
        "contact_dienstverlening",
        "U te kunnen bellen of e-mailen indien dit nodig is om onze dienstverlening uit te "
        "kunnen voeren.",
        "",
    ),
    ("informeren", "U te informeren over onze diensten en producten.", ""),
    (
        "diensten_afleveren",
        "Om diensten bij u af te leveren, waaronder training, coaching en advies.",
        "",
    ),
    ("betaling", "Voor het afhandelen van betaling.", ""),
    ("klachten", "Voor het afhandelen van klachten.", ""),
    (
        "websiteanalyse",
        "Analyse van uw gedrag op de website om daarmee de website te verbeteren en het aanbod "
        "van producten en diensten af te stemmen op uw voorkeuren.",
        "",
    ),
    (
        "blogreacties",
        "Reacties op blogs",
        "Bij de blogs op onze website is het mogelijk een bericht te plaatsen. De informatie die "
        "u invoert gebruiken we om uw reactie zichtbaar te maken.",
    ),
    (
        "wettelijke_bewaarplicht",
        "Voldoen aan wettelijke bewaarplichten.",
        "Gegevens die de wet ons verplicht te bewaren, zoals die voor de Belastingdienst.",
    ),
)

_EDUCATION_PURPOSES = (
    ("leermiddel_leveren", "Leveren en gebruiken van het digitale onderwijsmiddel", ""),
    ("leerresultaten_volgen", "Volgen van leerresultaten en voortgang door de leraar", ""),
    ("gebruikersbeheer", "Beheer van gebruikers, rollen en toegang", ""),
    ("ondersteuning", "Ondersteuning van gebruikers (helpdesk)", ""),
    ("beveiliging_continuiteit", "Beveiliging, continuïteit en verbetering van de dienst", ""),
)

_EDUCATION_DATA: tuple[tuple[str, str, dict[str, Any]], ...] = (
    ("geboortedatum", "Geboortedatum", {}),
    ("leerjaar_groep", "Leerjaar / groep", {}),
    ("klas", "Klas", {}),
    ("eck_id", "ECK iD (keten-pseudoniem)", {}),
    ("leerresultaten", "Leerresultaten en voortgang", {}),
    ("gebruiksgegevens", "Gebruiksgegevens (inlog- en gebruiksmomenten)", {}),
    ("rol", "Rol (leerling, leraar, beheerder)", {}),
    ("school", "School en vestiging", {}),
    ("inloggegevens", "Inloggegevens (gebruikersnaam)", {}),
    ("betaalgegevens", "Betaal- en factuurgegevens (bankrekeningnummer)", {}),
    ("bsn", "Burgerservicenummer (BSN)", {"is_national_identifier": True}),
    ("gezondheid", "Gezondheidsgegevens", {"is_special_category": True}),
    (
        "ondersteuningsbehoefte",
        "Ondersteuningsbehoefte (zorg en begeleiding)",
        {"is_special_category": True},
    ),
    ("strafrechtelijk", "Strafrechtelijke gegevens", {"is_criminal_data": True}),
)

_LEGAL_BASES = (
    ("a", "Toestemming van de betrokkene"),
    ("b", "Uitvoering van een overeenkomst"),
    ("c", "Wettelijke verplichting"),
    ("d", "Vitaal belang"),
    ("e", "Taak van algemeen belang of openbaar gezag"),
    ("f", "Gerechtvaardigd belang"),
)

_SPECIAL_CONDITIONS = (
    ("a", "Uitdrukkelijke toestemming"),
    ("b", "Arbeidsrecht, sociale zekerheid en sociale bescherming"),
    ("c", "Vitaal belang (betrokkene kan geen toestemming geven)"),
    ("d", "Stichting, vereniging of instantie zonder winstoogmerk"),
    ("e", "Kennelijk door de betrokkene openbaar gemaakt"),
    ("f", "Instelling, uitoefening of onderbouwing van een rechtsvordering"),
    ("g", "Zwaarwegend algemeen belang"),
    ("h", "Preventieve of arbeidsgeneeskunde, medische diagnose, zorg of behandeling"),
    ("i", "Algemeen belang op het gebied van volksgezondheid"),
    ("j", "Archivering, wetenschappelijk of historisch onderzoek of statistiek"),
)

_DATA_SUBJECTS = (
    ("leerlingen", "Leerlingen en studenten"),
    ("leraren", "Leraren en docenten"),
    ("schoolbeheerders", "Schooladministratie en beheerders"),
    ("ouders", "Ouders en verzorgers"),
    ("websitebezoekers", "Websitebezoekers"),
    ("nieuwsbriefabonnees", "Nieuwsbriefabonnees"),
    ("cursisten", "Cursisten en deelnemers aan trainingen"),
    ("klanten", "Klanten en contactpersonen"),
    ("leveranciers", "Leveranciers en hun contactpersonen"),
    ("medewerkers", "Medewerkers"),
    ("sollicitanten", "Sollicitanten"),
)

_RECIPIENT_CATEGORIES = (
    ("geen", "Geen ontvangers buiten de organisatie"),
    ("belastingdienst", "Belastingdienst"),
    ("verwerkers", "Verwerkers in opdracht van de organisatie"),
    ("subverwerkers", "Subverwerkers"),
    ("analysediensten", "Leveranciers van webstatistieken (analysediensten)"),
    ("betaaldiensten", "Banken en betaaldienstverleners"),
    ("accountant", "Accountant"),
    ("scholen", "Onderwijsinstellingen (verwerkingsverantwoordelijken)"),
    ("publiek", "Bezoekers van de website (openbaar gepubliceerd)"),
    ("toezichthouders", "Toezichthouders (zoals de Autoriteit Persoonsgegevens)"),
)

_TRANSFER_MECHANISMS = (
    ("adequaatheid", "Adequaatheidsbesluit", "AVG art. 45"),
    ("dpf", "EU-VS Data Privacy Framework", "AVG art. 45 (besluit van 10 juli 2023)"),
    ("scc", "Standaardcontractbepalingen (SCC)", "AVG art. 46 lid 2 sub c"),
    ("bcr", "Bindende bedrijfsvoorschriften (BCR)", "AVG art. 47"),
    ("art49", "Afwijking voor specifieke situaties (art. 49)", "AVG art. 49"),
)

_SECURITY_MEASURES = (
    ("Organisatorisch", "informatiebeveiligingsbeleid", "Informatiebeveiligingsbeleid"),
    ("Organisatorisch", "geheimhouding", "Geheimhoudingsverklaringen voor medewerkers"),
    ("Organisatorisch", "need_to_know", "Toegang alleen voor wie het nodig heeft (need-to-know)"),
    ("Organisatorisch", "bewustwording", "Bewustwordingstraining informatiebeveiliging en privacy"),
    ("Organisatorisch", "verwerkersovereenkomsten", "Verwerkersovereenkomsten met (sub)verwerkers"),
    ("Organisatorisch", "datalekprocedure", "Procedure voor het melden van datalekken"),
    ("Organisatorisch", "periodieke_controle", "Periodieke controle van maatregelen"),
    ("Technisch", "rolgebaseerde_toegang", "Toegangsbeheer op basis van rollen"),
    ("Technisch", "mfa", "Tweefactorauthenticatie voor beheerders"),
    ("Technisch", "tls", "Versleuteling in transport (TLS)"),
    ("Technisch", "versleuteling_opslag", "Versleuteling in opslag"),
    ("Technisch", "logging", "Logging en monitoring"),
    ("Technisch", "backups", "Back-ups"),
    ("Technisch", "pseudonimisering", "Pseudonimisering (ECK iD)"),
    ("Technisch", "patchbeheer", "Patch- en kwetsbaarhedenbeheer"),
    ("Technisch", "pentest", "Periodieke penetratietests"),
    ("Fysiek", "datacenter", "Fysiek beveiligd datacenter (ISO 27001)"),
)


def _plain(rows: tuple[tuple[str, str], ...]) -> list[dict[str, Any]]:
    return [{"code": code, "label": label} for code, label in rows]


DEFAULTS: dict[Vocabulary, list[dict[str, Any]]] = {
    Vocabulary.PURPOSE: [
        {"code": code, "label": label, "description": description}
        for code, label, description in (*STATEMENT_PURPOSES, *_EDUCATION_PURPOSES)
    ],
    Vocabulary.LEGAL_BASIS: [
        {"code": f"art6_{letter}", "label": label, "reference": f"AVG art. 6 lid 1 sub {letter}"}
        for letter, label in _LEGAL_BASES
    ],
    Vocabulary.SPECIAL_CONDITION: [
        {"code": f"art9_{letter}", "label": label, "reference": f"AVG art. 9 lid 2 sub {letter}"}
        for letter, label in _SPECIAL_CONDITIONS
    ],
    Vocabulary.DATA_SUBJECT: _plain(_DATA_SUBJECTS),
    Vocabulary.DATA_CATEGORY: [
        *_plain(STATEMENT_DATA_CATEGORIES),
        *({"code": code, "label": label, **flags} for code, label, flags in _EDUCATION_DATA),
    ],
    Vocabulary.RECIPIENT_CATEGORY: _plain(_RECIPIENT_CATEGORIES),
    Vocabulary.TRANSFER_MECHANISM: [
        {"code": code, "label": label, "reference": reference}
        for code, label, reference in _TRANSFER_MECHANISMS
    ],
    Vocabulary.SECURITY_MEASURE: [
        {"code": code, "label": label, "group": group} for group, code, label in _SECURITY_MEASURES
    ],
}
