"""Carrying out an import plan: every row in one flush-only unit of work (all or nothing)."""

from __future__ import annotations

import datetime as dt
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
from register.activities.services import refresh_missing_counts
from register.audit.context import current_actor
from register.db import utcnow
from register.exchange.plan import ImportPlan
from register.exchange.references import VOCABULARIES, key
from register.organisations.models import Organisation, OrganisationKind
from register.products.models import Licence, Product, ProductKind
from register.vocabularies.models import Term


class _Lookup:
    """Terms, parties and products by natural key, existing and newly added."""

    def __init__(self, plan: ImportPlan) -> None:
        refs = plan.references
        self.terms = dict(refs.terms)
        self.parties = dict(refs.third_parties)
        self.products = dict(refs.products)

    def term(self, vocabulary: str, label: str | None) -> Term | None:
        return self.terms[(vocabulary, key(label))] if label else None


def _write_references(session: Session, plan: ImportPlan, lookup: _Lookup) -> None:
    refs = plan.references
    for (vocabulary, label_key), values in refs.new_terms.items():
        term = Term(vocabulary=VOCABULARIES[vocabulary], **values)
        session.add(term)
        lookup.terms[(vocabulary, label_key)] = term
    for term, changed in refs.changed_terms:
        for name, value in changed.items():
            setattr(term, name, value)
    if plan.organisation_changes:
        own = refs.own or Organisation(kind=OrganisationKind.OWN)
        for name, value in plan.organisation_changes.items():
            setattr(own, name, value or None if name == "kvk" else value)
        session.add(own)
    for name_key, values in refs.new_third_parties.items():
        party = Organisation(
            kind=OrganisationKind(values["kind"]), name=values["name"], location=values["location"]
        )
        session.add(party)
        lookup.parties[name_key] = party
    for code, values in refs.new_products.items():
        product = Product(code=code, name=values["name"], kind=ProductKind.LEARNING_PRODUCT)
        session.add(product)
        lookup.products[code] = product
    schools: dict[str, Organisation] = {}
    for marker, values in plan.new_schools.items():
        school = Organisation(
            kind=OrganisationKind.SCHOOL,
            name=values["name"],
            brin=values.get("brin") or None,
            rio=values.get("rio") or None,
            kvk=values.get("kvk") or None,
            city=values.get("city") or "",
            privacy_contact_email=values.get("privacy_contact_email") or "",
        )
        session.add(school)
        schools[marker] = school
    for target, code, licence in plan.new_licences:
        organisation = schools[target] if isinstance(target, str) else target
        session.add(
            Licence(
                organisation=organisation,
                product=lookup.products[code],
                start_date=dt.date.fromisoformat(licence["start_date"]),
                end_date=dt.date.fromisoformat(licence["end_date"])
                if licence.get("end_date")
                else None,
                reference=licence.get("reference") or "",
            )
        )


def _unique(items: list[Any]) -> list[Any]:
    seen: set[int] = set()
    return [i for i in items if i is not None and not (id(i) in seen or seen.add(id(i)))]  # type: ignore[func-returns-value]


