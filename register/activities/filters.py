"""The activities overview's filter: one parser of its query parameters, two interpreters.

    query string ──ActivityFilter.from_args──▶ ActivityFilter
        │   (typed; a value that does not parse is dropped and named in `errors`)
        ├──▶ conditions(filter), order_by(filter)   SQL, for the overview (queries.activity_list)
        └──▶ record_matcher(session, filter, on)    Python over records, for the exports of the
             .matches(record)                        register now and on a past date

Parameters: q (text in the name or the description, ignoring case), rol (controller or
processor), status (draft, active, retired, or "alle"; without it retired activities are left
out), product (product id), gegeven (data category term id), grondslag (legal basis term id),
verlopen=1 (review date passed; retired activities never are), onvolledig=1 (mandatory
art. 30 items missing) and, for the overview only, sort (name, status, review or updated;
"-" in front for descending). An id that does not exist matches nothing. Both interpreters
apply these same rules; tests/activities/test_filters.py checks that they select the same
activities.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from register.activities.completeness import RegisterFacts, mandatory_missing
from register.activities.facts import load_facts
from register.activities.models import (
    Activity,
    ActivityDataCategory,
    ActivityPurpose,
    ActivityStatus,
    Role,
)
from register.activities.search import matches, unicode_lower
from register.calendar import today
from register.characters import search_text
from register.ids import parse_id
from register.products.models import Product
from register.vocabularies.models import Term, Vocabulary

# The filter's query parameters, in the order links and exports show them.
PARAMETERS = ("q", "rol", "status", "product", "gegeven", "grondslag", "verlopen", "onvolledig")
ALL_STATUSES = "alle"
MAX_QUERY = 200

SORTS: dict[str, tuple[Any, ...]] = {
    "name": (unicode_lower(Activity.name),),
    "status": (Activity.status, unicode_lower(Activity.name)),
    "review": (Activity.review_date, unicode_lower(Activity.name)),
    "updated": (Activity.updated_at,),
}


@dataclass(frozen=True)
class ActivityFilter:
    """The overview's search, filters and sort order, parsed once."""

    q: str = ""
    role: Role | None = None
    status: ActivityStatus | None = None
    all_statuses: bool = False
    product_id: int | None = None
    category_id: int | None = None
    basis_id: int | None = None
    overdue: bool = False
    incomplete: bool = False
    sort: str = "name"
    errors: tuple[str, ...] = ()

    @classmethod
    def from_args(cls, args: Mapping[str, Any]) -> ActivityFilter:
        """Read the filter from query parameters; a bad value is ignored and named in `errors`."""

        def arg(name: str) -> str:
            value = args.get(name)
            return value.replace("\x00", "").strip() if isinstance(value, str) else ""

        errors: list[str] = []
        role = status = None
        if raw_role := arg("rol"):
            try:
                role = Role(raw_role)
            except ValueError:
                errors.append(_("Onbekende rol; dat filter is genegeerd."))
        raw_status = arg("status")
        if raw_status and raw_status != ALL_STATUSES:
            try:
                status = ActivityStatus(raw_status)
            except ValueError:
                errors.append(_("Onbekende status; dat filter is genegeerd."))
        ids: dict[str, int | None] = {}
        for name in ("product", "gegeven", "grondslag"):
            raw = arg(name)
            ids[name] = parse_id(raw) if raw else None
            if raw and ids[name] is None:
                errors.append(_("Ongeldige keuze in een filter; die is genegeerd."))
        sort = arg("sort")
        if sort and sort.removeprefix("-") not in SORTS:
            errors.append(_("Onbekende sortering; er wordt op naam gesorteerd."))
            sort = ""
        return cls(
            q=search_text(args.get("q"), MAX_QUERY),
            role=role,
            status=status,
            all_statuses=raw_status == ALL_STATUSES,
            product_id=ids["product"],
            category_id=ids["gegeven"],
            basis_id=ids["grondslag"],
            overdue=arg("verlopen") == "1",
            incomplete=arg("onvolledig") == "1",
            sort=sort or "name",
            errors=tuple(errors),
        )

    def as_params(self) -> dict[str, str]:
        """The filter's parameters that are set (not the sort order): links, forms, audit."""
        status = self.status.value if self.status else ""
        values = {
            "q": self.q,
            "rol": self.role.value if self.role else "",
            "status": ALL_STATUSES if self.all_statuses else status,
            "product": "" if self.product_id is None else str(self.product_id),
            "gegeven": "" if self.category_id is None else str(self.category_id),
            "grondslag": "" if self.basis_id is None else str(self.basis_id),
            "verlopen": "1" if self.overdue else "",
            "onvolledig": "1" if self.incomplete else "",
        }
        return {name: values[name] for name in PARAMETERS if values[name]}

    def is_empty(self) -> bool:
        """No filter is set (the sort order aside)."""
        return not self.as_params()


