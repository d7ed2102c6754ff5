"""The activities overview's filters, by the same query parameters as /verwerkingen, on records.

Parameters (as in `register.activities.queries`): q (text in name or description), rol
(controller/processor), status (draft/active/retired, or "alle"; without it retired
activities are left out, as in the overview), product (product id), gegeven (data category
term id), grondslag (legal basis term id), verlopen=1 (review date passed) and onvolledig=1
(mandatory art. 30 items missing). They are applied to the canonical records, so the current
register and the register on a past date are filtered by one definition; ids are resolved to
the code/label the records carry. No parameters at all means the whole register, retired
activities included.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from register.activities.completeness import RegisterFacts, mandatory_missing
from register.products.models import Product
from register.vocabularies.models import Term

FILTER_PARAMETERS = (
    "q", "rol", "status", "product", "gegeven", "grondslag", "verlopen", "onvolledig",
)  # fmt: skip
_ROLES = {"controller", "processor"}
_STATUSES = {"draft", "active", "retired", "alle"}
_MAX_ID = 2**31 - 1


def _id(raw: str) -> str:
    return raw if raw.isdigit() and len(raw) <= 10 and int(raw) <= _MAX_ID else ""


@dataclass(frozen=True)
class ActivityFilter:
    """The filter of the overview, keyed by its query parameter names; "" means "any"."""

    q: str = ""
    rol: str = ""
    status: str = ""
    product: str = ""
    gegeven: str = ""
    grondslag: str = ""
    verlopen: str = ""
    onvolledig: str = ""

    @classmethod
    def from_args(cls, args: Mapping[str, Any]) -> ActivityFilter:
        """Read the filter from query parameters; unknown or malformed values are ignored."""
        raw = {
            name: str(args.get(name) or "").replace("\x00", "").strip()[:200]
            for name in FILTER_PARAMETERS
        }
        raw["rol"] = raw["rol"] if raw["rol"] in _ROLES else ""
        raw["status"] = raw["status"] if raw["status"] in _STATUSES else ""
        for name in ("product", "gegeven", "grondslag"):
            raw[name] = _id(raw[name])
        for name in ("verlopen", "onvolledig"):
            raw[name] = "1" if raw[name] == "1" else ""
        return cls(**raw)

    def as_params(self) -> dict[str, str]:
        """The non-empty parameters, for links, hidden fields and the audit trail."""
        return {name: getattr(self, name) for name in FILTER_PARAMETERS if getattr(self, name)}

    def is_empty(self) -> bool:
        return not self.as_params()


@dataclass(frozen=True)
class RecordMatcher:
    """The filter with ids resolved to the values in records."""

    filter: ActivityFilter
    reference_date: dt.date
    facts: RegisterFacts | None = None
    product_code: str | None = None
    data_category: str | None = None
    legal_basis: str | None = None

    def matches(self, record: Mapping[str, Any]) -> bool:
        """Whether a record passes every part of the filter."""
        f = self.filter
        if f.is_empty():
            return True
        status = record.get("status")
        if f.rol and record.get("role") != f.rol:
            return False
        if (f.status and f.status != "alle" and status != f.status) or (
            not f.status and status == "retired"
        ):
            return False
        if f.product and (record.get("product") or {}).get("code") != self.product_code:
            return False
        categories = {c.get("category") for c in record.get("data_categories") or []}
        if f.gegeven and self.data_category not in categories:
            return False
        bases = {p.get("legal_basis") for p in record.get("purposes") or []}
        if f.grondslag and self.legal_basis not in bases:
            return False
        if f.verlopen and not self._overdue(record):
            return False
        if f.onvolledig and not mandatory_missing(record, self.facts):
            return False
        if f.q:
            text = f"{record.get('name') or ''} {record.get('description') or ''}"
            if f.q.casefold() not in text.casefold():
                return False
        return True

    def _overdue(self, record: Mapping[str, Any]) -> bool:
        review = record.get("review_date")
        return bool(
            review
            and record.get("status") != "retired"
            and dt.date.fromisoformat(review) < self.reference_date
        )


def resolve(
    session: Session,
    activity_filter: ActivityFilter,
    reference_date: dt.date,
    facts: RegisterFacts | None = None,
) -> RecordMatcher:
    """Resolve the filter's ids (at most two queries); an unknown id matches nothing."""
    product_code = data_category = legal_basis = None
    if activity_filter.product:
        product_code = (
            session.scalar(
                sa.select(Product.code).where(Product.id == int(activity_filter.product))
            )
            or "\x00"
        )
    term_ids = [int(v) for v in (activity_filter.gegeven, activity_filter.grondslag) if v]
    if term_ids:
        labels = dict(
            (row[0], row[1])
            for row in session.execute(sa.select(Term.id, Term.label).where(Term.id.in_(term_ids)))
        )
        if activity_filter.gegeven:
            data_category = labels.get(int(activity_filter.gegeven), "\x00")
        if activity_filter.grondslag:
            legal_basis = labels.get(int(activity_filter.grondslag), "\x00")
    return RecordMatcher(
        activity_filter, reference_date, facts, product_code, data_category, legal_basis
    )
