"""Comparing a parsed workbook with the database: what an import would create or change."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from register.activities.diff import diff_records, item_text
from register.activities.models import Activity
from register.activities.record import activity_record, record_loaders
from register.exchange.columns import (
    LATER_ORGANISATION_FIELDS,
    ORGANISATION_FIELDS,
    ORGANISATION_FLAGS,
    SCHOOL_COLUMNS,
    SCHOOL_SHEET,
)
from register.exchange.errors import Issue
from register.exchange.importing.parse_activities import ParsedActivity
from register.exchange.importing.parse_workbook import ParsedWorkbook
from register.exchange.importing.references import (
    References,
    key,
    load_references,
    term_changes,
    term_labels,
)
from register.organisations.models import Organisation

# Record items an import sets on an activity (the rest is derived from terms and parties).
_DERIVED = {
    "purposes": ("legal_basis_reference",),
    "data_categories": ("special_category", "criminal_data", "national_identifier"),
    "recipients": ("kind", "location", "processor_agreement"),
    "security_measures": ("group",),
}
_DELETION_TERM_HEADER = next(c.header for c in SCHOOL_COLUMNS if c.path == "product.deletion_term")
_IGNORED = {"id", "format", "retired_at", "version"}
# Many-to-many parts have no order in the database: compared as sorted lists.
_UNORDERED = {"data_subjects", "recipient_categories", "recipients", "security_measures"}


class Action(enum.Enum):
    """What an import does to a thing."""

    NEW = "new"
    CHANGED = "changed"
    UNCHANGED = "unchanged"

    @property
    def label(self) -> str:
        return str(ACTION_LABELS[self])


class Subject(enum.Enum):
    """The kind of thing an import creates or changes."""

    TERM = "term"
    ORGANISATION = "organisation"
    PRODUCT = "product"
    LICENCE = "licence"
    ACTIVITY = "activity"

    @property
    def label(self) -> str:
        return str(SUBJECT_LABELS[self])


ACTION_LABELS = {
    Action.NEW: _l("nieuw"),
    Action.CHANGED: _l("gewijzigd"),
    Action.UNCHANGED: _l("ongewijzigd"),
}
SUBJECT_LABELS = {
    Subject.TERM: _l("Begrip"),
    Subject.ORGANISATION: _l("Organisatie"),
    Subject.PRODUCT: _l("Product"),
    Subject.LICENCE: _l("Licentie"),
    Subject.ACTIVITY: _l("Verwerking"),
}


@dataclass(frozen=True)
class Change:
    """One line of the preview: what kind of thing, created or changed, and which."""

    kind: Subject
    action: Action  # NEW or CHANGED
    label: str
    detail: str = ""


@dataclass(frozen=True)
class Difference:
    """One item where a stale row and the register differ: what each says."""

    label: str
    in_file: str
    in_register: str


@dataclass
class Conflict:
    """A row based on an older version of an activity than the register holds now."""

    sheet: str
    row: int
    name: str
    file_version: int
    current_version: int
    differences: list[Difference]
    overwrite: bool  # the user chose to overwrite the newer version with this row

    @property
    def key(self) -> str:
        """How the preview's "overschrijven" tick names this row."""
        return f"{self.sheet}:{self.row}"


@dataclass
class ActivityPlan:
    parsed: ParsedActivity
    existing: Activity | None
    action: Action


@dataclass
class ImportPlan:
    """Everything the import would do; `apply_plan` carries it out."""

    workbook: ParsedWorkbook
    references: References
    activities: list[ActivityPlan] = field(default_factory=list)
    organisation_changes: dict[str, str] = field(default_factory=dict)
    new_schools: dict[str, dict[str, Any]] = field(default_factory=dict)
    school_of: dict[int, Organisation | str] = field(
        default_factory=dict
    )  # id(entry) -> org/new key
    new_licences: list[tuple[Organisation | str, str, dict[str, Any]]] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    unchanged: int = 0
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def issues(self) -> list[Issue]:
        return self.workbook.issues


def comparable(record: dict[str, Any]) -> dict[str, Any]:
    """The part of a record an import decides (derived and bookkeeping items left out)."""
    out: dict[str, Any] = {}
    for name, value in record.items():
        if name in _IGNORED:
            continue
        if isinstance(value, list):
            dropped = _DERIVED.get(name, ())
            value = [
                {k: v for k, v in item.items() if k not in dropped}
                if isinstance(item, dict)
                else item
                for item in value
            ]
        if name in _UNORDERED:
            value = sorted(value, key=lambda item: repr(item).casefold())
        out[name] = value
    return out


