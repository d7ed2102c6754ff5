"""Demo data: the processing activities of the reference organisation.

Controller activities: one per purpose of the privacy statement, with the data categories it
names, the three-year retention after the last activity and the tax exception, Google
Analytics with its transfer to the United States. Processor activities: the learning
products DOENIN and SVA, on behalf of the schools that hold a licence.
Terms are referred to by their default codes (register.vocabularies.default_terms).
"""

from __future__ import annotations

from typing import Any

OWNER = "Privacy officer KPC Groep"
RIGHTS = (
    "Inzage, correctie, verwijdering, intrekken van toestemming en bezwaar via "
    "privacy@kpcgroep.nl; reactie binnen vier weken. Afmelden onderaan iedere mailing."
)
SOURCE = "De betrokkene zelf (formulieren, e-mail, telefoon en de website)"
SECURITY = (
    "KPC Groep heeft een informatiebeveiligingsbeleid. Alleen de noodzakelijke personen hebben "
    "toegang tot de gegevens, de toegang is afgeschermd en de maatregelen worden regelmatig "
    "gecontroleerd."
)
MEASURES = (
    "informatiebeveiligingsbeleid",
    "need_to_know",
    "geheimhouding",
    "rolgebaseerde_toegang",
    "tls",
    "versleuteling_opslag",
    "logging",
    "backups",
    "periodieke_controle",
    "verwerkersovereenkomsten",
)
# The reference statement names the three-year rule and the tax exception, not why three
# years; the reasons below are demo values, marked as such.
STANDARD_RETENTION = {
    "period": "3 jaar",
    "trigger": "Na de laatste activiteit van de betrokkene",
    "reason": (
        "Demowaarde: zolang iemand in de afgelopen drie jaar klant, cursist of abonnee was, "
        "kunnen vragen over geleverde diensten, certificaten en vervolgafspraken nog komen; "
        "daarna is de relatie in de regel voorbij en zijn de gegevens niet meer nodig."
    ),
    "legal_exception": "",
}
TAX_RETENTION = {
    "period": "7 jaar",
    "trigger": "Na afloop van het boekjaar",
    "reason": (
        "Facturen en de administratie die de Belastingdienst kan controleren, met naam, adres "
        "en betaalgegevens van de klant, moeten zeven jaar worden bewaard."
    ),
    "legal_exception": "Fiscale bewaarplicht (art. 52 Algemene wet inzake rijksbelastingen)",
}
# An invoice holds the customer's name, organisation and address beside the payment details.
INVOICE_DATA = ("voor_en_achternaam", "naam_organisatie", "adresgegevens", "betaalgegevens")
# Where the legitimate-interest assessment of each art. 6(1)(f) purpose is kept (demo values:
# the `.example` addresses are not real).
LIA_LINKS = {
    "informeren": "https://intranet.kpcgroep.example/privacy/belangenafweging-informeren",
    "klachten": "https://intranet.kpcgroep.example/privacy/belangenafweging-klachten",
    "websiteanalyse": "https://intranet.kpcgroep.example/privacy/belangenafweging-websiteanalyse",
}
CONTACT = ("voor_en_achternaam", "e_mailadres", "naam_organisatie", "functie")


def _controller(name: str, **fields: Any) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "name": name,
        "department": "Marketing en communicatie",
        "owner": OWNER,
        "data_source": SOURCE,
        "rights_available": RIGHTS,
        "security_description": SECURITY,
        "storage_location": "CRM-systeem van KPC Groep, gehost in Nederland",
        "recipient_categories": ("geen",),
        "recipients": (),
        "transfers": (),
        "retention": (STANDARD_RETENTION,),
        "security_measures": MEASURES,
    }
    spec.update(fields)
    return spec


