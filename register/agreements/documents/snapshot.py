"""Freeze the register data that feeds an agreement's documents, as plain values.

A snapshot holds the two organisations, the particulars, the licences and one *fragment*
per product: the product's own fields, the canonical records of its active processor
activities without their internal fields (`register.activities.record.shared_record`: the
school receives the snapshot attached to the PDF) and the security measures they use.
Fragments are also what drift detection compares, by hash.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from register.activities.catalogue import DOCUMENT_PATHS
from register.activities.models import Activity, ActivityStatus, ActivityVersion, Role
from register.activities.record import activity_record, record_loaders, shared_record
from register.agreements.models import Agreement
from register.db import utcnow
from register.organisations.models import Organisation
from register.products.models import Product
from register.texts import formatting
from register.vocabularies.models import Term, Vocabulary

SNAPSHOT_FORMAT = 1

PRODUCT_KEYS = ("name", "url", "description", "target_groups", "users", "uses_eck_id")
# Product keys added later: compared only when filled, so agreements frozen before they
# existed (whose fragments lack them) do not drift merely because the key is new.
LATER_PRODUCT_KEYS = ("access", "certifications", "deletion_term")


def canonical_json(value: Any) -> bytes:
    """Stable JSON bytes: sorted keys, no whitespace variance."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def sha256_of(value: Any) -> str:
    return hashlib.sha256(canonical_json(value)).hexdigest()


def organisation_record(org: Organisation) -> dict[str, Any]:
    """An organisation's own fields as plain values."""
    return {
        "name": org.name,
        "kind": org.kind.value,
        "legal_form": org.legal_form,
        "brin": org.brin,
        "rio": org.rio,
        "kvk": org.kvk or "",
        "address": org.address,
        "postcode": org.postcode,
        "city": org.city,
        "country": org.country,
        "website": org.website,
        "email": org.email,
        "phone": org.phone,
        "privacy_contact": {
            "name": org.privacy_contact_name,
            "email": org.privacy_contact_email,
            "phone": org.privacy_contact_phone,
        },
        "dpo": (
            {"name": org.dpo_name, "email": org.dpo_email, "phone": org.dpo_phone}
            if org.dpo_name
            else None
        ),
        "dpo_not_appointed_reason": org.dpo_not_appointed_reason if org.dpo_not_appointed else "",
    }


def current_fragments(
    session: Session, product_ids: Iterable[int] | None = None
) -> dict[int, dict[str, Any]]:
    """product id -> the product's fragment as the register holds it now (fixed queries)."""
    products_query = sa.select(Product).order_by(Product.name)
    activities_query = (
        sa.select(Activity)
        .options(*record_loaders())
        .where(Activity.role == Role.PROCESSOR, Activity.status == ActivityStatus.ACTIVE)
        .order_by(Activity.id)
    )
    if product_ids is not None:
        ids = list(product_ids)
        products_query = products_query.where(Product.id.in_(ids))
        activities_query = activities_query.where(Activity.product_id.in_(ids))
    products = session.scalars(products_query).all()
    records: dict[int, list[dict[str, Any]]] = {p.id: [] for p in products}
    for activity in session.scalars(activities_query).unique():
        if activity.product_id in records:
            records[activity.product_id].append(shared_record(activity_record(activity)))
    measures = _security_terms(session, records.values())
    return {p.id: _fragment(p, records[p.id], measures) for p in products}


def leaflet_editions(session: Session, products: Iterable[Product]) -> dict[int, dict[str, Any]]:
    """Product id -> the leaflet's version and date, from the register's own history.

    The version counts the saved changes of the product and of its active processor
    activities (each change adds one); the date is the day of the latest of those changes.
    Read when an agreement is sent, not by drift: neither changes what a leaflet says.
    """
    versions = {p.id: p.version for p in products}
    dates = {p.id: p.updated_at for p in products}
    latest = session.execute(
        sa.select(
            Activity.product_id,
            sa.func.max(ActivityVersion.number),
            sa.func.max(ActivityVersion.created_at),
        )
        .join(ActivityVersion, ActivityVersion.activity_id == Activity.id)
        .where(
            Activity.product_id.in_(sorted(versions)),
            Activity.role == Role.PROCESSOR,
            Activity.status == ActivityStatus.ACTIVE,
        )
        .group_by(Activity.id, Activity.product_id)
    )
    for product_id, number, created_at in latest:
        if product_id is None:
            continue
        versions[product_id] += number
        dates[product_id] = max(dates[product_id], created_at)
    return {
        product_id: {
            "leaflet_version": str(versions[product_id]),
            "leaflet_date": formatting.local_day(dates[product_id]).isoformat(),
        }
        for product_id in versions
    }


