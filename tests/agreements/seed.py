"""A small but complete register to build agreements from (used by agreement and portal tests)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from register.activities.models import (
    Activity,
    ActivityDataCategory,
    ActivityPurpose,
    ActivityStatus,
    ActivitySubprocessor,
    RetentionRule,
    Role,
)
from register.agreements.services import AgreementCommand
from register.extensions import db
from register.organisations.models import Organisation, OrganisationKind
from register.products.models import Licence, Product, ProductKind
from register.vocabularies.models import Term, Vocabulary

PARTICULARS = {
    "controller_signatory": {"name": "J. de Vries", "function": "Voorzitter College van Bestuur"},
    "processor_signatory": {"name": "M. Bakker", "function": "Directeur"},
    "controller_privacy_contact": {
        "name": "A. Jansen",
        "email": "privacy@voorbeeldscholen.example",
        "phone": "030 123 4567",
    },
    "controller_breach_contact": {
        "name": "Servicedesk",
        "email": "datalek@voorbeeldscholen.example",
        "phone": "030 123 4500",
    },
    "processor_breach_contact": {
        "name": "Security Officer KPC",
        "email": "datalek@kpcgroep.nl",
        "phone": "085 210 1500",
    },
}


@dataclass
class Register:
    own_id: int
    school_id: int
    other_school_id: int
    product_id: int
    product_code: str
    other_product_id: int
    activity_id: int
    licence_id: int
    subprocessor_id: int

    def command(self, **changes: Any) -> AgreementCommand:
        fields: dict[str, Any] = {
            "school_id": self.school_id,
            "product_ids": (self.product_id,),
            "template": "convenant-4.0/1",
            "title": "Verwerkersovereenkomst Digitale Onderwijsmiddelen",
            "term_start": dt.date(2026, 8, 1),
            "term_end": None,
            "notice_period_months": 3,
            "particulars": PARTICULARS,
        }
        fields.update(changes)
        return AgreementCommand(**fields)


def _term(vocabulary: Vocabulary, label: str, **fields: Any) -> Term:
    term = Term(vocabulary=vocabulary, label=label, code=label.lower().replace(" ", "-"), **fields)
    db.session.add(term)
    return term


def seed_register() -> Register:
    """Own organisation, two schools, two products with licences, one complete activity."""
    session = db.session
    own = Organisation(
        kind=OrganisationKind.OWN,
        name="KPC Groep",
        legal_form="Stichting",
        kvk="41181579",
        address="Kooikersweg 2",
        postcode="5223 KA",
        city="'s-Hertogenbosch",
        website="https://www.kpcgroep.nl",
        email="info@kpcgroep.nl",
        phone="073 624 7247",
        representative_name="M. de Bestuurder",
        representative_function="Voorzitter raad van bestuur",
        privacy_contact_name="Privacyteam KPC Groep",
        privacy_contact_email="privacy@kpcgroep.nl",
        # Art. 30(1)(a): an FG or the reasoned decision not to appoint one (documents check).
        dpo_name="F. Functionaris",
        dpo_email="fg@kpcgroep.nl",
    )
    school = Organisation(
        kind=OrganisationKind.SCHOOL,
        name="Stichting Voorbeeldscholen",
        brin="12AB",
        kvk="40000001",
        address="Schoolstraat 1",
        postcode="3511 AA",
        city="Utrecht",
        representative_name="J. Janssen",
        representative_function="Voorzitter college van bestuur",
    )
    other = Organisation(
        kind=OrganisationKind.SCHOOL,
        name="Andere Scholengroep",
        brin="34CD",
        kvk="40000002",
        representative_name="P. Pieters",
        representative_function="Bestuurder",
    )
    cloud = Organisation(
        kind=OrganisationKind.SUBPROCESSOR, name="Wolkendienst B.V.", location="Nederland"
    )
    doenin = Product(
        code="DOENIN",
        name="DOENIN",
        kind=ProductKind.LEARNING_PRODUCT,
        description="Digitale leeromgeving voor praktijkonderwijs",
        url="https://www.doenin.nl",
        target_groups="VO MBO",
        users="Leerlingen, docenten",
        deletion_term="drie maanden",
    )
    sva = Product(code="SVA", name="Scholing voor Arbeid", kind=ProductKind.LEARNING_PRODUCT)
    session.add_all([own, school, other, cloud, doenin, sva])
    session.flush()
    pupils = _term(Vocabulary.DATA_SUBJECT, "Leerlingen")
    name = _term(Vocabulary.DATA_CATEGORY, "Naam")
    results = _term(Vocabulary.DATA_CATEGORY, "Leerresultaten")
    purpose = _term(Vocabulary.PURPOSE, "Aanbieden van het leermiddel")
    basis = _term(Vocabulary.LEGAL_BASIS, "Uitvoering overeenkomst", reference="art. 6(1)(b)")
    encryption = _term(
        Vocabulary.SECURITY_MEASURE,
        "Versleuteling",
        group="Technisch",
        description="Alle verbindingen met TLS 1.2 of hoger",
    )
    session.flush()
    activity = Activity(
        name="DOENIN voor scholen",
        role=Role.PROCESSOR,
        status=ActivityStatus.ACTIVE,
        product_id=doenin.id,
        storage_location="Datacentrum Amsterdam",
        rights_available="Verzoeken lopen via de school.",
        processing_categories="Opslaan en tonen van leerresultaten",
    )
    activity.purposes = [ActivityPurpose(purpose_id=purpose.id, legal_basis_id=basis.id)]
    activity.data_categories = [
        ActivityDataCategory(term_id=name.id, data_subject_id=pupils.id, is_required=True),
        ActivityDataCategory(term_id=results.id, data_subject_id=pupils.id, is_required=False),
    ]
    activity.data_subjects = [pupils]
    activity.security_measures = [encryption]
    activity.subprocessors = [
        ActivitySubprocessor(
            organisation_id=cloud.id,
            service="Hosting",
            location="Nederland",
            safeguard="Verwerkersovereenkomst",
        )
    ]
    activity.retention_rules = [
        RetentionRule(
            period="12 maanden na einde licentie", trigger="einde licentie", reason="herstel"
        )
    ]
    session.add(activity)
    licence = Licence(
        organisation_id=school.id,
        product_id=doenin.id,
        start_date=dt.date(2026, 8, 1),
        reference="LIC-1",
    )
    session.add_all(
        [
            licence,
            Licence(organisation_id=school.id, product_id=sva.id, start_date=dt.date(2026, 8, 1)),
            Licence(organisation_id=other.id, product_id=doenin.id, start_date=dt.date(2026, 8, 1)),
        ]
    )
    session.commit()
    return Register(
        own_id=own.id,
        school_id=school.id,
        other_school_id=other.id,
        product_id=doenin.id,
        product_code=doenin.code,
        other_product_id=sva.id,
        activity_id=activity.id,
        licence_id=licence.id,
        subprocessor_id=cloud.id,
    )
