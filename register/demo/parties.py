"""Demo data: the own organisation (facts from its privacy statement), schools and others.

The own organisation's name, address, phone and e-mail are those of the reference privacy
statement (KPC Groep, 01-09-2023). Schools, sub-processors, the payment
service and their people are fictional; their e-mail domains and web addresses use the reserved
`.example` top-level domain, as do the product pages (the statement names none).
"""

from __future__ import annotations

from typing import Any

OWN: dict[str, Any] = {
    "name": "KPC Groep",
    # Not in the reference statement: demo values. The legal form says so in the documents;
    # the KvK number is in the fictional 9000xxxx range the demo schools use too.
    "legal_form": "Stichting (demowaarde)",
    "kvk": "90000000",
    "address": "Guldenberg 12",
    "postcode": "5628 KR",
    "city": "Helvoirt",
    "country": "Nederland",
    "website": "https://www.kpcgroep.nl",
    "email": "privacy@kpcgroep.nl",
    "phone": "+31 85-2101580",
    "privacy_contact_name": "Privacyfunctionaris KPC Groep",
    "privacy_contact_email": "privacy@kpcgroep.nl",
    "privacy_contact_phone": "+31 85-2101580",
    # Who signs for the company in the demo; a demo value (the reference statement names no
    # signatory). The mandate says why a privacy officer may sign.
    "representative_name": "Demo Privacy Officer",
    "representative_function": "Privacyfunctionaris",
    "representative_mandate": "Demowaarde: volmacht van de raad van bestuur, 1 augustus 2026.",
    # The reference statement names no FG: the demo records the decision not to appoint one.
    # The reason is a demo value, not a statement of the real company.
    "dpo_not_appointed": True,
    "dpo_not_appointed_reason": (
        "Demowaarde: KPC Groep is geen overheidsinstantie of publieke organisatie, en haar "
        "kernactiviteiten bestaan niet uit regelmatige en stelselmatige observatie op grote "
        "schaal of uit verwerking van bijzondere persoonsgegevens op grote schaal (art. 37 "
        "lid 1 AVG). Vragen over privacy gaan naar de privacycontactpersoon."
    ),
}

# (name, legal form, BRIN, KvK, street, postcode, town, slug for e-mail and web addresses)
_SCHOOLS = (
    (
        "Stichting Openbaar Onderwijs Voorbeeldstad",
        "10AB",
        "90000011",
        "Schoolstraat 1",
        "1234 AB",
        "Voorbeeldstad",
        "soo-voorbeeldstad",
    ),
    (
        "Stichting Katholiek Onderwijs Dorpsveld",
        "11CD",
        "90000022",
        "Kerkplein 4",
        "2345 BC",
        "Dorpsveld",
        "sko-dorpsveld",
    ),
    (
        "Vereniging Christelijk Onderwijs Meerdijk",
        "12EF",
        "90000033",
        "Dijkweg 17",
        "3456 CD",
        "Meerdijk",
        "vco-meerdijk",
    ),
    (
        "Stichting Scholengroep Rivierhoven",
        "13GH",
        "90000044",
        "Havenkade 8",
        "4567 DE",
        "Rivierhoven",
        "scholengroep-rivierhoven",
    ),
    (
        "Stichting Primair Onderwijs Heidebeek",
        "14JK",
        "90000055",
        "Heideweg 23",
        "5678 EF",
        "Heidebeek",
        "po-heidebeek",
    ),
    (
        "Stichting Voortgezet Onderwijs Polderwijk",
        "15LM",
        "90000066",
        "Polderlaan 2",
        "6789 FG",
        "Polderwijk",
        "vo-polderwijk",
    ),
    (
        "Stichting Praktijkonderwijs Lindenhaven",
        "16NP",
        "90000077",
        "Lindelaan 40",
        "7890 GH",
        "Lindenhaven",
        "pro-lindenhaven",
    ),
    (
        "Stichting Samenwerkingsschool Kasteelburg",
        "17QR",
        "90000088",
        "Slotgracht 5",
        "8901 HJ",
        "Kasteelburg",
        "samenwerkingsschool-kasteelburg",
    ),
    (
        "Stichting Onderwijsgroep Duinmeer",
        "18ST",
        "90000099",
        "Duinpad 11",
        "9012 JK",
        "Duinmeer",
        "onderwijsgroep-duinmeer",
    ),
    (
        "Stichting Speciaal Onderwijs Vennendal",
        "19UV",
        "90000101",
        "Vennenweg 3",
        "1357 KL",
        "Vennendal",
        "so-vennendal",
    ),
    ("ROC Brugzijl", "20WX", "90000112", "Brugstraat 100", "2468 LM", "Brugzijl", "roc-brugzijl"),
    (
        "Stichting Interconfessioneel Onderwijs Beekveld",
        "21YZ",
        "90000123",
        "Beekstraat 9",
        "3579 MN",
        "Beekveld",
        "ico-beekveld",
    ),
)

