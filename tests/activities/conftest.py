"""Fixtures for the activities tests: a small vocabulary, the own organisation, commands."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

import pytest

from register.activities.commands import (
    ActivityCommand,
    DataCategoryLine,
    PurposeLine,
    RetentionLine,
    SubprocessorLine,
)
from register.activities.models import Role
from register.organisations.models import OrganisationKind
from register.vocabularies.models import Vocabulary


@dataclass
class Vocab:
    purpose: Any
    purpose2: Any
    consent: Any
    interest: Any
    condition: Any
    pupils: Any
    teachers: Any
    email: Any
    health: Any
    no_recipients: Any
    it_supplier: Any
    scc: Any
    encryption: Any
    logging: Any


@pytest.fixture
def vocab(make_term) -> Vocab:
    """One or two terms of every vocabulary."""
    return Vocab(
        purpose=make_term(Vocabulary.PURPOSE, "Onderwijs leveren"),
        purpose2=make_term(Vocabulary.PURPOSE, "Nieuwsbrief versturen"),
        consent=make_term(
            Vocabulary.LEGAL_BASIS, "Toestemming", reference="AVG art. 6 lid 1 sub a"
        ),
        interest=make_term(
            Vocabulary.LEGAL_BASIS, "Gerechtvaardigd belang", reference="AVG art. 6 lid 1 sub f"
        ),
        condition=make_term(Vocabulary.SPECIAL_CONDITION, "Uitdrukkelijke toestemming"),
        pupils=make_term(Vocabulary.DATA_SUBJECT, "Leerlingen"),
        teachers=make_term(Vocabulary.DATA_SUBJECT, "Docenten"),
        email=make_term(Vocabulary.DATA_CATEGORY, "E-mailadres"),
        health=make_term(Vocabulary.DATA_CATEGORY, "Gezondheid", is_special_category=True),
        no_recipients=make_term(
            Vocabulary.RECIPIENT_CATEGORY, "Geen ontvangers buiten de organisatie"
        ),
        it_supplier=make_term(Vocabulary.RECIPIENT_CATEGORY, "IT-leveranciers"),
        scc=make_term(Vocabulary.TRANSFER_MECHANISM, "Modelcontractbepalingen (SCC)"),
        encryption=make_term(Vocabulary.SECURITY_MEASURE, "Versleuteling", group="Technisch"),
        logging=make_term(Vocabulary.SECURITY_MEASURE, "Logging", group="Technisch"),
    )


@pytest.fixture
def own_organisation(make_organisation):
    """The company itself, with complete contact details."""
    return make_organisation(
        OrganisationKind.OWN,
        name="KPC Groep",
        address="Kooikersweg 1",
        postcode="5223 KA",
        city="'s-Hertogenbosch",
        email="privacy@kpcgroep.nl",
    )


@pytest.fixture
def complete_command(vocab, own_organisation):
    """A factory for commands of a complete controller activity, with changes."""

    def factory(**changes: Any) -> ActivityCommand:
        command = ActivityCommand(
            name="Nieuwsbrief",
            role=Role.CONTROLLER,
            description="Het versturen van de nieuwsbrief",
            owner="Hoofd marketing",
            storage_location="Mailsysteem",
            review_date=dt.date(2030, 1, 1),
            purposes=(PurposeLine(vocab.purpose2.id, vocab.consent.id),),
            data_subject_ids=(vocab.teachers.id,),
            data_categories=(DataCategoryLine(vocab.email.id, vocab.teachers.id),),
            recipient_category_ids=(vocab.no_recipients.id,),
            retention_rules=(RetentionLine("Tot afmelding", reason="Nodig om te versturen"),),
            security_measure_ids=(vocab.encryption.id,),
        )
        return replace(command, **changes)

    return factory


@pytest.fixture
def processor_command(complete_command, vocab, make_product, make_organisation):
    """A factory for a complete processor activity for a product (licences not included)."""
    product = make_product(code="DOENIN", name="DOENIN")
    host = make_organisation(OrganisationKind.SUBPROCESSOR, name="Hoster BV")

    def factory(**changes: Any) -> ActivityCommand:
        base = complete_command(
            name="DOENIN leeromgeving",
            role=Role.PROCESSOR,
            product_id=product.id,
            processing_categories="Opslag van leerresultaten",
            recipient_category_ids=(),
            subprocessors=(SubprocessorLine(host.id, "Hosting", "Nederland", "ISO 27001"),),
        )
        return replace(base, **changes)

    factory.product = product  # type: ignore[attr-defined]
    return factory


@pytest.fixture
def form_data(vocab, own_organisation):
    """A factory for the POST data of a complete controller activity (a MultiDict)."""
    from werkzeug.datastructures import MultiDict

    def factory(**changes: Any) -> MultiDict:
        data: dict[str, Any] = {
            "name": "Nieuwsbrief",
            "description": "Het versturen van de nieuwsbrief",
            "role": "controller",
            "owner": "Hoofd marketing",
            "department": "Marketing",
            "review_date": "2030-01-01",
            "storage_location": "Mailsysteem",
            "dpia_status": "not_needed",
            "purposes-0-purpose_id": str(vocab.purpose2.id),
            "purposes-0-legal_basis_id": str(vocab.consent.id),
            "purposes-1-purpose_id": "",
            "data_subject_ids": [str(vocab.teachers.id)],
            "data_categories-0-term_id": str(vocab.email.id),
            "data_categories-0-data_subject_id": str(vocab.teachers.id),
            "data_categories-0-is_required": "y",
            "recipient_category_ids": [str(vocab.no_recipients.id)],
            "retention_rules-0-period": "Tot afmelding",
            "retention_rules-0-reason": "Nodig om te versturen",
            "security_measure_ids": [str(vocab.encryption.id)],
            "version": "",
        }
        for key, value in changes.items():
            if value is None:
                data.pop(key, None)
            else:
                data[key] = value
        multi = MultiDict()
        for key, value in data.items():
            for item in value if isinstance(value, list) else [value]:
                multi.add(key, item)
        return multi

    return factory


@pytest.fixture
def captured(app):
    """The templates rendered during a request, with their context."""
    from flask import template_rendered

    records: list[tuple[str, dict[str, Any]]] = []

    def record(sender: Any, template: Any, context: dict[str, Any], **extra: Any) -> None:
        records.append((template.name, context))

    template_rendered.connect(record, app)
    yield records
    template_rendered.disconnect(record, app)


def table_counts() -> dict[str, int]:
    """Row counts of every activity table (to prove nothing was half written)."""
    import sqlalchemy as sa

    from register.extensions import db

    names = [
        "activity",
        "activity_purpose",
        "activity_data_category",
        "activity_subprocessor",
        "transfer",
        "retention_rule",
        "activity_version",
        "activity_data_subject",
        "activity_recipient_category",
        "activity_security_measure",
        "activity_recipient",
    ]
    return {
        name: db.session.scalar(sa.select(sa.func.count()).select_from(sa.table(name)))
        for name in names
    }
