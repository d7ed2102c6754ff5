"""Sample document contexts, used by ``check_template`` and the tests.

``sample_context()`` is a complete, realistic context: KPC Groep (address and privacy
contact from its privacy statement) as processor, a fictional school board as controller,
the products DOENIN and Scholing voor Arbeid, one agreed deviation and the processor's
signature. ``edge_case_context()`` exercises the optional branches: no DPOs, no deviations,
no sub-processors, no end dates, no signatures and three products.

Names of people, KvK/BRIN/RIO numbers and the school board are fictional; the school board
uses the reserved ``.example`` domain.
"""

from __future__ import annotations

import copy
from typing import Any

from .sample_products import doenin, scholing_voor_arbeid

_KPC_EMAIL = "privacy@kpcgroep.nl"
_KPC_PHONE = "+31 85 210 1580"


def _contact(name: str, email: str, phone: str) -> dict[str, str]:
    return {"name": name, "email": email, "phone": phone}


def sample_context() -> dict[str, Any]:
    """A complete context for the ``convenant-4.0`` version ``1`` template."""
    return copy.deepcopy(
        {
            "agreement": {
                "number": "VWO-2026-0042",
                "title": "Verwerkersovereenkomst Digitale Onderwijsmiddelen",
                "date": "2026-07-15",
                "term_start": "2026-08-01",
                "term_end": "2029-07-31",
                "template_id": "convenant-4.0",
                "template_version": "1",
                "covenant_version": "4.0",
                "licence_date": "2026-06-20",
                "notice_period_months": 3,
            },
            "processor": _processor(),
            "controller": _controller(),
            "licences": [
                {
                    "product": "DOENIN",
                    "start": "2026-08-01",
                    "end": "2029-07-31",
                    "reference": "LIC-2026-0417",
                },
                {
                    "product": "Scholing voor Arbeid",
                    "start": "2026-08-01",
                    "end": None,
                    "reference": "LIC-2026-0418",
                },
            ],
            "products": [doenin(), scholing_voor_arbeid()],
            "security": _security(),
            "deviations": [
                {
                    "article": "Artikel 13, tweede lid",
                    "text": "De termijn waarbinnen de Verwerker de Onderwijsinstelling vooraf "
                    "informeert over een nieuwe of vervangende Subverwerker bedraagt zes weken "
                    "in plaats van vier weken.",
                },
            ],
            "signatures": [
                {
                    "party": "processor",
                    "name": "M. Bakker",
                    "function": "Directeur",
                    "signed_at": "2026-07-15T09:12:00Z",
                    "ip": "192.0.2.15",
                },
            ],
        }
    )


def edge_case_context() -> dict[str, Any]:
    """The sample with every optional part empty or absent, and a third product."""
    context = sample_context()
    context["agreement"]["term_end"] = None
    context["processor"]["dpo"] = None
    context["processor"]["dpo_not_appointed_reason"] = (
        "De organisatie is geen overheidsinstantie en verwerkt geen bijzondere persoonsgegevens "
        "op grote schaal (art. 37 lid 1 AVG)."
    )
    context["controller"]["dpo"] = None
    context["controller"]["rio"] = None
    context["deviations"] = []
    context["signatures"] = []
    context["security"]["certifications"] = []
    for licence in context["licences"]:
        licence["end"] = None
    extra = scholing_voor_arbeid()
    extra.update(
        name="Voorbeeldtoets Rekenen & Taal",
        url="https://toets.example/rekenen-taal",
        target_groups=["PO"],
        eck_id=True,
        data_sources=["Leerlingvolgsysteem van de school"],
        outside_eea=True,
        processing_locations=["Nederland", "Verenigd Koninkrijk"],
        transfers=[
            {
                "country": "Verenigd Koninkrijk",
                "mechanism": "Adequaatheidsbesluit (artikel 45 AVG)",
                "safeguards": "Versleuteling; toegang alleen voor supportmedewerkers",
            },
        ],
    )
    context["products"].append(extra)
    for product in context["products"]:
        product["subprocessors"] = []
    return context