# The boards' chairs, who sign for the schools (fictional, like the schools).
_CHAIRS = (
    "J. Willems",
    "K. Hoekstra",
    "L. van Dam",
    "M. Kuipers",
    "N. Veenstra",
    "P. Prins",
    "R. Huisman",
    "S. Koster",
    "T. Post",
    "W. Kramer",
    "A. Schouten",
    "B. Wolters",
)

_CONTACTS = (
    ("A. de Vries", "B. Jansen"),
    ("C. Bakker", "D. Visser"),
    ("E. Smit", "F. Meijer"),
    ("G. de Boer", "H. Mulder"),
    ("I. de Groot", "J. Bos"),
    ("K. Vos", "L. Peters"),
    ("M. Hendriks", "N. van Leeuwen"),
    ("O. Dekker", "P. Brouwer"),
    ("R. de Wit", "S. Dijkstra"),
    ("T. Smits", "U. de Graaf"),
    ("V. van der Meer", "W. van Dijk"),
    ("Y. Kok", "Z. Jacobs"),
)


def schools() -> list[dict[str, Any]]:
    """The twelve fictional school boards with identifiers, address, privacy contact and DPO."""
    rows = []
    pairs = enumerate(zip(_SCHOOLS, _CONTACTS, _CHAIRS, strict=True))
    for index, ((name, brin, kvk, street, postcode, town, slug), (contact, dpo), chair) in pairs:
        rows.append(
            {
                "name": name,
                "legal_form": "Vereniging" if name.startswith("Vereniging") else "Stichting",
                "brin": brin,
                "kvk": kvk,
                "address": street,
                "postcode": postcode,
                "city": town,
                "country": "Nederland",
                "website": f"https://www.{slug}.example",
                "email": f"info@{slug}.example",
                "phone": f"088-55501{index:02d}",
                "privacy_contact_name": contact,
                "privacy_contact_email": f"privacy@{slug}.example",
                "dpo_name": dpo,
                "dpo_email": f"fg@{slug}.example",
                "representative_name": chair,
                "representative_function": "Voorzitter college van bestuur",
            }
        )
    return rows


# Which products each school licenses, by position in `schools()`.
LICENCES = {
    0: ("DOENIN", "SVA"),
    1: ("DOENIN",),
    2: ("DOENIN",),
    3: ("DOENIN", "SVA"),
    4: ("DOENIN",),
    5: ("SVA",),
    6: ("SVA",),
    7: ("DOENIN",),
    8: ("DOENIN", "SVA"),
    9: ("SVA",),
    10: ("SVA",),
    11: ("DOENIN",),
}

