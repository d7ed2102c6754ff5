"""Plain inputs of the activity services: what a form (or an import) asks to store."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from register.activities.models import DpiaStatus, Role


@dataclass(frozen=True)
class PurposeLine:
    purpose_id: int
    legal_basis_id: int | None = None
    special_condition_id: int | None = None
    legitimate_interest: str = ""
    lia_link: str = ""


@dataclass(frozen=True)
class DataCategoryLine:
    term_id: int
    data_subject_id: int | None = None
    is_required: bool = True


@dataclass(frozen=True)
class SubprocessorLine:
    organisation_id: int
    service: str = ""
    location: str = ""
    safeguard: str = ""


@dataclass(frozen=True)
class TransferLine:
    country: str
    recipient: str = ""
    mechanism_id: int | None = None
    safeguards: str = ""


@dataclass(frozen=True)
class RetentionLine:
    period: str
    data_category_id: int | None = None
    trigger: str = ""
    reason: str = ""
    legal_exception: str = ""


@dataclass(frozen=True)
class ActivityCommand:
    """Every editable item of an activity; lists replace the activity's current parts."""

    name: str
    role: Role
    description: str = ""
    product_id: int | None = None
    department: str = ""
    owner: str = ""
    joint_controller: str = ""
    processing_categories: str = ""
    storage_location: str = ""
    data_source: str = ""
    automated_decision_making: bool = False
    automated_decision_logic: str = ""
    security_description: str = ""
    rights_available: str = ""
    dpia_required: bool = False
    dpia_status: DpiaStatus = DpiaStatus.NOT_NEEDED
    dpia_link: str = ""
    review_date: dt.date | None = None
    purposes: tuple[PurposeLine, ...] = ()
    data_subject_ids: tuple[int, ...] = ()
    data_categories: tuple[DataCategoryLine, ...] = ()
    recipient_category_ids: tuple[int, ...] = ()
    recipient_ids: tuple[int, ...] = ()
    subprocessors: tuple[SubprocessorLine, ...] = ()
    transfers: tuple[TransferLine, ...] = ()
    retention_rules: tuple[RetentionLine, ...] = ()
    security_measure_ids: tuple[int, ...] = field(default=())