CONTROLLER_ACTIVITIES: list[dict[str, Any]] = [
    _controller(
        "Nieuwsbrief, publicaties en whitepapers verzenden",
        description="Verzenden van de nieuwsbrief en van aangevraagde publicaties en whitepapers.",
        purposes=(("nieuwsbrief", "art6_a", ""),),
        data_subjects=("nieuwsbriefabonnees", "websitebezoekers"),
        data_categories=(*CONTACT, "downloads"),
        recipient_categories=("verwerkers",),
        recipients=("Mailroute Nederland B.V.",),
        storage_location="Nieuwsbriefsysteem (Mailroute Nederland), Nederland",
    ),
    _controller(
        "Contact over de dienstverlening",
        description="Bellen of e-mailen wanneer dat nodig is om de dienstverlening uit te voeren.",
        department="Klantenservice",
        purposes=(("contact_dienstverlening", "art6_b", ""),),
        data_subjects=("klanten", "cursisten"),
        data_categories=(*CONTACT, "telefoonnummer", "actief_verstrekt"),
    ),
    _controller(
        "Informeren over diensten en producten",
        description="Klanten en contactpersonen informeren over diensten en producten.",
        purposes=(
            (
                "informeren",
                "art6_f",
                "KPC Groep wil bestaande klanten en contactpersonen informeren over verwante "
                "diensten en producten (direct marketing, overweging 47 AVG). De impact is "
                "beperkt: alleen zakelijke contactgegevens, en afmelden kan bij iedere mailing.",
            ),
        ),
        data_subjects=("klanten",),
        data_categories=(*CONTACT, "adresgegevens"),
    ),
    _controller(
        "Training, coaching en advies leveren",
        description="Diensten afleveren, waaronder training, coaching en advies.",
        department="Onderwijsadvies en training",
        purposes=(("diensten_afleveren", "art6_b", ""),),
        data_subjects=("cursisten", "klanten"),
        data_categories=(
            *CONTACT,
            "geslacht",
            "adresgegevens",
            "telefoonnummer",
            "locatiegegevens",
            "downloads",
            "actief_verstrekt",
        ),
        storage_location="Cursusadministratie van KPC Groep, gehost in Nederland",
    ),
    _controller(
        "Betalingen afhandelen",
        description="Facturen opstellen, betalingen verwerken en de administratie bijhouden.",
        department="Financiën",
        purposes=(("betaling", "art6_b", ""), ("wettelijke_bewaarplicht", "art6_c", "")),
        data_subjects=("klanten", "cursisten"),
        data_categories=(
            "voor_en_achternaam",
            "adresgegevens",
            "e_mailadres",
            "naam_organisatie",
            "betaalgegevens",
        ),
        recipient_categories=("belastingdienst", "betaaldiensten", "accountant"),
        recipients=("Belastingdienst", "Betaalzeker B.V."),
        retention=(
            STANDARD_RETENTION,
            *({**TAX_RETENTION, "data_category": code} for code in INVOICE_DATA),
        ),
        storage_location="Financiële administratie van KPC Groep, gehost in Nederland",
    ),
    _controller(
        "Klachten afhandelen",
        description="Klachten over diensten en producten registreren, behandelen en oplossen.",
        department="Klantenservice",
        purposes=(
            (
                "klachten",
                "art6_f",
                "Klachten zorgvuldig behandelen en de dienstverlening verbeteren; de klager "
                "verwacht dat zijn gegevens hiervoor worden gebruikt.",
            ),
        ),
        data_subjects=("klanten", "cursisten", "websitebezoekers"),
        data_categories=(*CONTACT, "telefoonnummer", "actief_verstrekt"),
    ),
    _controller(
        "Websiteanalyse met Google Analytics",
        description=(
            "Analyse van het gedrag op de website om de website te verbeteren en het aanbod af "
            "te stemmen op voorkeuren, met analytische cookies."
        ),
        department="Marketing en communicatie",
        purposes=(
            (
                "websiteanalyse",
                "art6_f",
                "Inzicht in het gebruik van de website om die te verbeteren en het aanbod af te "
                "stemmen. IP-adres, locatie en surfgedrag gaan naar Google (ook naar de VS); "
                "gegevens niet gedeeld voor advertenties.",
            ),
        ),
        data_subjects=("websitebezoekers",),
        data_categories=("ip_adres", "websiteactiviteit", "locatiegegevens"),
        recipient_categories=("analysediensten",),
        recipients=("Google Ireland Limited (Google Analytics)",),
        transfers=(
            {
                "country": "Verenigde Staten",
                "recipient": "Google LLC",
                "mechanism": "dpf",
                "safeguards": (
                    "Google LLC is gecertificeerd onder het EU-VS Data Privacy Framework; "
                    "de verwerkersvoorwaarden van Google bevatten daarnaast "
                    "standaardcontractbepalingen."
                ),
            },
        ),
        storage_location="Google Analytics (Google Ireland Limited)",
        data_source="Website kpcgroep.nl (cookies)",
    ),
    _controller(
        "Reacties op blogs publiceren",
        description=(
            "Bij de blogs op de website kan een bericht worden geplaatst; de ingevoerde "
            "informatie wordt gebruikt om de reactie zichtbaar te maken."
        ),
        purposes=(("blogreacties", "art6_a", ""),),
        data_subjects=("websitebezoekers",),
        data_categories=("voor_en_achternaam", "e_mailadres", "actief_verstrekt", "ip_adres"),
        recipient_categories=("publiek",),
        storage_location="Websitebeheersysteem van kpcgroep.nl, gehost in Nederland",
    ),
]

