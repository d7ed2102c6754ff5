"""The canonical plain-value record of an activity: snapshots, history, exports, agreements.

Terms and organisations appear by label/name, not by id, so a record is readable on its own,
stable across databases (export/import) and comparable between versions.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.interfaces import LoaderOption

from register.activities.catalogue import ACTIVITY_FIELDS
from register.activities.models import (
    Activity,
    ActivityDataCategory,
    ActivityPurpose,
    ActivitySubprocessor,
    RetentionRule,
    Transfer,
)

RECORD_FORMAT = 1


def record_loaders() -> list[LoaderOption]:
    """Eager-loading options that fetch everything a record needs in a fixed number of queries."""
    return [
        joinedload(Activity.product),
        selectinload(Activity.purposes).options(
            joinedload(ActivityPurpose.purpose),
            joinedload(ActivityPurpose.legal_basis),
            joinedload(ActivityPurpose.special_condition),
        ),
        selectinload(Activity.data_categories).options(
            joinedload(ActivityDataCategory.term),
            joinedload(ActivityDataCategory.data_subject),
            selectinload(ActivityDataCategory.purposes),
        ),
        selectinload(Activity.data_subjects),
        selectinload(Activity.recipient_categories),
        selectinload(Activity.security_measures),
        selectinload(Activity.recipients),
        selectinload(Activity.subprocessors).joinedload(ActivitySubprocessor.organisation),
        selectinload(Activity.transfers).joinedload(Transfer.mechanism),
        selectinload(Activity.retention_rules).joinedload(RetentionRule.data_category),
    ]


def _label(term: Any) -> str | None:
    return term.label if term is not None else None


def _product(activity: Activity) -> dict[str, str] | None:
    product = activity.product
    return {"code": product.code, "name": product.name} if product else None


def _purposes(activity: Activity) -> list[dict[str, Any]]:
    return [
        {
            "purpose": p.purpose.label,
            "legal_basis": _label(p.legal_basis),
            "legal_basis_reference": p.legal_basis.reference if p.legal_basis else "",
            "special_condition": _label(p.special_condition),
            "legitimate_interest": p.legitimate_interest,
            "lia_link": p.lia_link,
        }
        for p in activity.purposes
    ]


def _data_categories(activity: Activity) -> list[dict[str, Any]]:
    """The data categories; `purposes` lists those served in the activity's order (none: all)."""

    def served(category: ActivityDataCategory) -> list[str]:
        ids = {t.id for t in category.purposes}
        return list(
            dict.fromkeys(p.purpose.label for p in activity.purposes if p.purpose_id in ids)
        )

    return [
        {
            "category": c.term.label,
            "data_subject": _label(c.data_subject),
            "required": c.is_required,
            "purposes": served(c),
            "special_category": c.term.is_special_category,
            "criminal_data": c.term.is_criminal_data,
            "national_identifier": c.term.is_national_identifier,
        }
        for c in activity.data_categories
    ]


def _recipients(activity: Activity) -> list[dict[str, Any]]:
    return [
        {
            "name": o.name,
            "kind": o.kind.value,
            "location": o.location,
            "processor_agreement": o.processor_agreement,
        }
        for o in activity.recipients
    ]


def _subprocessors(activity: Activity) -> list[dict[str, Any]]:
    return [
        {
            "name": s.organisation.name,
            "service": s.service,
            "location": s.location,
            "safeguard": s.safeguard,
        }
        for s in activity.subprocessors
    ]


def _transfers(activity: Activity) -> list[dict[str, Any]]:
    return [
        {
            "country": t.country,
            "recipient": t.recipient,
            "mechanism": _label(t.mechanism),
            "safeguards": t.safeguards,
        }
        for t in activity.transfers
    ]


def _retention(activity: Activity) -> list[dict[str, Any]]:
    return [
        {
            "data_category": _label(r.data_category),
            "period": r.period,
            "trigger": r.trigger,
            "reason": r.reason,
            "legal_exception": r.legal_exception,
        }
        for r in activity.retention_rules
    ]


# The lists of the record (catalogue kinds LABELS and ROWS), each read from its parts.
_LISTS: dict[str, Callable[[Activity], list[Any]]] = {
    "purposes": _purposes,
    "data_subjects": lambda a: [t.label for t in a.data_subjects],
    "data_categories": _data_categories,
    "recipient_categories": lambda a: [t.label for t in a.recipient_categories],
    "recipients": _recipients,
    "subprocessors": _subprocessors,
    "transfers": _transfers,
    "retention": _retention,
    "security_measures": lambda a: [
        {"label": t.label, "group": t.group} for t in a.security_measures
    ],
}


def shared_record(record: Mapping[str, Any]) -> dict[str, Any]:
    """The record without its internal fields and parts (catalogue `internal`): what a school
    (agreements and their attached data) and a data subject (the privacy statement) may see."""
    shared: dict[str, Any] = {}
    for field in ACTIVITY_FIELDS:
        if field.internal:
            continue
        key, _, inner = field.path.partition(".")
        if inner and key in record:
            if record[key] is None:  # no product
                shared[key] = None
            else:
                shared.setdefault(key, {})[inner] = record[key].get(inner)
        elif key in record:
            hidden = {part.name for part in field.parts if part.internal}
            shared[key] = (
                [{k: v for k, v in item.items() if k not in hidden} for item in record[key]]
                if hidden
                else record[key]
            )
    return shared


def activity_record(activity: Activity) -> dict[str, Any]:
    """Every art. 30 item of the activity (and the recommended additions) as plain values.

    The items and their order are those of the field catalogue.
    """
    record: dict[str, Any] = {"format": RECORD_FORMAT}
    for field in ACTIVITY_FIELDS:
        if field.path in _LISTS:
            record[field.path] = _LISTS[field.path](activity)
        elif field.path.startswith("product."):
            record["product"] = _product(activity)
        elif "." in field.path:
            outer, inner = field.path.split(".")
            record.setdefault(outer, {})[inner] = field.record_value(activity)
        else:
            record[field.path] = field.record_value(activity)
    return record