def _processor() -> dict[str, Any]:
    return {
        "name": "KPC Groep",
        # Legal form and KvK number are placeholders: the real values come from the
        # register's own organisation.
        "legal_form": "stichting",
        "kvk": "00000000",
        "address": "Guldenberg 12",
        "postcode": "5628 KR",
        "city": "Helvoirt",
        "country": "Nederland",
        "email": _KPC_EMAIL,
        "phone": _KPC_PHONE,
        "website": "https://www.kpcgroep.nl",
        "privacy_contact": _contact("Privacyteam KPC Groep", _KPC_EMAIL, _KPC_PHONE),
        "dpo_not_appointed_reason": "",
        "dpo": _contact("L. Smits (functionaris gegevensbescherming)", _KPC_EMAIL, _KPC_PHONE),
        "breach_contact": _contact("Meldpunt datalekken KPC Groep", _KPC_EMAIL, _KPC_PHONE),
        "signatory": {"name": "M. Bakker", "function": "Directeur"},
    }


def _controller() -> dict[str, Any]:
    domain = "soo-voorbeeldstad.example"
    return {
        "name": "Stichting Openbaar Onderwijs Voorbeeldstad",
        "legal_form": "stichting",
        "brin": "41999",
        "rio": "100B999",
        "kvk": "00000001",
        "address": "Schoolstraat 1",
        "postcode": "9999 ZZ",
        "city": "Voorbeeldstad",
        "privacy_contact": _contact(
            "A. de Vries (privacycoördinator)", f"privacy@{domain}", "+31 50 000 0000"
        ),
        "dpo": _contact("R. Jansen", f"fg@{domain}", "+31 50 000 0001"),
        "breach_contact": _contact("Servicedesk ICT", f"datalek@{domain}", "+31 50 000 0002"),
        "signatory": {"name": "drs. E. Voorbeeld", "function": "Voorzitter College van Bestuur"},
    }


def _security() -> dict[str, Any]:
    def measure(category: str, name: str, description: str) -> dict[str, str]:
        return {"name": name, "category": category, "description": description}

    return {
        "policy": "KPC Groep heeft een informatiebeveiligingsbeleid dat is gebaseerd op "
        "ISO/IEC 27001 en 27002 en jaarlijks door de directie wordt herzien. Alleen de "
        "medewerkers die dat voor hun taak nodig hebben, krijgen toegang tot persoonsgegevens; "
        "de maatregelen worden periodiek gecontroleerd.",
        "measures": [
            measure(
                "Organisatorisch",
                "Geheimhouding",
                "Alle medewerkers en inhuurkrachten "
                "tekenen een geheimhoudingsverklaring; medewerkers met toegang tot "
                "leerlinggegevens overleggen een Verklaring Omtrent het Gedrag.",
            ),
            measure(
                "Organisatorisch",
                "Bewustwording",
                "Jaarlijkse training informatiebeveiliging en privacy voor alle medewerkers.",
            ),
            measure(
                "Organisatorisch",
                "Incidentprocedure",
                "Beveiligingsincidenten en datalekken "
                "worden volgens een vaste procedure gemeld, beoordeeld en geregistreerd.",
            ),
            measure(
                "Toegang",
                "Autorisatie op rol",
                "Rechten per rol (leerling, docent, "
                "beheerder, support) volgens het need-to-know-principe.",
            ),
            measure(
                "Toegang",
                "Tweefactorauthenticatie",
                "Verplicht voor beheerders en "
                "medewerkers van KPC Groep; wachtwoorden worden gehasht opgeslagen.",
            ),
            measure(
                "Technisch",
                "Versleuteling",
                "TLS 1.2 of hoger voor alle verbindingen; versleuteling van databases en back-ups.",
            ),
            measure(
                "Technisch",
                "Logging en monitoring",
                "Toegang tot persoonsgegevens en "
                "beheerhandelingen worden gelogd; afwijkingen leiden tot een melding.",
            ),
            measure(
                "Technisch",
                "Back-ups",
                "Dagelijkse versleutelde back-ups in een tweede "
                "datacenter in Nederland; herstel wordt jaarlijks getest.",
            ),
            measure(
                "Controle",
                "Penetratietest",
                "Jaarlijkse penetratietest door een "
                "onafhankelijke partij; bevindingen worden binnen vastgestelde termijnen "
                "opgelost.",
            ),
            measure(
                "Ontwikkeling",
                "Gescheiden omgevingen",
                "Ontwikkel-, test- en "
                "productieomgeving zijn gescheiden; testen gebeurt zonder echte "
                "persoonsgegevens.",
            ),
        ],
        "certifications": ["ISO/IEC 27001:2022 (hostingpartij Voorbeeld Cloud Hosting B.V.)"],
    }
