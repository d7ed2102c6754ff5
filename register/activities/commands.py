"""Plain inputs of the activity services: what a form, an import or the demo asks to store.

A form builds an `ActivityCommand` from ids (`ActivityForm.to_command`); an import or the
demo from a canonical record (`ActivityCommand.from_record`), whose terms, organisations and
products are named by label, name and code and resolved to ids by a `References`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from register.activities.catalogue import scalar_fields
from register.activities.models import ActivityStatus, DpiaStatus, Role
from register.vocabularies.models import Vocabulary


class References(Protocol):
    """Resolves the names in a record to the ids a command holds."""

    def term_id(self, vocabulary: Vocabulary, label: str | None) -> int | None:
        """The id of the term with this label (None for an empty label)."""

    def organisation_id(self, name: str) -> int:
        """The id of the recipient or sub-processor with this name."""

    def product_id(self, code: str) -> int:
        """The id of the product with this code."""


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
    owner_email: str = ""
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

    @classmethod
    def from_record(cls, record: Mapping[str, Any], refs: References) -> ActivityCommand:
        """The command that gives an activity the items of a canonical record."""
        term = refs.term_id
        product = record.get("product")

        def ids(vocabulary: Vocabulary, labels: list[Any]) -> tuple[int, ...]:
            found = (term(vocabulary, label) for label in labels)
            return tuple(term_id for term_id in found if term_id is not None)

        return cls(
            **{name: f.record_input(record) for name, f in scalar_fields()},
            product_id=refs.product_id(product["code"]) if product else None,
            purposes=tuple(
                PurposeLine(
                    purpose_id=_required(term(Vocabulary.PURPOSE, p["purpose"])),
                    legal_basis_id=term(Vocabulary.LEGAL_BASIS, p["legal_basis"]),
                    special_condition_id=term(Vocabulary.SPECIAL_CONDITION, p["special_condition"]),
                    legitimate_interest=p["legitimate_interest"],
                    lia_link=p["lia_link"],
                )
                for p in record["purposes"]
            ),
            data_subject_ids=ids(Vocabulary.DATA_SUBJECT, record["data_subjects"]),
            data_categories=tuple(
                DataCategoryLine(
                    term_id=_required(term(Vocabulary.DATA_CATEGORY, c["category"])),
                    data_subject_id=term(Vocabulary.DATA_SUBJECT, c["data_subject"]),
                    is_required=c["required"],
                )
                for c in record["data_categories"]
            ),
            recipient_category_ids=ids(
                Vocabulary.RECIPIENT_CATEGORY, record["recipient_categories"]
            ),
            recipient_ids=tuple(refs.organisation_id(r["name"]) for r in record["recipients"]),
            subprocessors=tuple(
                SubprocessorLine(
                    organisation_id=refs.organisation_id(s["name"]),
                    service=s["service"],
                    location=s["location"],
                    safeguard=s["safeguard"],
                )
                for s in record["subprocessors"]
            ),
            transfers=tuple(
                TransferLine(
                    country=t["country"],
                    recipient=t["recipient"],
                    mechanism_id=term(Vocabulary.TRANSFER_MECHANISM, t["mechanism"]),
                    safeguards=t["safeguards"],
                )
                for t in record["transfers"]
            ),
            retention_rules=tuple(
                RetentionLine(
                    period=r["period"],
                    data_category_id=term(Vocabulary.DATA_CATEGORY, r["data_category"]),
                    trigger=r["trigger"],
                    reason=r["reason"],
                    legal_exception=r["legal_exception"],
                )
                for r in record["retention"]
            ),
            security_measure_ids=ids(
                Vocabulary.SECURITY_MEASURE, [m["label"] for m in record["security_measures"]]
            ),
        )


def _required(term_id: int | None) -> int:
    if term_id is None:
        raise ValueError("a purpose or data category without a label")
    return term_id


@dataclass(frozen=True)
class ImportCommand:
    """An activity as an import file describes it: its items, its status and retirement."""

    activity: ActivityCommand
    status: ActivityStatus
    retired_at: dt.datetime | None = None
    retired_reason: str = ""

    @classmethod
    def from_record(cls, record: Mapping[str, Any], refs: References) -> ImportCommand:
        """The command that writes a canonical record, status and retirement included."""
        retired = record.get("retired_at")
        retired_at = dt.datetime.fromisoformat(retired) if retired else None
        if retired_at is not None and retired_at.tzinfo is None:
            retired_at = retired_at.replace(tzinfo=dt.UTC)
        return cls(
            activity=ActivityCommand.from_record(record, refs),
            status=ActivityStatus(record["status"]),
            retired_at=retired_at,
            retired_reason=record["retired_reason"],
        )
