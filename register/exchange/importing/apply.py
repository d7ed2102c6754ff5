"""Carrying out an import plan: every row in one flush-only unit of work (all or nothing)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from register.activities.commands import ImportCommand
from register.activities.models import Activity
from register.activities.services import import_activities, refresh_missing_counts
from register.exchange.columns import SCHOOL_CONTROLLER_FIELDS
from register.exchange.importing.plan import Action, ImportPlan, Subject
from register.exchange.importing.references import VOCABULARIES, key
from register.organisations.models import Organisation, OrganisationKind
from register.products.models import Licence, Product, ProductKind
from register.vocabularies.models import Term, Vocabulary

# School identifiers are unique or empty (NULL), never "".
_IDENTIFIERS = frozenset({"brin", "rio", "kvk"})


class _Lookup:
    """Terms, parties and products by natural key, existing and newly added.

    Resolves the names of an imported record to ids (`register.activities.commands.References`)
    once the new ones are flushed.
    """

    def __init__(self, plan: ImportPlan) -> None:
        refs = plan.references
        self.terms = dict(refs.terms)
        self.parties = dict(refs.third_parties)
        self.products = dict(refs.products)

    def term_id(self, vocabulary: Vocabulary, label: str | None) -> int | None:
        return self.terms[(vocabulary.value, key(label))].id if label else None

    def organisation_id(self, name: str) -> int:
        return self.parties[key(name)].id

    def product_id(self, code: str) -> int:
        return self.products[code].id


def _write_references(session: Session, plan: ImportPlan, lookup: _Lookup) -> None:
    refs = plan.references
    for (vocabulary, label_key), values in refs.new_terms.items():
        term = Term(vocabulary=VOCABULARIES[vocabulary], **values)
        session.add(term)
        lookup.terms[(vocabulary, label_key)] = term
    for term, changed in refs.changed_terms:
        for name, value in changed.items():
            setattr(term, name, value)
    if plan.organisation_changes:
        own = refs.own or Organisation(kind=OrganisationKind.OWN)
        for name, value in plan.organisation_changes.items():
            setattr(own, name, value or None if name == "kvk" else value)
        session.add(own)
    for name_key, values in refs.new_third_parties.items():
        party = Organisation(
            kind=OrganisationKind(values["kind"]),
            name=values["name"],
            location=values["location"],
            processor_agreement=values.get("processor_agreement", ""),
        )
        session.add(party)
        lookup.parties[name_key] = party
    for code, values in refs.new_products.items():
        product = Product(
            code=code,
            name=values["name"],
            kind=ProductKind.LEARNING_PRODUCT,
            deletion_term=values.get("deletion_term") or "",
        )
        session.add(product)
        lookup.products[code] = product
    for code, deletion_term in refs.changed_deletion_terms.items():
        lookup.products[code].deletion_term = deletion_term
    schools: dict[str, Organisation] = {}
    for marker, values in plan.new_schools.items():
        school = Organisation(
            kind=OrganisationKind.SCHOOL,
            **{
                name: values.get(name) or (None if name in _IDENTIFIERS else "")
                for name, _header in SCHOOL_CONTROLLER_FIELDS
            },
        )
        session.add(school)
        schools[marker] = school
    for target, code, licence in plan.new_licences:
        organisation = schools[target] if isinstance(target, str) else target
        session.add(
            Licence(
                organisation=organisation,
                product=lookup.products[code],
                start_date=dt.date.fromisoformat(licence["start_date"]),
                end_date=dt.date.fromisoformat(licence["end_date"])
                if licence.get("end_date")
                else None,
                reference=licence.get("reference") or "",
            )
        )


def apply_plan(session: Session, plan: ImportPlan) -> tuple[list[Activity], list[str]]:
    """Write the plan: references first, then activities with their versions (flushes only).

    Returns the written activities and the names of those marked active in the file that
    were stored as drafts because a mandatory art. 30 item is missing.
    """
    lookup = _Lookup(plan)
    _write_references(session, plan, lookup)
    session.flush()
    touched = [p for p in plan.activities if p.action is not Action.UNCHANGED]
    if any(c.kind in (Subject.LICENCE, Subject.ORGANISATION) for c in plan.changes):
        # New licences or own-organisation details change the completeness of activities
        # that the file itself leaves alone.
        untouched = [
            p.existing.id
            for p in plan.activities
            if p.action is Action.UNCHANGED and p.existing is not None
        ]
        if untouched:
            refresh_missing_counts(session, untouched)
    return import_activities(
        session,
        [(p.existing, ImportCommand.from_record(p.parsed.record, lookup)) for p in touched],
    )
