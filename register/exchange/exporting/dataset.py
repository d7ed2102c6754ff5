"""Everything an export holds, read in a fixed number of queries: now or on a past date."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from register.activities.facts import load_facts
from register.activities.models import Activity, ActivityVersion
from register.activities.record import activity_record, record_loaders
from register.calendar import LOCAL_ZONE, today
from register.db import utcnow
from register.exchange.columns import (
    ORGANISATION_FIELDS,
    ORGANISATION_FLAGS,
    SCHOOL_CONTROLLER_FIELDS,
)
from register.exchange.filters import ActivityFilter, resolve
from register.organisations.models import Organisation, OrganisationKind
from register.products.models import Licence, Product
from register.vocabularies.models import Term


@dataclass
class RegisterData:
    """The register to export: own organisation, records, controllers and vocabularies."""

    organisation: dict[str, Any] | None
    records: list[dict[str, Any]]
    # Product code -> the schools with a licence running on the reference date.
    controllers: dict[str, list[dict[str, Any]]]
    vocabularies: dict[str, list[dict[str, Any]]]
    reference_date: dt.date
    # Product code -> name, for every product with such a licence.
    product_names: dict[str, str] = field(default_factory=dict)
    # Product code -> its term for deleting or returning the data (art. 28(3)(g)).
    deletion_terms: dict[str, str] = field(default_factory=dict)
    as_of: dt.date | None = None
    filter: ActivityFilter = field(default_factory=ActivityFilter)
    generated_at: dt.datetime = field(default_factory=utcnow)

    @property
    def controller_records(self) -> list[dict[str, Any]]:
        return [r for r in self.records if r.get("role") == "controller"]

    @property
    def processor_records(self) -> list[dict[str, Any]]:
        return [r for r in self.records if r.get("role") == "processor"]


def end_of_day(day: dt.date) -> dt.datetime:
    """The first moment after `day` in the Netherlands, as UTC (versions before it count)."""
    next_day = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), LOCAL_ZONE)
    return next_day.astimezone(dt.UTC)


def _sort_key(record: dict[str, Any]) -> tuple[str, str, int]:
    return (record.get("role") or "", (record.get("name") or "").casefold(), record.get("id") or 0)


def current_records(session: Session) -> list[dict[str, Any]]:
    """The records of all activities as they are now (a fixed number of queries)."""
    activities = session.scalars(sa.select(Activity).options(*record_loaders())).unique()
    return [{**activity_record(a), "version": a.version} for a in activities]


def records_as_of(session: Session, day: dt.date) -> list[dict[str, Any]]:
    """Each activity's newest version saved by the end of `day` (one query)."""
    newest = (
        sa.select(ActivityVersion.activity_id, sa.func.max(ActivityVersion.number).label("number"))
        .where(ActivityVersion.created_at < end_of_day(day))
        .group_by(ActivityVersion.activity_id)
        .subquery()
    )
    rows = session.execute(
        sa.select(
            ActivityVersion.activity_id, ActivityVersion.number, ActivityVersion.snapshot
        ).join(
            newest,
            sa.and_(
                ActivityVersion.activity_id == newest.c.activity_id,
                ActivityVersion.number == newest.c.number,
            ),
        )
    )
    return [
        {**snapshot, "id": activity_id, "version": number} for activity_id, number, snapshot in rows
    ]


def own_organisation(session: Session) -> dict[str, Any] | None:
    """The own organisation's name, contact details and FG (or why it has none), or None
    when it is not recorded."""
    own = session.scalars(
        sa.select(Organisation).where(Organisation.kind == OrganisationKind.OWN).limit(1)
    ).first()
    if own is None:
        return None
    return {
        name: bool(getattr(own, name)) if name in ORGANISATION_FLAGS else getattr(own, name) or ""
        for name, _label in ORGANISATION_FIELDS
    }


def controllers_by_product(
    session: Session, day: dt.date
) -> tuple[dict[str, list[dict[str, Any]]], dict[str, str], dict[str, str]]:
    """Product code -> schools with a licence running on `day` (one query); product names
    and deletion terms."""
    rows = session.execute(
        sa.select(Product.code, Product.name, Product.deletion_term, Organisation, Licence)
        .join(Licence, Licence.product_id == Product.id)
        .join(Organisation, Organisation.id == Licence.organisation_id)
        .where(
            Licence.start_date <= day,
            sa.or_(Licence.end_date.is_(None), Licence.end_date >= day),
        )
        .order_by(Product.code, Organisation.name, Organisation.id, Licence.start_date)
    )
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    names: dict[str, str] = {}
    terms: dict[str, str] = {}
    for code, name, term, org, licence in rows:
        names[code] = name
        terms[code] = term or ""
        out[code].append(
            {
                "controller": {
                    name: getattr(org, name) or "" for name, _header in SCHOOL_CONTROLLER_FIELDS
                },
                "licence": {
                    "start_date": licence.start_date.isoformat(),
                    "end_date": licence.end_date.isoformat() if licence.end_date else None,
                    "reference": licence.reference,
                },
            }
        )
    return dict(out), names, terms


def term_row(term: Term) -> dict[str, Any]:
    """A vocabulary term as plain values."""
    return {
        "label": term.label,
        "code": term.code,
        "description": term.description,
        "reference": term.reference,
        "group": term.group,
        "is_special_category": term.is_special_category,
        "is_criminal_data": term.is_criminal_data,
        "is_national_identifier": term.is_national_identifier,
        "sort_order": term.sort_order,
        "is_active": term.is_active,
    }


def vocabularies(session: Session) -> dict[str, list[dict[str, Any]]]:
    """Every vocabulary's terms in display order (one query)."""
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    terms = session.scalars(sa.select(Term).order_by(Term.sort_order, Term.label, Term.id))
    for term in terms:
        out[term.vocabulary.value].append(term_row(term))
    return dict(out)


def load_register(
    session: Session,
    *,
    activity_filter: ActivityFilter | None = None,
    as_of: dt.date | None = None,
) -> RegisterData:
    """The register now (or as it stood at the end of `as_of`), filtered like the overview."""
    activity_filter = activity_filter or ActivityFilter()
    reference = as_of or today()
    facts = load_facts(session, reference) if activity_filter.incomplete else None
    matcher = resolve(session, activity_filter, reference, facts)
    records = records_as_of(session, as_of) if as_of else current_records(session)
    records = sorted((r for r in records if matcher.matches(r)), key=_sort_key)
    controllers, product_names, deletion_terms = controllers_by_product(session, reference)
    return RegisterData(
        organisation=own_organisation(session),
        records=records,
        controllers=controllers,
        product_names=product_names,
        deletion_terms=deletion_terms,
        vocabularies=vocabularies(session),
        reference_date=reference,
        as_of=as_of,
        filter=activity_filter,
    )


def school_rows(data: RegisterData) -> list[dict[str, Any]]:
    """One row per school (controller) with a licence, and product, naming the processor
    activities carried out for it (art. 30(2)(a) and (b))."""
    activities: dict[str, list[str]] = defaultdict(list)
    for record in data.processor_records:
        activities[(record.get("product") or {}).get("code") or ""].append(record["name"])
    rows: list[dict[str, Any]] = []
    for code in sorted(data.controllers):
        product = {
            "code": code,
            "name": data.product_names.get(code, code),
            "deletion_term": data.deletion_terms.get(code, ""),
        }
        for entry in data.controllers[code]:
            rows.append({**entry, "product": product, "activities": activities.get(code, [])})
    return rows