_PUPIL = (
    "voor_en_achternaam",
    "leerjaar_groep",
    "klas",
    "eck_id",
    "leerresultaten",
    "gebruiksgegevens",
    "school",
)
_TEACHER = ("voor_en_achternaam", "e_mailadres", "rol", "school", "eck_id", "gebruiksgegevens")
_ADMIN = ("voor_en_achternaam", "e_mailadres", "rol", "school")
# The purposes a kind of data serves in a learning product; not listed: all three purposes.
_SERVES = {
    "leerjaar_groep": ("leermiddel_leveren", "leerresultaten_volgen"),
    "klas": ("leermiddel_leveren", "leerresultaten_volgen"),
    "eck_id": ("leermiddel_leveren", "gebruikersbeheer"),
    "leerresultaten": ("leerresultaten_volgen",),
    "gebruiksgegevens": ("leermiddel_leveren", "leerresultaten_volgen"),
    "school": ("leermiddel_leveren", "gebruikersbeheer"),
    "e_mailadres": ("gebruikersbeheer",),
    "rol": ("gebruikersbeheer",),
}
PROCESSOR_RETENTION = {
    "period": "Tot het einde van de licentie",
    "trigger": "Einde van de licentie (onderliggende overeenkomst)",
    "reason": (
        "Na afloop van de licentie worden de gegevens binnen drie maanden verwijderd, of eerder "
        "op verzoek aan de school teruggegeven (art. 28 lid 3 sub g AVG)."
    ),
    "legal_exception": "",
}
SUBPROCESSORS = (
    (
        "NedCloud Hosting B.V.",
        "Hosting van de applicatie en database",
        "Nederland",
        "Verwerkersovereenkomst; ISO 27001-gecertificeerd datacenter",
    ),
    ("Back-up Veilig B.V.", "Versleutelde back-ups", "Nederland", "Verwerkersovereenkomst"),
)


def _processor(product: str, name: str, student: str, description: str) -> dict[str, Any]:
    return {
        "name": name,
        "product": product,
        "description": description,
        "department": "Digitale onderwijsmiddelen",
        "owner": OWNER,
        "processing_categories": (
            "Aanmaken en beheren van accounts van leerlingen, leraren en beheerders; aanbieden "
            "van leerinhoud; vastleggen van leerresultaten en voortgang en die tonen aan de "
            "leraar; ondersteuning van gebruikers; back-ups en beveiliging."
        ),
        "data_source": "De school (via de schooladministratie of het ECK iD) en de gebruikers",
        "rights_available": (
            "De school is verwerkingsverantwoordelijke; KPC Groep helpt de school bij verzoeken "
            "van betrokkenen (art. 28 lid 3 sub e AVG)."
        ),
        "security_description": SECURITY,
        "storage_location": "Applicatieomgeving bij NedCloud Hosting B.V., Nederland",
        "purposes": (
            ("leermiddel_leveren", "art6_e", ""),
            ("leerresultaten_volgen", "art6_e", ""),
            ("gebruikersbeheer", "art6_e", ""),
        ),
        "data_subjects": (student, "leraren", "schoolbeheerders"),
        # (category, data subject, purposes served): administrators' data only for accounts.
        "data_categories": (
            *((c, student, _SERVES.get(c, ())) for c in _PUPIL),
            *((c, "leraren", _SERVES.get(c, ())) for c in _TEACHER),
            *((c, "schoolbeheerders", ("gebruikersbeheer",)) for c in _ADMIN),
        ),
        "recipient_categories": ("scholen", "subverwerkers"),
        "recipients": (),
        "subprocessors": SUBPROCESSORS,
        "transfers": (),
        "retention": (PROCESSOR_RETENTION,),
        "security_measures": (
            *MEASURES,
            "mfa",
            "pseudonimisering",
            "patchbeheer",
            "pentest",
            "datacenter",
            "datalekprocedure",
        ),
    }


PROCESSOR_ACTIVITIES: list[dict[str, Any]] = [
    _processor(
        "DOENIN",
        "DOENIN: digitaal onderwijsmiddel voor scholen",
        "leerlingen",
        "Verwerking van leerling- en leraargegevens in DOENIN in opdracht van de school.",
    ),
    _processor(
        "SVA",
        "Scholing voor Arbeid (SVA): digitaal onderwijsmiddel",
        "leerlingen",
        "Verwerking van gegevens van leerlingen, studenten en docenten in SVA in opdracht van "
        "de school.",
    ),
]
