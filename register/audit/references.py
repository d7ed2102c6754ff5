"""Readable names for a page of audit entries: who acted, and which object it was about.

The trail stores an actor id and an `(entity_type, entity_id)` pair. A page names them by
looking them up in batches: one query for every user on the page (actors and users acted
upon) and one per other kind of data on the page, never one per entry, so the page costs
the same number of queries at 5 or 50 entries. An object deleted since keeps its stored
code and number ("Ondertekening 4"); nothing here touches the hashed entry.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from register.activities.models import ACTIVITY_PARTS, Activity
from register.agreements.models import Agreement, AgreementSignature
from register.audit.labels import entity_label
from register.audit.models import AuditEntry
from register.auth.models import User
from register.breaches.models import Breach
from register.ids import parse_id
from register.organisations.models import Organisation
from register.products.models import Licence, Product
from register.vocabularies.models import Term

# Actions recorded before anyone is signed in: the person is the user the entry is about.
SIGN_IN_ACTIONS = frozenset({"login", "login_failed", "second_factor_failed"})


def _by_activity(model: Any) -> Callable[[list[int]], sa.Select[*tuple[Any, ...]]]:
    return lambda ids: (
        sa.select(model.id, Activity.name)
        .join(Activity, Activity.id == model.activity_id)
        .where(model.id.in_(ids))
    )


def _simple(column: Any) -> Callable[[list[int]], sa.Select[*tuple[Any, ...]]]:
    table = column.class_
    return lambda ids: sa.select(table.id, column).where(table.id.in_(ids))


def _licences(ids: list[int]) -> sa.Select[*tuple[Any, ...]]:
    return (
        sa.select(Licence.id, Product.name + " – " + Organisation.name)
        .join(Product, Product.id == Licence.product_id)
        .join(Organisation, Organisation.id == Licence.organisation_id)
        .where(Licence.id.in_(ids))
    )


def _signatures(ids: list[int]) -> sa.Select[*tuple[Any, ...]]:
    return (
        sa.select(AgreementSignature.id, Agreement.number + " – " + AgreementSignature.name)
        .join(Agreement, Agreement.id == AgreementSignature.agreement_id)
        .where(AgreementSignature.id.in_(ids))
    )


# Entity type → a query for (id, readable name) of the given ids.
REFERENCES: dict[str, Callable[[list[int]], sa.Select[*tuple[Any, ...]]]] = {
    "user": _simple(User.name),
    "activity": _simple(Activity.name),
    # A row of an activity's list is named by its activity.
    **{part.__tablename__: _by_activity(part) for part in ACTIVITY_PARTS},
    "agreement": _simple(Agreement.number),
    "agreement_signature": _signatures,
    "organisation": _simple(Organisation.name),
    "product": _simple(Product.name),
    "licence": _licences,
    "term": _simple(Term.label),
    "breach": _simple(Breach.title),
}


@dataclass(frozen=True)
class EntryNames:
    """What a page shows of one entry: the actor's name and the object's reference."""

    actor: str
    subject: str


def _names(session: Session, kind: str, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return {row[0]: str(row[1]) for row in session.execute(REFERENCES[kind](sorted(ids)))}


def entry_names(session: Session, entries: Iterable[AuditEntry]) -> dict[int, EntryNames]:
    """Per entry id: the actor's name and a readable reference, in a few batched queries."""
    entries = list(entries)
    wanted: dict[str, set[int]] = defaultdict(set)
    for entry in entries:
        if entry.actor_id is not None:
            wanted["user"].add(entry.actor_id)
        object_id = parse_id(entry.entity_id)
        if entry.entity_type in REFERENCES and object_id is not None:
            wanted[entry.entity_type].add(object_id)
    found = {kind: _names(session, kind, ids) for kind, ids in wanted.items()}
    users = found.get("user", {})
    names: dict[int, EntryNames] = {}
    for entry in entries:
        object_id = parse_id(entry.entity_id)
        reference = found.get(entry.entity_type, {}).get(object_id) if object_id else None
        names[entry.id] = EntryNames(actor=_actor(entry, users), subject=_subject(entry, reference))
    return names


def _actor(entry: AuditEntry, users: dict[int, str]) -> str:
    if entry.actor_id is not None:
        return users.get(entry.actor_id) or entry.actor_email
    if entry.action in SIGN_IN_ACTIONS and entry.entity_type == "user":
        # Written before the session knew the user: the entry is about the person signing in.
        object_id = parse_id(entry.entity_id)
        name = users.get(object_id) if object_id is not None else None
        return name or entry.summary or entry.actor_email
    return entry.actor_email


def _subject(entry: AuditEntry, reference: str | None) -> str:
    if not entry.entity_type:
        return ""
    label = entity_label(entry.entity_type)
    if reference:
        return f"{label} {reference}"
    return f"{label} {entry.entity_id}".strip()
