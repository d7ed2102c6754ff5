"""Demo descriptions of the security measures, shown in the agreements' Beveiligingsbijlage.

Where the reference privacy statement says it (an information security policy, access only
for those who need it, shielded access, regular checks, processor agreements with the
company's own processors) the description follows the statement. Every other description
is invented for the demo and says so: "(demowaarde)".
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from register.vocabularies.models import Term, Vocabulary

DEMO_MARK = "(demowaarde)"

DESCRIPTIONS: dict[str, str] = {
    "informatiebeveiligingsbeleid": (
        "Een vastgesteld informatiebeveiligingsbeleid beschrijft hoe persoonsgegevens tegen "
        "misbruik en onbevoegde toegang worden beschermd."
    ),
    "need_to_know": (
        "Alleen medewerkers die de gegevens voor hun taak nodig hebben, krijgen toegang."
    ),
    "rolgebaseerde_toegang": (
        "De toegang tot de gegevens is afgeschermd; rechten worden per rol toegekend en "
        "ingetrokken bij vertrek of functiewissel."
    ),
    "periodieke_controle": "De beveiligingsmaatregelen worden regelmatig gecontroleerd.",
    "verwerkersovereenkomsten": (
        "Met bedrijven die gegevens in opdracht verwerken, wordt een verwerkersovereenkomst "
        "gesloten voor eenzelfde niveau van beveiliging en vertrouwelijkheid."
    ),
    "geheimhouding": (
        f"Medewerkers en ingehuurde krachten tekenen bij indiensttreding een "
        f"geheimhoudingsverklaring. {DEMO_MARK}"
    ),
    "tls": (
        f"Alle verbindingen met de applicatie en tussen de systemen lopen versleuteld via "
        f"TLS 1.2 of hoger. {DEMO_MARK}"
    ),
    "versleuteling_opslag": (
        f"Databases en bestanden worden versleuteld opgeslagen (AES-256). {DEMO_MARK}"
    ),
    "logging": (
        f"Aanmeldingen en beheerhandelingen worden gelogd; afwijkingen worden gesignaleerd en "
        f"opgevolgd. {DEMO_MARK}"
    ),
    "backups": (
        f"Dagelijks een versleutelde back-up op een tweede locatie in Nederland; het terugzetten "
        f"wordt periodiek getest. {DEMO_MARK}"
    ),
    "mfa": f"Beheerders melden zich aan met een tweede factor. {DEMO_MARK}",
    "pseudonimisering": (
        f"Leerlingen worden tussen systemen herkend aan het ECK iD in plaats van aan naam of "
        f"leerlingnummer. {DEMO_MARK}"
    ),
    "patchbeheer": (
        f"Beveiligingsupdates worden binnen vastgestelde termijnen geïnstalleerd; "
        f"kwetsbaarheden worden gevolgd. {DEMO_MARK}"
    ),
    "pentest": (
        f"De applicatie wordt jaarlijks door een onafhankelijke partij op kwetsbaarheden "
        f"getest. {DEMO_MARK}"
    ),
    "datacenter": (
        f"De servers staan in een fysiek beveiligd, ISO 27001-gecertificeerd datacenter in "
        f"Nederland. {DEMO_MARK}"
    ),
    "datalekprocedure": (
        f"Een vastgelegde procedure regelt het melden, beoordelen, opvolgen en documenteren van "
        f"datalekken. {DEMO_MARK}"
    ),
}


def describe_security_measures(session: Session) -> int:
    """Give each demo security measure without a description its demo description."""
    terms = session.scalars(
        sa.select(Term).where(
            Term.vocabulary == Vocabulary.SECURITY_MEASURE,
            Term.code.in_(sorted(DESCRIPTIONS)),
            Term.description == "",
        )
    ).all()
    for term in terms:
        term.description = DESCRIPTIONS[term.code]
    if terms:
        session.flush()
    return len(terms)
