"""Build the privacy statement from the active controller activities, in a fixed number of queries.

Only what a data subject is entitled to read (GDPR art. 13/14) is taken from the records:
categories, purposes with legal bases, retention, recipients, transfers, security measure
names. The records are read through `shared_record`, so the fields the catalogue marks
internal (owner, department, DPIA, LIA links, review date, ...) never enter the statement;
the same list keeps them out of the data attached to agreements.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from register.activities.completeness import NO_RECIPIENTS
from register.activities.models import Activity, ActivityStatus, ActivityVersion, Role
from register.activities.record import activity_record, record_loaders, shared_record
from register.calendar import LOCAL_ZONE
from register.organisations.models import Organisation, OrganisationKind
from register.products.models import Product
from register.statement.data import (
    ContactData,
    CookieData,
    MeasureGroup,
    ProductData,
    PurposeData,
    RecipientData,
    RetentionData,
    SharedData,
    StatementData,
    TransferData,
)
from register.statement.legal_bases import article_6_ground, phrase_legal_basis, provision_phrase
from register.statement.models import Cookie
from register.vocabularies.models import Term, Vocabulary

# Recipient categories (by term code) whose members process data on the company's behalf.
PROCESSOR_CATEGORIES = frozenset({"verwerkers", "subverwerkers", "analysediensten"})

_ORDERED_VOCABULARIES = (
    Vocabulary.DATA_CATEGORY,
    Vocabulary.DATA_SUBJECT,
    Vocabulary.PURPOSE,
    Vocabulary.RECIPIENT_CATEGORY,
    Vocabulary.SECURITY_MEASURE,
)


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def _contact(session: Session) -> ContactData | None:
    own = session.scalars(
        sa.select(Organisation).where(Organisation.kind == OrganisationKind.OWN).limit(1)
    ).first()
    if own is None:
        return None
    place = " ".join(part for part in (own.postcode.strip(), own.city.strip()) if part)
    return ContactData(
        name=own.name,
        address_lines=[line for line in (own.address.strip(), place) if line],
        phone=own.privacy_contact_phone or own.phone,
        email=own.privacy_contact_email or own.email,
        website=own.website,
        dpo_name=own.dpo_name,
        dpo_email=own.dpo_email,
        dpo_phone=own.dpo_phone,
        dpo_not_appointed_reason=own.dpo_not_appointed_reason if own.dpo_not_appointed else "",
    )


def _terms(
    session: Session,
) -> tuple[dict[tuple[str, str], int], dict[str, str], set[str]]:
    """Sort order of the listed vocabularies' terms, the purposes' public explanations and the
    labels of the recipient categories that are processors."""
    rows = session.execute(
        sa.select(Term.vocabulary, Term.code, Term.label, Term.sort_order, Term.description).where(
            Term.vocabulary.in_(_ORDERED_VOCABULARIES)
        )
    ).all()
    processors = {
        row.label
        for row in rows
        if row.vocabulary is Vocabulary.RECIPIENT_CATEGORY and row.code in PROCESSOR_CATEGORIES
    }
    order = {(row.vocabulary.value, row.label): row.sort_order for row in rows}
    explanations = {
        row.label: row.description.strip()
        for row in rows
        if row.vocabulary is Vocabulary.PURPOSE and row.description
    }
    return order, explanations, processors


def _sorted(labels: Iterable[str], vocabulary: Vocabulary, order: Mapping[Any, int]) -> list[str]:
    return sorted(
        _unique(labels), key=lambda label: (order.get((vocabulary.value, label), 0), label.lower())
    )


def _purposes(
    records: list[dict[str, Any]], order: Mapping[Any, int], explanations: Mapping[str, str]
) -> list[PurposeData]:
    bases: dict[str, list[str]] = {}
    labels: dict[str, list[str]] = {}
    grounds: dict[str, list[str]] = {}
    for record in records:
        for purpose in record["purposes"]:
            phrase = phrase_legal_basis(
                purpose["legal_basis"],
                purpose["legal_basis_reference"],
                legitimate_interest=purpose["legitimate_interest"],
                special_condition=purpose["special_condition"],
            )
            bases.setdefault(purpose["purpose"], []).append(phrase)
            label = purpose["legal_basis"] or ""
            reference = purpose["legal_basis_reference"] or ""
            labels.setdefault(purpose["purpose"], []).append(
                f"{label} ({reference})" if label and reference else label
            )
            letter = article_6_ground(label, reference) if label else None
            grounds.setdefault(purpose["purpose"], []).append(letter or "")
    result = []
    for label in _sorted(bases, Vocabulary.PURPOSE, order):
        letters = _unique(grounds[label])
        result.append(
            PurposeData(
                purpose=label,
                explanation=explanations.get(label, ""),
                legal_bases=_unique(bases[label]),
                basis_labels=_unique(labels[label]),
                grounds=letters,
                provision=provision_phrase(letters[0]) if len(letters) == 1 else "",
            )
        )
    return result


def _retention(records: list[dict[str, Any]]) -> list[RetentionData]:
    """Retention rules merged when period, start, reason and exception are the same."""
    rows: dict[tuple[str, ...], RetentionData] = {}
    for record in records:
        for rule in record["retention"]:
            key = (rule["period"], rule["trigger"], rule["reason"], rule["legal_exception"])
            row = rows.setdefault(
                key,
                RetentionData(
                    categories=[],
                    activities=[],
                    period=rule["period"],
                    trigger=rule["trigger"],
                    reason=rule["reason"],
                    exception=rule["legal_exception"],
                ),
            )
            if rule["data_category"]:
                row["categories"] = _unique([*row["categories"], rule["data_category"]])
            else:
                row["activities"] = _unique([*row["activities"], record["name"]])
    return list(rows.values())


def _recipient_categories(records: list[dict[str, Any]], order: Mapping[Any, int]) -> list[str]:
    """Recipient categories; "no recipients" only when no activity has any."""
    labels = _sorted(
        (c for r in records for c in r["recipient_categories"]),
        Vocabulary.RECIPIENT_CATEGORY,
        order,
    )
    others = [label for label in labels if label != NO_RECIPIENTS]
    return others or labels


def _recipients(records: list[dict[str, Any]]) -> list[RecipientData]:
    found: dict[str, RecipientData] = {}
    for record in records:
        for recipient in record["recipients"]:
            found.setdefault(
                recipient["name"],
                RecipientData(name=recipient["name"], location=recipient["location"] or ""),
            )
    return sorted(found.values(), key=lambda r: r["name"].lower())


def _transfers(records: list[dict[str, Any]]) -> list[TransferData]:
    found: dict[tuple[str, ...], TransferData] = {}
    for record in records:
        for transfer in record["transfers"]:
            row = TransferData(
                country=transfer["country"],
                recipient=transfer["recipient"],
                mechanism=transfer["mechanism"] or "",
                safeguards=transfer["safeguards"],
            )
            key = (row["country"], row["recipient"], row["mechanism"], row["safeguards"])
            found.setdefault(key, row)
    return list(found.values())


def _security(records: list[dict[str, Any]], order: Mapping[Any, int]) -> list[MeasureGroup]:
    groups: dict[str, list[str]] = {}
    for record in records:
        for measure in record["security_measures"]:
            groups.setdefault(measure["group"] or "", []).append(measure["label"])
    return [
        MeasureGroup(
            group=group or _("Overige maatregelen"),
            measures=_sorted(groups[group], Vocabulary.SECURITY_MEASURE, order),
        )
        for group in sorted(groups, key=lambda g: (g == "", g.lower()))
    ]


def _uses_processors(records: list[dict[str, Any]], processor_categories: set[str]) -> bool:
    """Whether any activity has a processor: a sub-processor, a recipient that is one, or a
    recipient category of processors."""
    return any(
        r["subprocessors"]
        or any(o["kind"] == OrganisationKind.SUBPROCESSOR.value for o in r["recipients"])
        or processor_categories.intersection(r["recipient_categories"])
        for r in records
    )


def _shared(record: dict[str, Any], explanations: Mapping[str, str]) -> SharedData:
    texts = [p["legitimate_interest"] for p in record["purposes"] if p["legitimate_interest"]]
    texts += [
        explanations[p["purpose"]] for p in record["purposes"] if p["purpose"] in explanations
    ]
    return SharedData(
        activity=record["name"],
        data_categories=_unique(c["category"] for c in record["data_categories"]),
        recipients=_unique(o["name"] for o in record["recipients"]),
        transfers=_unique(
            ", ".join(part for part in (t["country"], t["recipient"], t["mechanism"] or "") if part)
            for t in record["transfers"]
        ),
        texts=_unique(t.strip() for t in texts),
    )


def _cookies(session: Session, explanations: Mapping[str, str]) -> list[CookieData]:
    """The cookie register, with what the linked (active) activity records as shared."""
    cookies = session.scalars(sa.select(Cookie).order_by(Cookie.kind, Cookie.name, Cookie.id)).all()
    linked = {c.activity_id for c in cookies if c.activity_id is not None}
    records = {
        a.id: shared_record(activity_record(a))
        for a in session.scalars(
            sa.select(Activity)
            .where(Activity.id.in_(linked), Activity.status == ActivityStatus.ACTIVE)
            .options(*record_loaders())
        ).unique()
    }
    legal_bases = {
        t.id: t
        for t in session.scalars(
            sa.select(Term).where(
                Term.id.in_({c.legal_basis_id for c in cookies if c.legal_basis_id})
            )
        )
    }
    result = []
    for cookie in cookies:
        basis = legal_bases.get(cookie.legal_basis_id or 0)
        record = records.get(cookie.activity_id or 0)
        result.append(
            CookieData(
                name=cookie.name,
                provider=cookie.provider,
                purpose=cookie.purpose,
                kind=cookie.kind.value,
                kind_label=str(cookie.kind.label),
                retention=cookie.retention,
                legal_basis=phrase_legal_basis(basis.label, basis.reference) if basis else "",
                ground=cookie.ground,
                shared=_shared(record, explanations) if record else None,
            )
        )
    return result


def _processor_products(session: Session) -> tuple[list[ProductData], dt.datetime | None]:
    rows = session.execute(
        sa.select(Product.name, Product.description, sa.func.max(Activity.updated_at))
        .join(Activity, Activity.product_id == Product.id)
        .where(Activity.role == Role.PROCESSOR, Activity.status == ActivityStatus.ACTIVE)
        .group_by(Product.id, Product.name, Product.description)
        .order_by(Product.name)
    ).all()
    products = [ProductData(name=row[0], description=row[1]) for row in rows]
    return products, max((row[2] for row in rows if row[2] is not None), default=None)


def _last_version_change(session: Session) -> dt.datetime | None:
    return session.scalar(
        sa.select(sa.func.max(ActivityVersion.created_at))
        .join(Activity, Activity.id == ActivityVersion.activity_id)
        .where(Activity.status == ActivityStatus.ACTIVE)
    )


def _local_date(moment: dt.datetime | None) -> dt.date | None:
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(LOCAL_ZONE).date()


def build_statement(session: Session) -> StatementData:
    """Aggregate the active controller activities into the privacy statement's contents."""
    activities = list(
        session.scalars(
            sa.select(Activity)
            .where(Activity.role == Role.CONTROLLER, Activity.status == ActivityStatus.ACTIVE)
            .order_by(Activity.name, Activity.id)
            .options(*record_loaders())
        ).unique()
    )
    records = [shared_record(activity_record(activity)) for activity in activities]
    order, explanations, processor_categories = _terms(session)
    products, products_changed = _processor_products(session)
    changes = [a.updated_at for a in activities] + [products_changed, _last_version_change(session)]
    categories = [c for r in records for c in r["data_categories"]]
    return StatementData(
        organisation=_contact(session),
        activity_count=len(records),
        data_subjects=_sorted(
            (s for r in records for s in r["data_subjects"]), Vocabulary.DATA_SUBJECT, order
        ),
        data_categories=_sorted(
            (c["category"] for c in categories), Vocabulary.DATA_CATEGORY, order
        ),
        special_categories=_sorted(
            (c["category"] for c in categories if c["special_category"] or c["criminal_data"]),
            Vocabulary.DATA_CATEGORY,
            order,
        ),
        purposes=_purposes(records, order, explanations),
        retention=_retention(records),
        recipient_categories=_recipient_categories(records, order),
        recipients=_recipients(records),
        uses_processors=_uses_processors(records, processor_categories),
        transfers=_transfers(records),
        security_measures=_security(records, order),
        automated_decisions=any(r["automated_decision_making"] for r in records),
        processor_products=products,
        cookies=_cookies(session, explanations),
        last_changed=_local_date(max((c for c in changes if c is not None), default=None)),
    )