def _fill(activity: Activity, record: dict[str, Any], lookup: _Lookup) -> None:
    """Set every item of the record on the activity, replacing its parts."""
    for name in (
        "name", "description", "department", "owner", "joint_controller",
        "processing_categories", "storage_location", "data_source", "automated_decision_making",
        "automated_decision_logic", "security_description", "rights_available", "retired_reason",
    ):  # fmt: skip
        setattr(activity, name, record[name])
    activity.role = Role(record["role"])
    activity.status = ActivityStatus(record["status"])
    product = record.get("product")
    activity.product = lookup.products[product["code"]] if product else None
    activity.dpia_required = record["dpia"]["required"]
    activity.dpia_status = DpiaStatus(record["dpia"]["status"])
    activity.dpia_link = record["dpia"]["link"]
    review = record.get("review_date")
    activity.review_date = dt.date.fromisoformat(review) if review else None
    retired = record.get("retired_at")
    if activity.status is ActivityStatus.RETIRED:
        activity.retired_at = activity.retired_at or (
            dt.datetime.fromisoformat(retired) if retired else utcnow()
        )
        if activity.retired_at.tzinfo is None:
            activity.retired_at = activity.retired_at.replace(tzinfo=dt.UTC)
    else:
        activity.retired_at = None
    term = lookup.term
    activity.purposes = [
        ActivityPurpose(
            purpose=term("purpose", p["purpose"]),
            legal_basis=term("legal_basis", p["legal_basis"]),
            special_condition=term("special_condition", p["special_condition"]),
            legitimate_interest=p["legitimate_interest"],
            lia_link=p["lia_link"],
        )
        for p in record["purposes"]
    ]
    activity.data_subjects = _unique([term("data_subject", s) for s in record["data_subjects"]])
    activity.data_categories = [
        ActivityDataCategory(
            term=term("data_category", c["category"]),
            data_subject=term("data_subject", c["data_subject"]),
            is_required=c["required"],
        )
        for c in record["data_categories"]
    ]
    activity.recipient_categories = _unique(
        [term("recipient_category", r) for r in record["recipient_categories"]]
    )
    activity.recipients = _unique([lookup.parties[key(r["name"])] for r in record["recipients"]])
    activity.subprocessors = [
        ActivitySubprocessor(
            organisation=lookup.parties[key(s["name"])],
            service=s["service"],
            location=s["location"],
            safeguard=s["safeguard"],
        )
        for s in record["subprocessors"]
    ]
    activity.transfers = [
        Transfer(
            country=t["country"],
            recipient=t["recipient"],
            mechanism=term("transfer_mechanism", t["mechanism"]),
            safeguards=t["safeguards"],
        )
        for t in record["transfers"]
    ]
    activity.retention_rules = [
        RetentionRule(
            data_category=term("data_category", r["data_category"]),
            period=r["period"],
            trigger=r["trigger"],
            reason=r["reason"],
            legal_exception=r["legal_exception"],
        )
        for r in record["retention"]
    ]
    activity.security_measures = _unique(
        [term("security_measure", m["label"]) for m in record["security_measures"]]
    )


def apply_plan(session: Session, plan: ImportPlan) -> tuple[list[Activity], list[str]]:
    """Write the plan: references first, then activities with their versions (flushes only).

    Returns the written activities and the names of those marked active in the file that
    were stored as drafts because a mandatory art. 30 item is missing.
    """
    lookup = _Lookup(plan)
    _write_references(session, plan, lookup)
    session.flush()
    facts = load_facts(session)
    touched = [p for p in plan.activities if p.action != "ongewijzigd"]
    if any(c.kind in ("Licentie", "Organisatie") for c in plan.changes):
        # New licences or own-organisation details change the completeness of activities
        # that the file itself leaves alone.
        untouched = [p.existing.id for p in plan.activities if p.action == "ongewijzigd"]
        if untouched:
            refresh_missing_counts(session, untouched)
    updated_ids = [p.existing.id for p in touched if p.existing is not None]
    numbers: dict[int, int] = {}
    if updated_ids:
        numbers = {
            row[0]: row[1]
            for row in session.execute(
                sa.select(ActivityVersion.activity_id, sa.func.max(ActivityVersion.number))
                .where(ActivityVersion.activity_id.in_(updated_ids))
                .group_by(ActivityVersion.activity_id)
            )
        }
    existing = [p.existing for p in touched if p.existing is not None]
    for activity in existing:
        # Old parts go first, so new ones never collide with them on unique constraints.
        activity.purposes, activity.data_categories, activity.subprocessors = [], [], []
        activity.transfers, activity.retention_rules = [], []
    if existing:
        session.flush()
    activities: list[Activity] = []
    demoted: list[str] = []
    with session.no_autoflush:
        for item in touched:
            activity = item.existing or Activity()
            _fill(activity, item.parsed.record, lookup)
            activity.updated_at = utcnow()
            activity.missing_count = len(mandatory_missing(activity_record(activity), facts))
            if activity.status is ActivityStatus.ACTIVE and activity.missing_count:
                # The activation rule holds for imports too: an incomplete record is a draft.
                activity.status = ActivityStatus.DRAFT
                demoted.append(activity.name)
            session.add(activity)
            activities.append(activity)
    session.flush()
    actor = current_actor()
    for activity in activities:
        session.add(
            ActivityVersion(
                activity_id=activity.id,
                number=numbers.get(activity.id, 0) + 1,
                user_id=actor.id,
                snapshot=activity_record(activity),
            )
        )
    session.flush()
    return activities, demoted