def _plan_terms(plan: ImportPlan) -> None:
    refs, workbook = plan.references, plan.workbook
    for vocabulary, rows in workbook.terms.items():
        for _row, values in rows:
            existing = refs.terms.get((vocabulary, key(values["label"])))
            if existing is None:
                refs.add_term(vocabulary, {k: v for k, v in values.items() if v is not None})
                plan.changes.append(Change(Subject.TERM, Action.NEW, values["label"], vocabulary))
            elif changed := term_changes(existing, values):
                refs.changed_terms.append((existing, changed))
                plan.changes.append(
                    Change(Subject.TERM, Action.CHANGED, existing.label, ", ".join(changed))
                )
    for activity in workbook.activities:
        for vocabulary, label, item in term_labels(activity.record):
            if not refs.has_term(vocabulary, label):
                extra = {}
                if vocabulary == "legal_basis":
                    extra["reference"] = item.get("legal_basis_reference") or ""
                refs.add_term(vocabulary, {"label": label, **extra})
                plan.changes.append(
                    Change(
                        Subject.TERM,
                        Action.NEW,
                        label,
                        f"{vocabulary} (uit blad '{activity.sheet}')",
                    )
                )


def _stored(own: Organisation, name: str) -> Any:
    """An own-organisation field as the organisation sheet reads it back."""
    value = getattr(own, name)
    return bool(value) if name in ORGANISATION_FLAGS else value or ""


def _plan_organisation(plan: ImportPlan) -> None:
    values = plan.workbook.organisation
    if values is None:
        return
    own = plan.references.own
    if own is None:
        plan.organisation_changes = dict(values)
        plan.changes.append(Change(Subject.ORGANISATION, Action.NEW, values.get("name", "")))
        return
    changed = {
        name: value
        for name, _label in ORGANISATION_FIELDS
        if (name in values or name not in LATER_ORGANISATION_FIELDS)
        and (value := values.get(name, "")) != _stored(own, name)
    }
    if changed:
        plan.organisation_changes = changed
        plan.changes.append(
            Change(Subject.ORGANISATION, Action.CHANGED, own.name, ", ".join(changed))
        )


def _plan_parties(plan: ImportPlan, activity: ParsedActivity) -> None:
    refs = plan.references
    record = activity.record
    for item, kind in [(r, r.get("kind") or "recipient") for r in record["recipients"]] + [
        (s, "subprocessor") for s in record["subprocessors"]
    ]:
        name_key = key(item["name"])
        if name_key in refs.third_parties or name_key in refs.new_third_parties:
            continue
        refs.new_third_parties[name_key] = {
            "name": item["name"],
            "kind": kind if kind in ("recipient", "subprocessor") else "recipient",
            "location": item.get("location") or "",
            "processor_agreement": item.get("processor_agreement") or "",
        }
        plan.changes.append(Change(Subject.ORGANISATION, Action.NEW, item["name"], kind))
    product = record.get("product")
    if (
        product
        and product["code"] not in refs.products
        and product["code"] not in refs.new_products
    ):
        owner = refs.product_names.get(key(product["name"]))
        if owner is not None and owner != product["code"]:
            plan.workbook.issues.append(
                Issue(
                    activity.sheet,
                    activity.row,
                    activity.header("product.name"),
                    f"product '{product['name'][:60]}' bestaat al met code '{owner}'.",
                )
            )
            return
        refs.new_products[product["code"]] = dict(product)
        refs.product_names[key(product["name"])] = product["code"]
        plan.changes.append(Change(Subject.PRODUCT, Action.NEW, product["name"], product["code"]))


def _plan_deletion_term(plan: ImportPlan, entry: dict[str, Any], terms: dict[str, int]) -> None:
    """The product's deletion term from a school row: set on a new product, changed on an
    existing one; rows of one product must name the same term."""
    refs = plan.references
    code, name = entry["product"]["code"], entry["product"]["name"]
    term = entry["product"].get("deletion_term") or ""
    if not term:
        return  # a file without the column (or an empty cell) leaves the term alone
    first = terms.setdefault(code, entry["row"])
    if first != entry["row"]:
        named = (refs.new_products.get(code) or {}).get("deletion_term") or (
            refs.changed_deletion_terms.get(code)
            or (refs.products[code].deletion_term if code in refs.products else "")
        )
        if named != term:
            plan.workbook.issues.append(
                Issue(
                    SCHOOL_SHEET,
                    entry["row"],
                    _DELETION_TERM_HEADER,
                    f"product '{code}' heeft in rij {first} een andere termijn.",
                )
            )
        return
    if code in refs.new_products:
        refs.new_products[code]["deletion_term"] = term
    elif code in refs.products and refs.products[code].deletion_term != term:
        refs.changed_deletion_terms[code] = term
        plan.changes.append(Change(Subject.PRODUCT, Action.CHANGED, name, _DELETION_TERM_HEADER))