SUBPROCESSORS: list[dict[str, Any]] = [
    {
        "name": "NedCloud Hosting B.V.",
        "legal_form": "B.V.",
        "kvk": "90001001",
        "address": "Serverweg 1",
        "postcode": "1101 AA",
        "city": "Amsterdam",
        "country": "Nederland",
        "website": "https://www.nedcloud.example",
        "email": "privacy@nedcloud.example",
        "location": "Nederland",
    },
    {
        "name": "Back-up Veilig B.V.",
        "legal_form": "B.V.",
        "kvk": "90001002",
        "address": "Kluisstraat 7",
        "postcode": "3511 AB",
        "city": "Utrecht",
        "country": "Nederland",
        "website": "https://www.backupveilig.example",
        "email": "privacy@backupveilig.example",
        "location": "Nederland",
    },
    {
        "name": "Mailroute Nederland B.V.",
        "legal_form": "B.V.",
        "kvk": "90001003",
        "address": "Postbuslaan 12",
        "postcode": "5211 AB",
        "city": "'s-Hertogenbosch",
        "country": "Nederland",
        "website": "https://www.mailroute.example",
        "email": "privacy@mailroute.example",
        "location": "Nederland",
        "processor_agreement": "Verwerkersovereenkomst nieuwsbriefdienst VO-2023-014 (demowaarde)",
    },
]

RECIPIENTS: list[dict[str, Any]] = [
    {
        "name": "Google Ireland Limited (Google Analytics)",
        "address": "Gordon House, Barrow Street",
        "postcode": "D04 E5W5",
        "city": "Dublin",
        "country": "Ierland",
        "website": "https://www.google.com",
        "location": "Ierland en Verenigde Staten",
        "processor_agreement": (
            "Verwerkersvoorwaarden van Google (Google Ads Data Processing Terms), geaccepteerd "
            "in de Analytics-instellingen (demowaarde)"
        ),
    },
    {
        "name": "Betaalzeker B.V.",
        "legal_form": "B.V.",
        "kvk": "90001004",
        "address": "Kassaweg 3",
        "postcode": "3521 AB",
        "city": "Utrecht",
        "country": "Nederland",
        "website": "https://www.betaalzeker.example",
        "email": "privacy@betaalzeker.example",
        "location": "Nederland",
        "processor_agreement": "Verwerkersovereenkomst betaaldienst VO-2024-003 (demowaarde)",
    },
    {
        "name": "Belastingdienst",
        "address": "Postbus 9050",
        "postcode": "7300 GM",
        "city": "Apeldoorn",
        "country": "Nederland",
        "website": "https://www.belastingdienst.nl",
        "location": "Nederland",
    },
]

PRODUCTS: list[dict[str, Any]] = [
    {
        "code": "DOENIN",
        "name": "DOENIN",
        "description": (
            "Digitaal onderwijsmiddel van KPC Groep waarin leerlingen opdrachten maken en de "
            "leraar de leerresultaten en voortgang van de klas volgt."
        ),
        # The reference statement names no product pages: demo values (`.example`).
        "url": "https://www.kpcgroep.example/doenin",
        "target_groups": "PO VO",
        "users": "Leerlingen, leraren en schoolbeheerders",
        "uses_eck_id": True,
        "deletion_term": "drie maanden",
        "access": (
            "Leerling: de eigen opdrachten, resultaten en voortgang\n"
            "Leraar: resultaten en voortgang van de leerlingen in de eigen klassen\n"
            "Schoolbeheerder: accounts en licenties van de eigen school\n"
            "Ondersteuning KPC Groep: alleen wat nodig is om een vraag van de school af te "
            "handelen"
        ),
    },
    {
        "code": "SVA",
        "name": "Scholing voor Arbeid (SVA)",
        "description": (
            "Digitaal onderwijsmiddel van KPC Groep dat leerlingen en studenten voorbereidt op "
            "werk; docenten volgen de leerresultaten."
        ),
        "url": "https://www.kpcgroep.example/scholing-voor-arbeid",
        "target_groups": "VO MBO",
        "users": "Leerlingen en studenten, docenten en schoolbeheerders",
        "uses_eck_id": True,
        "deletion_term": "drie maanden",
        "access": (
            "Leerling of student: de eigen opdrachten, resultaten en voortgang\n"
            "Docent: leerresultaten en voortgang van de eigen leerlingen en studenten\n"
            "Schoolbeheerder: accounts en licenties van de eigen school\n"
            "Ondersteuning KPC Groep: alleen wat nodig is om een vraag van de school af te "
            "handelen"
        ),
    },
]
