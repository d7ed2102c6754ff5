"""Loading the demo register: idempotent, every object looked up by its natural key first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from register.activities.completeness import mandatory_missing
from register.activities.facts import load_facts
from register.activities.models import (
    Activity,
    ActivityDataCategory,
    ActivityPurpose,
    ActivityStatus,
    ActivitySubprocessor,
    ActivityVersion,
    DpiaStatus,
    RetentionRule,
    Role,
    Transfer,
)
from register.activities.record import activity_record
from register.calendar import today
from register.demo import parties
from register.demo.accounts import ensure_accounts
from register.demo.agreements import ensure_demo_agreements
from register.demo.register_data import CONTROLLER_ACTIVITIES, PROCESSOR_ACTIVITIES
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


def _by_id(items: Any) -> list[Any]:
    return sorted(items, key=lambda item: item.id)


def _build(
    spec: dict[str, Any], terms: _Terms, orgs: dict[str, Organisation], products: dict[str, Product]
) -> Activity:
    activity = Activity(
        name=spec["name"],
        description=spec.get("description", ""),
        role=Role.PROCESSOR if spec.get("product") else Role.CONTROLLER,
        status=ActivityStatus.ACTIVE,
        product=products[spec["product"]] if spec.get("product") else None,
        department=spec["department"],
        owner=spec["owner"],
        processing_categories=spec.get("processing_categories", ""),
        storage_location=spec["storage_location"],
        data_source=spec["data_source"],
        security_description=spec["security_description"],
        rights_available=spec["rights_available"],
        review_date=today().replace(day=1) + dt.timedelta(days=366),
        # Column defaults apply only at insert; the record is built before that.
        joint_controller="",
        automated_decision_making=False,
        automated_decision_logic="",
        dpia_required=False,
        dpia_status=DpiaStatus.NOT_NEEDED,
        dpia_link="",
        retired_reason="",
    )
    activity.purposes = [
        ActivityPurpose(
            purpose=terms(Vocabulary.PURPOSE, purpose),
            legal_basis=terms(Vocabulary.LEGAL_BASIS, basis),
            legitimate_interest=interest,
        )
        for purpose, basis, interest in spec["purposes"]
    ]
    # Link-table lists in term order: the order they load back in (they have no order_by).
    activity.data_subjects = _by_id(
        terms(Vocabulary.DATA_SUBJECT, c) for c in spec["data_subjects"]
    )
    activity.data_categories = [
        ActivityDataCategory(
            term=terms(Vocabulary.DATA_CATEGORY, item if isinstance(item, str) else item[0]),
            data_subject=None if isinstance(item, str) else terms(Vocabulary.DATA_SUBJECT, item[1]),
        )
        for item in spec["data_categories"]
    ]
    activity.recipient_categories = _by_id(
        terms(Vocabulary.RECIPIENT_CATEGORY, c) for c in spec["recipient_categories"]
    )
    activity.recipients = _by_id(orgs[name] for name in spec["recipients"])
    activity.subprocessors = [
        ActivitySubprocessor(
            organisation=orgs[name], service=service, location=location, safeguard=safeguard
        )
        for name, service, location, safeguard in spec.get("subprocessors", ())
    ]
    activity.transfers = [
        Transfer(
            country=t["country"],
            recipient=t["recipient"],
            mechanism=terms(Vocabulary.TRANSFER_MECHANISM, t["mechanism"]),
            safeguards=t["safeguards"],
        )
        for t in spec["transfers"]
    ]
    activity.retention_rules = [
        RetentionRule(
            data_category=terms(Vocabulary.DATA_CATEGORY, r["data_category"])
            if r.get("data_category")
            else None,
            period=r["period"],
            trigger=r["trigger"],
            reason=r["reason"],
            legal_exception=r["legal_exception"],
        )
        for r in spec["retention"]
    ]
    activity.security_measures = _by_id(
        terms(Vocabulary.SECURITY_MEASURE, c) for c in spec["security_measures"]
    )
    return activity


def _load_activities(
    session: Session,
    orgs: dict[str, Organisation],
    products: dict[str, Product],
    result: DemoResult,
) -> None:
    existing = set(session.execute(sa.select(Activity.name, Activity.role)))
    specs = [*CONTROLLER_ACTIVITIES, *PROCESSOR_ACTIVITIES]
    terms = _Terms(session)
    facts = load_facts(session)
    for spec in specs:
        role = Role.PROCESSOR if spec.get("product") else Role.CONTROLLER
        if (spec["name"], role) in existing:
            continue
        activity = _build(spec, terms, orgs, products)
        # Counted before the insert, so the row is written once and its version stays 1.
        activity.missing_count = len(mandatory_missing(activity_record(activity), facts))
        session.add(activity)
        session.flush()
        session.add(
            ActivityVersion(activity_id=activity.id, number=1, snapshot=activity_record(activity))
        )
        result.count("activities")
    session.flush()


def load_demo(session: Session, *, agreements_timeout: float | None = None) -> DemoResult:
    """Add whatever part of the demo register is missing; change nothing that exists.

    With `agreements_timeout` (seconds per PDF render) it also adds demo agreements.
    """
    result = DemoResult()
    result.count("terms", ensure_default_vocabularies(session).total)
    orgs, schools = _load_parties(session, result)
    products = _load_products(session, schools, result)
    _load_activities(session, orgs, products, result)
    result.count("users", ensure_accounts(session))
    result.count("privacy_registers", ensure_demo_privacy_registers(session, today()))
    result.count("statement", ensure_demo_statement(session))
    if agreements_timeout is not None:
        result.count("agreements", ensure_demo_agreements(session, timeout=agreements_timeout))
    return result