def _plan_schools(plan: ImportPlan) -> None:
    refs = plan.references
    by_brin = {o.brin: o for o in refs.schools if o.brin}
    by_rio = {o.rio: o for o in refs.schools if o.rio}
    by_name = {key(o.name): o for o in sorted(refs.schools, key=lambda o: -o.id)}
    terms: dict[str, int] = {}  # product code -> the first row that named its term
    for entry in plan.workbook.schools:
        school, licence = entry["controller"], entry["licence"]
        code, name = entry["product"]["code"], entry["product"]["name"]
        if code not in refs.products and code not in refs.new_products:
            refs.new_products[code] = {"code": code, "name": name}
            plan.changes.append(Change(Subject.PRODUCT, Action.NEW, name, code))
        _plan_deletion_term(plan, entry, terms)
        found = (
            by_brin.get(school.get("brin") or "")
            or by_rio.get(school.get("rio") or "")
            or by_name.get(key(school["name"]))
        )
        target: Organisation | str
        if found is not None:
            target = found
        else:
            target = school.get("brin") or school.get("rio") or key(school["name"])
            if target not in plan.new_schools:
                plan.new_schools[target] = school
                plan.changes.append(
                    Change(Subject.ORGANISATION, Action.NEW, school["name"], "school")
                )
        product = refs.products.get(code)
        if (
            found is not None
            and product is not None
            and (found.id, product.id, licence["start_date"]) in refs.licences
        ):
            continue
        marker = (target if isinstance(target, str) else target.id, code, licence["start_date"])
        if marker in refs.licences:
            continue
        refs.licences.add(marker)  # type: ignore[arg-type]
        plan.new_licences.append((target, code, licence))
        plan.changes.append(
            Change(Subject.LICENCE, Action.NEW, f"{school['name']} – {code}", licence["start_date"])
        )


def _check_duplicates(workbook: ParsedWorkbook, parsed: ParsedActivity) -> None:
    pairs = [
        (key(c["category"]), key(c["data_subject"] or "")) for c in parsed.record["data_categories"]
    ]
    if len(set(pairs)) != len(pairs):
        workbook.issues.append(
            Issue(
                parsed.sheet,
                parsed.row,
                parsed.header("data_categories.category"),
                "een persoonsgegeven staat dubbel in de lijst (voor dezelfde betrokkene).",
            )
        )


def _activity_key(record: dict[str, Any]) -> tuple[str, str, str]:
    return (record["role"], key(record["name"]), (record.get("product") or {}).get("code", ""))


def _differences(current: dict[str, Any], parsed: dict[str, Any]) -> list[Difference]:
    found = []
    for change in diff_records(comparable(current), comparable(parsed)):
        if change.is_list:
            in_file = "; ".join(item_text(i) for i in change.added)
            in_register = "; ".join(item_text(i) for i in change.removed)
        else:
            in_file, in_register = item_text(change.new), item_text(change.old)
        found.append(Difference(change.label, in_file, in_register))
    return found


def _conflict(
    parsed: ParsedActivity, current: Activity, overwrite: frozenset[str]
) -> Conflict | None:
    """A conflict when the row is based on an older version than the register's."""
    if parsed.version is None or parsed.version >= current.version:
        return None
    conflict = Conflict(
        parsed.sheet,
        parsed.row,
        parsed.record["name"],
        parsed.version,
        current.version,
        _differences(activity_record(current), parsed.record),
        overwrite=False,
    )
    conflict.overwrite = conflict.key in overwrite
    return conflict


def build_plan(
    session: Session, workbook: ParsedWorkbook, overwrite: frozenset[str] = frozenset()
) -> ImportPlan:
    """Compare the workbook with the database (a fixed number of queries; writes nothing).

    `overwrite` names the rows (`Conflict.key`) the user chose to import although they are
    based on an older version than the register's.
    """
    plan = ImportPlan(workbook, load_references(session))
    _plan_terms(plan)
    _plan_organisation(plan)
    existing: dict[tuple[str, str, str], Activity] = {}
    for activity in session.scalars(
        sa.select(Activity).options(*record_loaders()).order_by(Activity.id.desc())
    ).unique():
        existing[_activity_key(activity_record(activity))] = activity
    seen: dict[tuple[str, str, str], ParsedActivity] = {}
    for parsed in workbook.activities:
        _plan_parties(plan, parsed)
        activity_key = _activity_key(parsed.record)
        if activity_key in seen:
            first = seen[activity_key]
            workbook.issues.append(
                Issue(
                    parsed.sheet,
                    parsed.row,
                    parsed.header("name"),
                    f"deze verwerking staat al in blad '{first.sheet}', rij {first.row}.",
                )
            )
            continue
        seen[activity_key] = parsed
        _check_duplicates(workbook, parsed)
        current = existing.get(activity_key)
        if current is None:
            action = Action.NEW
        elif comparable(activity_record(current)) == comparable(parsed.record):
            action = Action.UNCHANGED
        else:
            action = Action.CHANGED
            if conflict := _conflict(parsed, current, overwrite):
                plan.conflicts.append(conflict)
        plan.activities.append(ActivityPlan(parsed, current, action))
        if action is Action.UNCHANGED:
            plan.unchanged += 1
        else:
            plan.changes.append(Change(Subject.ACTIVITY, action, parsed.record["name"]))
    _plan_schools(plan)
    return plan
