"""The activities overview's filters (same query parameters as /verwerkingen), on records.

Parameters: q (text in name, description, department or owner), role, status, product
(product id), data_category (term id) and legal_basis (term id). They are applied to the
canonical records, so the current register and the register as it stood on a past date are
filtered by one definition. Ids are resolved to the code/label the records carry.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from register.products.models import Product
from register.vocabularies.models import Term

FILTER_PARAMETERS = ("q", "role", "status", "product", "data_category", "legal_basis")
_ROLES = {"controller", "processor"}
_STATUSES = {"draft", "active", "retired"}


@dataclass(frozen=True)
class ActivityFilter:
    """The filter of the overview; empty strings mean "any"."""

    q: str = ""
    role: str = ""
    status: str = ""
    product: str = ""
    data_category: str = ""
    legal_basis: str = ""

    @classmethod
    def from_args(cls, args: Mapping[str, Any]) -> ActivityFilter:
        """Read the filter from query parameters; unknown or malformed values are ignored."""
        raw = {name: str(args.get(name) or "").strip()[:200] for name in FILTER_PARAMETERS}
        if raw["role"] not in _ROLES:
            raw["role"] = ""
        if raw["status"] not in _STATUSES:
            raw["status"] = ""
        for name in ("product", "data_category", "legal_basis"):
            if not raw[name].isdigit():
                raw[name] = ""
        return cls(**raw)

    def as_params(self) -> dict[str, str]:
        """The non-empty parameters, for links, hidden fields and the audit trail."""
        return {key: value for key, value in asdict(self).items() if value}

    def is_empty(self) -> bool:
        return not self.as_params()


@dataclass(frozen=True)
class RecordMatcher:
    """The filter with ids resolved to the values in records."""

    filter: ActivityFilter
    product_code: str | None = None
    data_category: str | None = None
    legal_basis: str | None = None

    def matches(self, record: Mapping[str, Any]) -> bool:
        """Whether a record passes every part of the filter."""
        f = self.filter
        if f.role and record.get("role") != f.role:
            return False
        if f.status and record.get("status") != f.status:
            return False
        if f.product and (record.get("product") or {}).get("code") != self.product_code:
            return False
        if f.data_category and self.data_category not in {
            c.get("category") for c in record.get("data_categories") or []
        }:
            return False
        if f.legal_basis and self.legal_basis not in {
            p.get("legal_basis") for p in record.get("purposes") or []
        }:
            return False
        if f.q:
            needle = f.q.casefold()
            haystack = " ".join(
                str(record.get(key) or "") for key in ("name", "description", "department", "owner")
            )
            if needle not in haystack.casefold():
                return False
        return True


def resolve(session: Session, activity_filter: ActivityFilter) -> RecordMatcher:
    """Resolve the filter's ids (at most two queries); an unknown id matches nothing."""
    product_code = data_category = legal_basis = None
    if activity_filter.product:
        product_code = (
            session.scalar(
                sa.select(Product.code).where(Product.id == int(activity_filter.product))
            )
            or "\x00"
        )
    term_ids = [int(v) for v in (activity_filter.data_category, activity_filter.legal_basis) if v]
    if term_ids:
        labels = dict(
            (row[0], row[1])
            for row in session.execute(sa.select(Term.id, Term.label).where(Term.id.in_(term_ids)))
        )
        if activity_filter.data_category:
            data_category = labels.get(int(activity_filter.data_category), "\x00")
        if activity_filter.legal_basis:
            legal_basis = labels.get(int(activity_filter.legal_basis), "\x00")
    return RecordMatcher(activity_filter, product_code, data_category, legal_basis)
