"""Loading the demo register: idempotent, every object looked up by its natural key first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from register.activities.commands import (
    ActivityCommand,
    DataCategoryLine,
    PurposeLine,
    RetentionLine,
    SubprocessorLine,
    TransferLine,
)
from register.activities.models import Activity, Role
from register.activities.services import create_activity
from register.calendar import today
from register.demo import parties
from register.demo.accounts import ensure_accounts
from register.demo.agreements import ensure_demo_agreements
from register.demo.register_data import CONTROLLER_ACTIVITIES, PROCESSOR_ACTIVITIES
from register.demo.security import describe_security_measures
from register.organisations.models import Organisation, OrganisationKind
from register.products.models import Licence, Product, ProductKind
from register.statement.demo import ensure_demo_statement
from register.subject_requests.demo import ensure_demo_privacy_registers
from register.vocabularies.defaults import ensure_default_vocabularies
from register.vocabularies.models import Term, Vocabulary

LICENCE_START = dt.date(2024, 8, 1)


@dataclass
class DemoResult:
    """How many objects of each kind the demo added (all zero on a second run)."""

    added: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str, number: int = 1) -> None:
        if number:
            self.added[kind] = self.added.get(kind, 0) + number

    @property
    def total(self) -> int:
        return sum(self.added.values())


class _Terms:
    """Default terms by (vocabulary, code), read in one query."""

    def __init__(self, session: Session) -> None:
        self._terms = {(t.vocabulary, t.code): t for t in session.scalars(sa.select(Term))}

    def __call__(self, vocabulary: Vocabulary, code: str) -> Term:
        return self._terms[(vocabulary, code)]


def _organisation(
    session: Session, kind: OrganisationKind, values: dict[str, Any]
) -> tuple[Organisation, bool]:
    if kind is OrganisationKind.OWN:
        where = Organisation.kind == OrganisationKind.OWN
    elif values.get("brin"):
        where = Organisation.brin == values["brin"]
    else:
        where = sa.and_(Organisation.kind == kind, Organisation.name == values["name"])
    found = session.scalars(sa.select(Organisation).where(where).limit(1)).first()
    if found is not None:
        return found, False
    organisation = Organisation(kind=kind, **values)
    session.add(organisation)
    return organisation, True


def _load_parties(
    session: Session, result: DemoResult
) -> tuple[dict[str, Organisation], list[Organisation]]:
    by_name: dict[str, Organisation] = {}
    for kind, rows in (
        (OrganisationKind.OWN, [parties.OWN]),
        (OrganisationKind.SUBPROCESSOR, parties.SUBPROCESSORS),
        (OrganisationKind.RECIPIENT, parties.RECIPIENTS),
    ):
        for values in rows:
            organisation, added = _organisation(session, kind, values)
            by_name[values["name"]] = organisation
            result.count("organisations", int(added))
    schools = []
    for values in parties.schools():
        organisation, added = _organisation(session, OrganisationKind.SCHOOL, values)
        schools.append(organisation)
        result.count("organisations", int(added))
    session.flush()
    return by_name, schools


def _load_products(
    session: Session, schools: list[Organisation], result: DemoResult
) -> dict[str, Product]:
    products = {}
    for values in parties.PRODUCTS:
        product = session.scalar(sa.select(Product).where(Product.code == values["code"]))
        if product is None:
            product = Product(kind=ProductKind.LEARNING_PRODUCT, **values)
            session.add(product)
            result.count("products")
        products[values["code"]] = product
    session.flush()
    existing = set(
        session.execute(sa.select(Licence.organisation_id, Licence.product_id, Licence.start_date))
    )
    for index, codes in parties.LICENCES.items():
        school = schools[index]
        for code in codes:
            key = (school.id, products[code].id, LICENCE_START)
            if key not in existing:
                session.add(
                    Licence(
                        organisation_id=school.id,
                        product_id=products[code].id,
                        start_date=LICENCE_START,
                        reference=f"LIC-{code}-{school.brin}",
                    )
                )
                result.count("licences")
    session.flush()
    return products


def _command(
    spec: dict[str, Any], terms: _Terms, orgs: dict[str, Organisation], products: dict[str, Product]
) -> ActivityCommand:
    """The service input of one demo activity (terms by code, parties by name)."""

    def term_id(vocabulary: Vocabulary, code: str | None) -> int | None:
        return terms(vocabulary, code).id if code else None

    def term_ids(vocabulary: Vocabulary, codes: Any) -> tuple[int, ...]:
        return tuple(terms(vocabulary, code).id for code in codes)

    return ActivityCommand(
        name=spec["name"],
        description=spec.get("description", ""),
        role=Role.PROCESSOR if spec.get("product") else Role.CONTROLLER,
        product_id=products[spec["product"]].id if spec.get("product") else None,
        department=spec["department"],
        owner=spec["owner"],
        processing_categories=spec.get("processing_categories", ""),
        storage_location=spec["storage_location"],
        data_source=spec["data_source"],
        security_description=spec["security_description"],
        rights_available=spec["rights_available"],
        review_date=today().replace(day=1) + dt.timedelta(days=366),
        purposes=tuple(
            PurposeLine(
                purpose_id=terms(Vocabulary.PURPOSE, purpose).id,
                legal_basis_id=term_id(Vocabulary.LEGAL_BASIS, basis),
                legitimate_interest=interest,
            )
            for purpose, basis, interest in spec["purposes"]
        ),
        # Link-table lists in term order, as they load back.
        data_subject_ids=tuple(sorted(term_ids(Vocabulary.DATA_SUBJECT, spec["data_subjects"]))),
        data_categories=tuple(
            DataCategoryLine(
                term_id=terms(
                    Vocabulary.DATA_CATEGORY, item if isinstance(item, str) else item[0]
                ).id,
                data_subject_id=None
                if isinstance(item, str)
                else term_id(Vocabulary.DATA_SUBJECT, item[1]),
            )
            for item in spec["data_categories"]
        ),
        recipient_category_ids=tuple(
            sorted(term_ids(Vocabulary.RECIPIENT_CATEGORY, spec["recipient_categories"]))
        ),
        recipient_ids=tuple(sorted(orgs[name].id for name in spec["recipients"])),
        subprocessors=tuple(
            SubprocessorLine(
                organisation_id=orgs[name].id,
                service=service,
                location=location,
                safeguard=safeguard,
            )
            for name, service, location, safeguard in spec.get("subprocessors", ())
        ),
        transfers=tuple(
            TransferLine(
                country=t["country"],
                recipient=t["recipient"],
                mechanism_id=term_id(Vocabulary.TRANSFER_MECHANISM, t["mechanism"]),
                safeguards=t["safeguards"],
            )
            for t in spec["transfers"]
        ),
        retention_rules=tuple(
            RetentionLine(
                period=r["period"],
                data_category_id=term_id(Vocabulary.DATA_CATEGORY, r.get("data_category")),
                trigger=r["trigger"],
                reason=r["reason"],
                legal_exception=r["legal_exception"],
            )
            for r in spec["retention"]
        ),
        security_measure_ids=tuple(
            sorted(term_ids(Vocabulary.SECURITY_MEASURE, spec["security_measures"]))
        ),
    )


def _load_activities(
    session: Session,
    orgs: dict[str, Organisation],
    products: dict[str, Product],
    result: DemoResult,
) -> None:
    existing = set(session.execute(sa.select(Activity.name, Activity.role)))
    terms = _Terms(session)
    for spec in [*CONTROLLER_ACTIVITIES, *PROCESSOR_ACTIVITIES]:
        command = _command(spec, terms, orgs, products)
        if (command.name, command.role) in existing:
            continue
        create_activity(session, command, activate=True)
        result.count("activities")


def load_demo(session: Session, *, agreements_timeout: float | None = None) -> DemoResult:
    """Add whatever part of the demo register is missing; change nothing that exists.

    With `agreements_timeout` (seconds per PDF render) it also adds demo agreements.
    """
    result = DemoResult()
    result.count("terms", ensure_default_vocabularies(session).total)
    result.count("terms", describe_security_measures(session))
    orgs, schools = _load_parties(session, result)
    products = _load_products(session, schools, result)
    _load_activities(session, orgs, products, result)
    result.count("users", ensure_accounts(session))
    result.count("privacy_registers", ensure_demo_privacy_registers(session, today()))
    result.count("statement", ensure_demo_statement(session))
    if agreements_timeout is not None:
        result.count("agreements", ensure_demo_agreements(session, timeout=agreements_timeout))
    return result