def _security_terms(
    session: Session, record_lists: Iterable[list[dict[str, Any]]]
) -> dict[str, dict[str, str]]:
    labels = {
        m["label"] for records in record_lists for r in records for m in r["security_measures"]
    }
    if not labels:
        return {}
    terms = session.scalars(
        sa.select(Term).where(
            Term.vocabulary == Vocabulary.SECURITY_MEASURE, Term.label.in_(sorted(labels))
        )
    )
    return {
        t.label: {"name": t.label, "category": t.group, "description": t.description} for t in terms
    }


def _fragment(
    product: Product, records: list[dict[str, Any]], measures: dict[str, dict[str, str]]
) -> dict[str, Any]:
    used = sorted({m["label"] for r in records for m in r["security_measures"]})
    return {
        "code": product.code,
        "name": product.name,
        "url": product.url,
        "description": product.description,
        "target_groups": product.target_groups,
        "users": product.users,
        "uses_eck_id": product.uses_eck_id,
        "access": product.access_list,
        "certifications": product.certification_list,
        "deletion_term": product.deletion_term,
        "activities": records,
        "security_measures": [
            measures.get(label, {"name": label, "category": "", "description": ""})
            for label in used
        ],
    }


def drift_view(fragment: dict[str, Any]) -> dict[str, Any]:
    """The document-relevant part of a fragment, activities merged: what drift compares."""
    view: dict[str, Any] = {key: fragment.get(key) for key in PRODUCT_KEYS}
    view.update({key: fragment[key] for key in LATER_PRODUCT_KEYS if fragment.get(key)})
    for key in DOCUMENT_PATHS:
        values = [record.get(key) for record in fragment["activities"]]
        if values and isinstance(values[0], list):
            view[key] = [item for value in values for item in value]
        else:
            view[key] = [value for value in values if value]
    view["security_measures"] = fragment["security_measures"]
    return view


def fragment_hash(fragment: dict[str, Any]) -> str:
    return sha256_of(drift_view(fragment))


def build_snapshot(session: Session, agreement: Agreement, covenant_version: str) -> dict[str, Any]:
    """Every value the agreement's documents are generated from, as plain values."""
    fragments = current_fragments(session, [p.id for p in agreement.products])
    editions = leaflet_editions(session, agreement.products)
    return {
        "format": SNAPSHOT_FORMAT,
        "taken_at": utcnow().isoformat(),
        "agreement": {
            "number": agreement.number,
            "title": agreement.title,
            "template_id": agreement.template_id,
            "template_version": agreement.template_version,
            "template_sha256": agreement.template_sha256,
            "covenant_version": covenant_version,
            "term_start": agreement.term_start.isoformat(),
            "term_end": agreement.term_end.isoformat() if agreement.term_end else None,
            "notice_period_months": agreement.notice_period_months,
            "deviations": list(agreement.deviations or []),
        },
        "particulars": dict(agreement.particulars or {}),
        "processor": organisation_record(agreement.processor),
        "controller": organisation_record(agreement.school),
        "licences": [
            {
                "product": licence.product.name,
                "start": licence.start_date.isoformat(),
                "end": licence.end_date.isoformat() if licence.end_date else None,
                "reference": licence.reference,
            }
            for licence in sorted(agreement.licences, key=lambda li: (li.product.name, li.id))
        ],
        "products": [fragments[p.id] | editions[p.id] for p in agreement.products],
    }