# The SQL interpreter.


def conditions(f: ActivityFilter) -> list[sa.ColumnElement[bool]]:
    """The filter as WHERE conditions on `Activity`."""
    where: list[sa.ColumnElement[bool]] = []
    if f.q:
        where.append(matches([Activity.name, Activity.description], f.q))
    if f.role:
        where.append(Activity.role == f.role)
    if f.status:
        where.append(Activity.status == f.status)
    elif not f.all_statuses:
        where.append(Activity.status != ActivityStatus.RETIRED)
    if f.product_id is not None:
        where.append(Activity.product_id == f.product_id)
    if f.category_id is not None:
        where.append(
            sa.exists().where(
                ActivityDataCategory.activity_id == Activity.id,
                ActivityDataCategory.term_id == f.category_id,
            )
        )
    if f.basis_id is not None:
        where.append(
            sa.exists().where(
                ActivityPurpose.activity_id == Activity.id,
                ActivityPurpose.legal_basis_id == f.basis_id,
            )
        )
    if f.overdue:
        where.append(Activity.review_date < today())
        where.append(Activity.status != ActivityStatus.RETIRED)
    if f.incomplete:
        where.append(Activity.missing_count > 0)
    return where


def order_by(f: ActivityFilter) -> list[Any]:
    """The sort order as ORDER BY clauses (the id last, so pages are stable)."""
    descending = f.sort.startswith("-")
    columns = SORTS[f.sort.removeprefix("-")]
    order = [(c.desc() if descending else c.asc()).nulls_last() for c in columns]
    return [*order, Activity.id]


# The interpreter over records (`register.activities.record.activity_record`).

# Stands for an id that does not exist: no record carries it.
_NOTHING = "\x00"


@dataclass(frozen=True)
class RecordMatcher:
    """The filter with its ids resolved to the codes and labels that records carry."""

    filter: ActivityFilter
    reference_date: dt.date
    facts: RegisterFacts | None = None
    product_code: str | None = None
    data_category: str | None = None
    legal_basis: str | None = None

    def matches(self, record: Mapping[str, Any]) -> bool:
        """Whether a record passes every part of the filter."""
        f = self.filter
        status = record.get("status")
        if f.q:
            needle = f.q.lower()
            texts = (record.get("name") or "", record.get("description") or "")
            if not any(needle in text.lower() for text in texts):
                return False
        if f.role and record.get("role") != f.role.value:
            return False
        if f.status and status != f.status.value:
            return False
        if not f.status and not f.all_statuses and status == ActivityStatus.RETIRED.value:
            return False
        product = record.get("product") or {}
        if f.product_id is not None and product.get("code") != self.product_code:
            return False
        if f.category_id is not None:
            categories = {line.get("category") for line in record.get("data_categories") or []}
            if self.data_category not in categories:
                return False
        if f.basis_id is not None:
            bases = {line.get("legal_basis") for line in record.get("purposes") or []}
            if self.legal_basis not in bases:
                return False
        if f.overdue and not self._overdue(record):
            return False
        return not (f.incomplete and not mandatory_missing(record, self.facts))

    def _overdue(self, record: Mapping[str, Any]) -> bool:
        review = record.get("review_date")
        return bool(
            review
            and record.get("status") != ActivityStatus.RETIRED.value
            and dt.date.fromisoformat(review) < self.reference_date
        )


def record_matcher(
    session: Session,
    f: ActivityFilter,
    reference_date: dt.date,
    facts: RegisterFacts | None = None,
) -> RecordMatcher:
    """Resolve the filter's ids (at most two queries) for matching records on `reference_date`.

    `facts` (for onvolledig) are loaded for `reference_date` when not given.
    """
    if f.incomplete and facts is None:
        facts = load_facts(session, reference_date)
    product_code = None
    if f.product_id is not None:
        code = session.scalar(sa.select(Product.code).where(Product.id == f.product_id))
        product_code = code or _NOTHING
    labels: dict[tuple[Vocabulary, int], str] = {}
    wanted = [(Vocabulary.DATA_CATEGORY, f.category_id), (Vocabulary.LEGAL_BASIS, f.basis_id)]
    term_ids = [term_id for _vocabulary, term_id in wanted if term_id is not None]
    if term_ids:
        rows = session.execute(
            sa.select(Term.vocabulary, Term.id, Term.label).where(Term.id.in_(term_ids))
        )
        labels = {(vocabulary, term_id): label for vocabulary, term_id, label in rows}
    data_category, legal_basis = (
        None if term_id is None else labels.get((vocabulary, term_id), _NOTHING)
        for vocabulary, term_id in wanted
    )
    return RecordMatcher(f, reference_date, facts, product_code, data_category, legal_basis)
