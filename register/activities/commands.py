"""Plain inputs of the activity services: what a form, an import or the demo asks to store.

A form builds an `ActivityCommand` from ids (`ActivityForm.to_command`); an import or the
demo from a canonical record (`command_from_record`), whose terms, organisations and
products are named by label, name and code and resolved to ids by a `References`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, make_dataclass
from typing import TYPE_CHECKING, Any, Protocol

from register.activities.catalogue import Field, Kind, scalar_fields
from register.activities.models import ActivityStatus
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
    # Purpose term ids (of the activity's purposes) the data serves; empty: all of them.
    purpose_ids: tuple[int, ...] = ()


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


@dataclass(frozen=True, kw_only=True)
class ActivityParts:
    """The product and the lists of an activity command; lists replace the current parts."""

    product_id: int | None = None
    purposes: tuple[PurposeLine, ...] = ()
    data_subject_ids: tuple[int, ...] = ()
    data_categories: tuple[DataCategoryLine, ...] = ()
    recipient_category_ids: tuple[int, ...] = ()
    recipient_ids: tuple[int, ...] = ()
    subprocessors: tuple[SubprocessorLine, ...] = ()
    transfers: tuple[TransferLine, ...] = ()
    retention_rules: tuple[RetentionLine, ...] = ()
    security_measure_ids: tuple[int, ...] = field(default=())


_TYPES: dict[Kind, Any] = {
    Kind.TEXT: str,
    Kind.LONG_TEXT: str,
    Kind.BOOL: bool,
    Kind.DATE: dt.date | None,
}


def _scalar(name: str, entry: Field) -> tuple[str, Any, Any]:
    """The command attribute of a scalar catalogue field, with its type and default."""
    kind = entry.enum if entry.enum is not None else _TYPES[entry.kind]
    return name, kind, field(default=entry.command_value(entry.default))


if TYPE_CHECKING:

    class ActivityCommand(ActivityParts):
        """Every editable item of an activity (the scalar ones by catalogue attribute)."""

        def __init__(self, **items: Any) -> None: ...

        def __getattr__(self, name: str) -> Any: ...

else:
    # The scalar attributes are the catalogue's (`scalar_fields`): a new field needs no line here.
    ActivityCommand = make_dataclass(
        "ActivityCommand",
        [_scalar(name, entry) for name, entry in scalar_fields()],
        bases=(ActivityParts,),
        frozen=True,
        kw_only=True,
    )
    ActivityCommand.__module__ = __name__
    ActivityCommand.__doc__ = (
        "Every editable item of an activity (the scalar ones by catalogue attribute)."
    )


def command_from_record(record: Mapping[str, Any], refs: References) -> ActivityCommand:
    """The command that gives an activity the items of a canonical record."""
    term = refs.term_id
    product = record.get("product")

    def ids(vocabulary: Vocabulary, labels: list[Any]) -> tuple[int, ...]:
        found = (term(vocabulary, label) for label in labels)
        return tuple(term_id for term_id in found if term_id is not None)

    return ActivityCommand(
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
                purpose_ids=ids(Vocabulary.PURPOSE, c.get("purposes", [])),
            )
            for c in record["data_categories"]
        ),
        recipient_category_ids=ids(Vocabulary.RECIPIENT_CATEGORY, record["recipient_categories"]),
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
            activity=command_from_record(record, refs),
            status=ActivityStatus(record["status"]),
            retired_at=retired_at,
            retired_reason=record["retired_reason"],
        )
