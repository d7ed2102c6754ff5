"""Write an `ActivityCommand` onto an activity: load what it refers to, reconcile the parts.

Parts that did not change keep their rows (and ids), so the audit trail shows only what was
really added or removed.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Iterable, Sequence
from dataclasses import astuple, fields
from typing import Any, TypeVar

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from register.activities.catalogue import SCALAR_FIELDS
from register.activities.commands import ActivityCommand
from register.activities.errors import InvalidReference
from register.activities.models import (
    Activity,
    ActivityDataCategory,
    ActivityPurpose,
    ActivitySubprocessor,
    RetentionRule,
    Role,
    Transfer,
)
from register.organisations.models import Organisation, OrganisationKind
from register.products.models import Product
from register.vocabularies.models import Term, Vocabulary

Row = TypeVar("Row")


def _term_ids(command: ActivityCommand) -> dict[int, Vocabulary]:
    """Every referenced term id with the vocabulary it must belong to."""
    wanted: dict[int, Vocabulary] = {}

    def need(term_id: int | None, vocabulary: Vocabulary) -> None:
        if term_id is None:
            return
        if wanted.setdefault(term_id, vocabulary) is not vocabulary:
            raise InvalidReference(_("Een gekozen waarde hoort niet bij deze lijst."))

    for p in command.purposes:
        need(p.purpose_id, Vocabulary.PURPOSE)
        need(p.legal_basis_id, Vocabulary.LEGAL_BASIS)
        need(p.special_condition_id, Vocabulary.SPECIAL_CONDITION)
    for term_id in command.data_subject_ids:
        need(term_id, Vocabulary.DATA_SUBJECT)
    purposes = {p.purpose_id for p in command.purposes}
    for c in command.data_categories:
        need(c.term_id, Vocabulary.DATA_CATEGORY)
        need(c.data_subject_id, Vocabulary.DATA_SUBJECT)
        for purpose_id in c.purpose_ids:
            if purpose_id not in purposes:
                raise InvalidReference(
                    _("Een persoonsgegeven noemt een doel dat niet bij deze verwerking hoort.")
                )
    for term_id in command.recipient_category_ids:
        need(term_id, Vocabulary.RECIPIENT_CATEGORY)
    for t in command.transfers:
        need(t.mechanism_id, Vocabulary.TRANSFER_MECHANISM)
    for r in command.retention_rules:
        need(r.data_category_id, Vocabulary.DATA_CATEGORY)
    for term_id in command.security_measure_ids:
        need(term_id, Vocabulary.SECURITY_MEASURE)
    return wanted


def _by_id(session: Session, model: type[Row], ids: Collection[int]) -> dict[int, Row]:
    """The rows with these ids: those in the session as they are, the others in one query."""
    found: dict[int, Row] = {}
    for row_id in ids:
        row = session.identity_map.get(session.identity_key(model, row_id))
        if row is not None:
            found[row_id] = row
    missing = [i for i in ids if i not in found]
    if missing:
        found.update(
            (row.id, row)  # type: ignore[attr-defined]
            for row in session.scalars(sa.select(model).where(model.id.in_(missing)))  # type: ignore[attr-defined]
        )
    return found


def _load_terms(session: Session, command: ActivityCommand) -> dict[int, Term]:
    wanted = _term_ids(command)
    if not wanted:
        return {}
    terms = _by_id(session, Term, wanted)
    for term_id, vocabulary in wanted.items():
        term = terms.get(term_id)
        if term is None or term.vocabulary is not vocabulary:
            raise InvalidReference(_("Een gekozen waarde bestaat niet (meer) in de lijst."))
    return terms


def _load_organisations(session: Session, command: ActivityCommand) -> dict[int, Organisation]:
    kinds = {
        o: OrganisationKind.SUBPROCESSOR for o in (s.organisation_id for s in command.subprocessors)
    }
    ids = set(kinds) | set(command.recipient_ids)
    if not ids:
        return {}
    found = _by_id(session, Organisation, ids)
    for org_id in ids:
        org = found.get(org_id)
        if org is None or (org_id in kinds and org.kind is not OrganisationKind.SUBPROCESSOR):
            raise InvalidReference(_("Een gekozen organisatie bestaat niet of past hier niet."))
    return found


def _load_product(session: Session, command: ActivityCommand) -> Product | None:
    if command.product_id is None:
        if command.role is Role.PROCESSOR:
            raise InvalidReference(_("Kies het product waarvoor verwerkt wordt."))
        return None
    product = session.get(Product, command.product_id)
    if product is None:
        raise InvalidReference(_("Het gekozen product bestaat niet."))
    return product


def _reconcile(
    existing: Sequence[Row],
    keys: Iterable[Hashable],
    key_of: Callable[[Row], Hashable],
    make: Callable[[int], Row],
) -> list[Row]:
    """Keep rows whose key is asked for again, create the others (by position)."""
    pool: dict[Hashable, list[Row]] = {}
    for row in existing:
        pool.setdefault(key_of(row), []).append(row)
    result = []
    for index, key in enumerate(keys):
        rows = pool.get(key)
        result.append(rows.pop(0) if rows else make(index))
    return result


def _from_lines(
    existing: Sequence[Row], lines: Sequence[Any], make: Callable[[Any], Row]
) -> list[Row]:
    """The rows for a command's lines, whose fields are the rows' columns: a row equal to a line
    is kept, a new row is made for each other line."""
    names = [f.name for f in fields(lines[0])] if lines else []
    return _reconcile(
        existing,
        [astuple(line) for line in lines],
        lambda row: tuple(getattr(row, name) for name in names),
        lambda index: make(lines[index]),
    )


def _optional(terms: dict[int, Term], term_id: int | None) -> Term | None:
    return terms[term_id] if term_id else None


def _unique(items: Iterable[Any]) -> list[Any]:
    return list(dict.fromkeys(items))


def apply_command(session: Session, activity: Activity, command: ActivityCommand) -> None:
    """Set every field and part of `activity` from `command` (nothing is flushed here)."""
    with session.no_autoflush:
        _apply(session, activity, command)


def _apply(session: Session, activity: Activity, command: ActivityCommand) -> None:
    terms = _load_terms(session, command)
    organisations = _load_organisations(session, command)
    product = _load_product(session, command)
    for name in SCALAR_FIELDS:
        if getattr(activity, name) != getattr(command, name):
            setattr(activity, name, getattr(command, name))
    if activity.product is not product:
        activity.product = product

    activity.purposes = _from_lines(
        activity.purposes,
        command.purposes,
        lambda p: ActivityPurpose(
            purpose=terms[p.purpose_id],
            legal_basis=_optional(terms, p.legal_basis_id),
            special_condition=_optional(terms, p.special_condition_id),
            legitimate_interest=p.legitimate_interest,
            lia_link=p.lia_link,
        ),
    )
    # One row per (category, data subject): the flag is updated in place (unique constraint).
    required = {(c.term_id, c.data_subject_id): c.is_required for c in command.data_categories}
    categories = list(required)
    activity.data_categories = _reconcile(
        activity.data_categories,
        categories,
        lambda r: (r.term_id, r.data_subject_id),
        lambda i: ActivityDataCategory(
            term=terms[categories[i][0]],
            data_subject=_optional(terms, categories[i][1]),
        ),
    )
    served = {(c.term_id, c.data_subject_id): c.purpose_ids for c in command.data_categories}
    for row, key in zip(activity.data_categories, categories, strict=True):
        if row.is_required != required[key]:
            row.is_required = required[key]
        _set_terms(row, "purposes", [terms[i] for i in sorted(set(served[key]))])
    activity.subprocessors = _from_lines(
        activity.subprocessors,
        command.subprocessors,
        lambda s: ActivitySubprocessor(
            organisation=organisations[s.organisation_id],
            service=s.service,
            location=s.location,
            safeguard=s.safeguard,
        ),
    )
    activity.transfers = _from_lines(
        activity.transfers,
        command.transfers,
        lambda t: Transfer(
            country=t.country,
            recipient=t.recipient,
            mechanism=_optional(terms, t.mechanism_id),
            safeguards=t.safeguards,
        ),
    )
    activity.retention_rules = _from_lines(
        activity.retention_rules,
        command.retention_rules,
        lambda r: RetentionRule(
            data_category=_optional(terms, r.data_category_id),
            period=r.period,
            trigger=r.trigger,
            reason=r.reason,
            legal_exception=r.legal_exception,
        ),
    )
    _set_terms(activity, "data_subjects", [terms[i] for i in _unique(command.data_subject_ids)])
    _set_terms(
        activity,
        "recipient_categories",
        [terms[i] for i in _unique(command.recipient_category_ids)],
    )
    _set_terms(
        activity, "security_measures", [terms[i] for i in _unique(command.security_measure_ids)]
    )
    _set_terms(activity, "recipients", [organisations[i] for i in _unique(command.recipient_ids)])


def _set_terms(owner: Any, name: str, wanted: list[Any]) -> None:
    # Reassign only on a real change, so the audit trail does not record a no-op.
    current = getattr(owner, name)
    if [o.id for o in current] != [o.id for o in wanted]:
        setattr(owner, name, wanted)
