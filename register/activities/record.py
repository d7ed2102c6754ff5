"""The canonical plain-value record of an activity: snapshots, history, exports, agreements.

Terms and organisations appear by label/name, not by id, so a record is readable on its own,
stable across databases (export/import) and comparable between versions.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.interfaces import LoaderOption

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
            joinedload(ActivityDataCategory.term), joinedload(ActivityDataCategory.data_subject)
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


def activity_record(activity: Activity) -> dict[str, Any]:
    """Every art. 30 item of the activity (and the recommended additions) as plain values."""
    return {
        "format": RECORD_FORMAT,
        "id": activity.id,
        "name": activity.name,
        "description": activity.description,
        "role": activity.role.value,
        "status": activity.status.value,
        "product": (
            {"code": activity.product.code, "name": activity.product.name}
            if activity.product
            else None
        ),
        "department": activity.department,
        "owner": activity.owner,
        "joint_controller": activity.joint_controller,
        "processing_categories": activity.processing_categories,
        "storage_location": activity.storage_location,
        "data_source": activity.data_source,
        "automated_decision_making": activity.automated_decision_making,
        "automated_decision_logic": activity.automated_decision_logic,
        "security_description": activity.security_description,
        "rights_available": activity.rights_available,
        "dpia": {
            "required": activity.dpia_required,
            "status": activity.dpia_status.value,
            "link": activity.dpia_link,
        },
        "review_date": activity.review_date.isoformat() if activity.review_date else None,
        "purposes": [
            {
                "purpose": p.purpose.label,
                "legal_basis": _label(p.legal_basis),
                "legal_basis_reference": p.legal_basis.reference if p.legal_basis else "",
                "special_condition": _label(p.special_condition),
                "legitimate_interest": p.legitimate_interest,
                "lia_link": p.lia_link,
            }
            for p in activity.purposes
        ],
        "data_subjects": [t.label for t in activity.data_subjects],
        "data_categories": [
            {
                "category": c.term.label,
                "data_subject": _label(c.data_subject),
                "required": c.is_required,
                "special_category": c.term.is_special_category,
                "criminal_data": c.term.is_criminal_data,
                "national_identifier": c.term.is_national_identifier,
            }
            for c in activity.data_categories
        ],
        "recipient_categories": [t.label for t in activity.recipient_categories],
        "recipients": [
            {"name": o.name, "kind": o.kind.value, "location": o.location}
            for o in activity.recipients
        ],
        "subprocessors": [
            {
                "name": s.organisation.name,
                "service": s.service,
                "location": s.location,
                "safeguard": s.safeguard,
            }
            for s in activity.subprocessors
        ],
        "transfers": [
            {
                "country": t.country,
                "recipient": t.recipient,
                "mechanism": _label(t.mechanism),
                "safeguards": t.safeguards,
            }
            for t in activity.transfers
        ],
        "retention": [
            {
                "data_category": _label(r.data_category),
                "period": r.period,
                "trigger": r.trigger,
                "reason": r.reason,
                "legal_exception": r.legal_exception,
            }
            for r in activity.retention_rules
        ],
        "security_measures": [
            {"label": t.label, "group": t.group} for t in activity.security_measures
        ],
        "retired_at": activity.retired_at.isoformat() if activity.retired_at else None,
        "retired_reason": activity.retired_reason,
    }
