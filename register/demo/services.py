"""Loading the demo register: idempotent, every object looked up by its natural key first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from register.activities.catalogue import empty_record
from register.activities.commands import ActivityCommand, command_from_record
from register.activities.models import Activity, Role
from register.calendar import today
from register.demo import parties
from register.demo.accounts import ensure_accounts
from register.demo.agreements import ensure_demo_agreements
from register.demo.past import record_with_past
from register.demo.register_data import CONTROLLER_ACTIVITIES, LIA_LINKS, PROCESSOR_ACTIVITIES
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


class _References:
    """Resolves the names in a demo record: terms by code, parties by name, products by code."""

    def __init__(
        self, session: Session, orgs: dict[str, Organisation], products: dict[str, Product]
    ) -> None:
        self._terms = {(t.vocabulary, t.code): t.id for t in session.scalars(sa.select(Term))}
        self._orgs = orgs
        self._products = products

    def term_id(self, vocabulary: Vocabulary, label: str | None) -> int | None:
        return self._terms[(vocabulary, label)] if label else None

    def organisation_id(self, name: str) -> int:
        return self._orgs[name].id

    def product_id(self, code: str) -> int:
        return self._products[code].id


# The text items of a demo activity that are copied into its record as they are.
_TEXTS = (
    "name",
    "description",
    "department",
    "owner",
    "processing_categories",
    "storage_location",
    "data_source",
    "security_description",
    "rights_available",
)


def _record(spec: dict[str, Any]) -> dict[str, Any]:
    """The canonical record of one demo activity, its terms named by code."""
    record = empty_record()
    record.update((key, spec[key]) for key in _TEXTS if key in spec)
    record["role"] = (Role.PROCESSOR if spec.get("product") else Role.CONTROLLER).value
    record["product"] = {"code": spec["product"]} if spec.get("product") else None
    record["review_date"] = (today().replace(day=1) + dt.timedelta(days=366)).isoformat()
    record["purposes"] = [
        {"purpose": purpose, "legal_basis": basis, "special_condition": None}
        | {"legitimate_interest": interest, "lia_link": LIA_LINKS.get(purpose, "")}
        for purpose, basis, interest in spec["purposes"]
    ]
    record["data_subjects"] = list(spec["data_subjects"])
    record["data_categories"] = [_data_category(item) for item in spec["data_categories"]]
    record["recipient_categories"] = list(spec["recipient_categories"])
    record["recipients"] = [{"name": name} for name in spec["recipients"]]
    record["subprocessors"] = [
        dict(zip(("name", "service", "location", "safeguard"), sub, strict=True))
        for sub in spec.get("subprocessors", ())
    ]
    record["transfers"] = [dict(t) for t in spec["transfers"]]
    record["retention"] = [{"data_category": None, **r} for r in spec["retention"]]
    record["security_measures"] = [{"label": code} for code in spec["security_measures"]]
    return record


def _data_category(item: Any) -> dict[str, Any]:
    """A category code alone, or (code, data subject code, purpose codes served)."""
    code, subject, serves = (item, None, ()) if isinstance(item, str) else item
    return {"category": code, "data_subject": subject, "required": True, "purposes": serves}


def _command(spec: dict[str, Any], refs: _References) -> ActivityCommand:
    """The service input of one demo activity, through the record as an import writes it."""
    command = command_from_record(_record(spec), refs)
    # Link-table lists in term order, as they load back.
    return replace(
        command,
        data_subject_ids=tuple(sorted(command.data_subject_ids)),
        recipient_category_ids=tuple(sorted(command.recipient_category_ids)),
        recipient_ids=tuple(sorted(command.recipient_ids)),
        security_measure_ids=tuple(sorted(command.security_measure_ids)),
    )


def _load_activities(
    session: Session,
    orgs: dict[str, Organisation],
    products: dict[str, Product],
    result: DemoResult,
) -> None:
    existing = set(session.execute(sa.select(Activity.name, Activity.role)))
    refs = _References(session, orgs, products)
    for index, spec in enumerate([*CONTROLLER_ACTIVITIES, *PROCESSOR_ACTIVITIES]):
        command = _command(spec, refs)
        if (command.name, command.role) in existing:
            continue
        record_with_past(session, command, index)
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
