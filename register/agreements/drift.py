"""Drift: signed agreements whose register data changed since their documents were made.

Each agreement stores one hash per product fragment of its snapshot (`AgreementFragment`).
`refresh_drift` computes every product's current fragment once, finds the signed
agreements whose stored hash differs in one query, diffs each distinct (product, old hash)
pair once, and rewrites the flags (`AgreementDrift`) only where they changed.

It runs before every commit that changed a model declaring `Derived.DRIFT`
(`register.derived`), and on demand as `flask agreements drift`.

Agreements still with the school are not flagged: `pending_drift` compares one agreement's
fragments when its portal page is shown. So that a page view does not rebuild the
register's fragments, `refresh_drift` also counts the generation (`DriftGeneration`: one
row, a number and a random token) in the transaction of every such change, and each
process keeps the current fragments, their hashes and the described changes for the
generation it last read. What is kept is register data, the same for every user (the
descriptions per language); the page still reads the user's own agreement and its stored
fragments. A transaction that holds uncommitted register changes neither uses nor keeps
anything. Changes that bypass the session (bulk SQL on register tables) are missed here
exactly as they are missed by the flags.
"""

from __future__ import annotations

import copy
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy.orm import Mapped, Session, mapped_column

from register.activities.diff import diff_records, item_text
from register.agreements.documents.reading import snapshot_data
from register.agreements.documents.snapshot import current_fragments, drift_view, fragment_hash
from register.agreements.documents.storage import (
    AgreementDrift,
    AgreementFragment,
    AgreementSnapshot,
)
from register.agreements.errors import DriftNotAcknowledged
from register.agreements.models import Agreement
from register.agreements.states import AgreementState
from register.db import Model, table_of, utcnow
from register.derived import Derived, noted
from register.products.models import Product

_CHUNK = 500


@dataclass(frozen=True)
class DriftResult:
    flagged: int
    added: int
    cleared: int


def refresh_drift(session: Session) -> DriftResult:
    """Recompute the drift flags of every signed agreement and move the generation; flushes."""
    _next_generation(session)
    return _store(session, drift_changes(session, (AgreementState.SIGNED,)))


class DriftGeneration(Model):
    """One row counting the commits that changed register data the drift reads.

    `refresh_drift` adds one in the transaction of every such change (register/derived.py),
    so a process may keep fragments computed at a generation until the number moves on
    (`pending_drift`).
    """

    __tablename__ = "drift_generation"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    value: Mapped[int] = mapped_column(sa.BigInteger(), default=0)
    # Random, set when the row is made: a number kept from another database (or from
    # before the tables were emptied) never matches this one's.
    token: Mapped[str] = mapped_column(sa.String(32))


# The generation row: one, with this id.
_GENERATION_ID = 1


def _next_generation(session: Session) -> None:
    """Count one more change of the register data the drift reads (this transaction's)."""
    table = table_of(DriftGeneration)
    moved = session.execute(
        sa.update(table)
        .where(table.c.id == _GENERATION_ID)
        .values(value=table.c.value + 1)
        .execution_options(synchronize_session=False)
    )
    if not getattr(moved, "rowcount", 0):  # a database made without the migrations
        session.execute(
            sa.insert(table).values(id=_GENERATION_ID, value=1, token=secrets.token_hex(16))
        )


def _generation(session: Session) -> tuple[str, int] | None:
    """The current generation (the row's token and number), or None when there is none.

    None as well while this transaction holds register changes the generation does not
    count yet: fragments read now may never be committed, so nothing is kept or used.
    """
    found = session.execute(
        sa.select(DriftGeneration.token, DriftGeneration.value).where(
            DriftGeneration.id == _GENERATION_ID
        )
    ).first()
    if found is None or Derived.DRIFT in noted(session):  # noted by the autoflush above
        return None
    return found.token, found.value


@dataclass
class _Kept:
    """What a process keeps for one drift generation: register data, the same for every user."""

    generation: tuple[str, int] | None = None
    # Product code -> (its current fragment or None when gone, its hash).
    fragments: dict[str, tuple[dict[str, Any] | None, str]] = field(default_factory=dict)
    # Language -> (product code, an old fragment's hash) -> the changes to the current one.
    described: dict[str, dict[tuple[str, str], list[dict[str, Any]]]] = field(default_factory=dict)


# Per process: what was kept for the generation it last read, dropped whole when it moves on.
_kept = _Kept()


def _kept_for(session: Session, codes: list[str]) -> _Kept:
    """What is kept for the current generation, holding the current fragments of `codes`.

    Not kept (a fresh store) when there is no current generation (see `_generation`).
    """
    global _kept
    generation = _generation(session)
    kept = _kept if generation is not None and generation == _kept.generation else _Kept(generation)
    missing = [code for code in codes if code not in kept.fragments]
    if missing:
        product_ids = session.scalars(sa.select(Product.id).where(Product.code.in_(missing))).all()
        fragments = {f["code"]: f for f in current_fragments(session, product_ids).values()}
        for code in missing:
            fragment = fragments.get(code)
            kept.fragments[code] = (fragment, fragment_hash(fragment)) if fragment else (None, "")
    if generation is not None:
        _kept = kept
    return kept


def _differs(hashes: dict[str, str]) -> list[sa.ColumnElement[bool]]:
    """SQL: a stored fragment whose product's data now hashes otherwise (or is gone)."""
    differs = [
        sa.and_(AgreementFragment.product_code == code, AgreementFragment.sha256 != digest)
        for code, digest in hashes.items()
    ]
    differs.append(AgreementFragment.product_code.not_in(list(hashes) or [""]))
    return differs


def changed_since_sent(session: Session) -> sa.ColumnElement[bool]:
    """SQL: the agreement's register data changed since it was sent (any state, not stored)."""
    hashes = {f["code"]: fragment_hash(f) for f in current_fragments(session).values()}
    return (
        sa.select(AgreementFragment.agreement_id)
        .where(AgreementFragment.agreement_id == Agreement.id, sa.or_(*_differs(hashes)))
        .exists()
    )


def drift_changes(
    session: Session, states: tuple[AgreementState, ...]
) -> dict[int, list[dict[str, Any]]]:
    """The register changes behind every agreement in `states` since it was sent (not stored).

    Also asked for agreements still with the school (register/notifications tells them).
    """
    current = {f["code"]: f for f in current_fragments(session).values()}
    differs = _differs({code: fragment_hash(fragment) for code, fragment in current.items()})
    rows = session.execute(
        sa.select(
            AgreementFragment.agreement_id,
            AgreementFragment.product_code,
            AgreementFragment.sha256,
            Agreement.sent_count,
        )
        .join(Agreement, Agreement.id == AgreementFragment.agreement_id)
        .where(Agreement.state.in_(states), sa.or_(*differs))
        .order_by(AgreementFragment.agreement_id, AgreementFragment.product_code)
    ).all()
    changes_by_pair = _changes_per_pair(session, rows, current)
    wanted: dict[int, list[Any]] = {}
    for agreement_id, code, digest, _sent in rows:
        wanted.setdefault(agreement_id, []).extend(changes_by_pair[(code, digest)])
    return wanted


WITH_THE_SCHOOL = (AgreementState.IN_REVIEW, AgreementState.AWAITING_SIGNATURE)


def pending_drift(session: Session, agreement: Agreement) -> list[dict[str, Any]]:
    """What changed in the register since an agreement still with the school was sent.

    The same changes `drift_changes` finds for this agreement, computed from its own
    products only (the portal's agreement page asks on every view): its stored fragments
    against the current fragments of the products they name, and one snapshot when
    something differs. The current fragments are kept per process while the drift
    generation stays the same (`refresh_drift` moves it in every transaction that changes
    the register data they are made of), so a page view reads two small rows.
    """
    if agreement.state not in WITH_THE_SCHOOL:
        return []
    stored = session.execute(
        sa.select(AgreementFragment.product_code, AgreementFragment.sha256)
        .where(AgreementFragment.agreement_id == agreement.id)
        .order_by(AgreementFragment.product_code)
    ).all()
    if not stored:
        return []
    kept = _kept_for(session, [code for code, _digest in stored])
    rows = [
        (agreement.id, code, digest, agreement.sent_count)
        for code, digest in stored
        if kept.fragments[code][0] is None or kept.fragments[code][1] != digest
    ]
    if not rows:
        return []
    # The changes from an old fragment (named by its hash) to the current one, in words of
    # the page's language: kept beside the fragments, for the same generation.
    described = kept.described.setdefault(str(get_locale() or ""), {})
    if new := [row for row in rows if (row[1], row[2]) not in described]:
        current = {code: fragment for code, (fragment, _hash) in kept.fragments.items() if fragment}
        described.update(_changes_per_pair(session, new, current))
    return copy.deepcopy(
        [change for _id, code, digest, _sent in rows for change in described[(code, digest)]]
    )


def require_drift_seen(session: Session, agreement: Agreement, seen: bool) -> None:
    """Refuse to sign data that has since changed unless the signer says they saw it."""
    if not seen and pending_drift(session, agreement):
        raise DriftNotAcknowledged()


def _changes_per_pair(
    session: Session, rows: Sequence[Any], current: dict[str, dict[str, Any]]
) -> dict[tuple[str, str], list[dict[str, Any]]]:
    # One example agreement per distinct (product, old hash): its snapshot holds the old data.
    examples: dict[tuple[str, str], tuple[int, int]] = {}
    for agreement_id, code, digest, sent_count in rows:
        examples.setdefault((code, digest), (agreement_id, sent_count))
    snapshots: dict[tuple[int, int], dict[str, Any]] = {}
    keys = list(set(examples.values()))
    for start in range(0, len(keys), _CHUNK):
        chunk = keys[start : start + _CHUNK]
        found = session.execute(
            sa.select(
                AgreementSnapshot.agreement_id, AgreementSnapshot.sequence, AgreementSnapshot.data
            ).where(
                sa.tuple_(AgreementSnapshot.agreement_id, AgreementSnapshot.sequence).in_(chunk)
            )
        )
        snapshots.update({(a, s): data for a, s, data in found})
    result = {}
    for (code, digest), key in examples.items():
        data = snapshots.get(key, {})
        old = next((p for p in data.get("products", []) if p["code"] == code), None)
        result[(code, digest)] = describe(old, current.get(code))
    return result


def describe(old: dict[str, Any] | None, new: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Plain, displayable changes from an old product fragment to the current one."""
    name = (new or old or {}).get("name", "")
    if new is None:
        return [{"product": name, "field": "Product", "added": [], "removed": [name]}]
    old_view = drift_view(old) if old else None
    return [
        {
            "product": name,
            "field": change.label,
            "added": [item_text(item) for item in change.added],
            "removed": [item_text(item) for item in change.removed],
            "old": "" if change.is_list else item_text(change.old),
            "new": "" if change.is_list else item_text(change.new),
        }
        for change in diff_records(old_view, drift_view(new))
    ]


def _store(session: Session, wanted: dict[int, list[Any]]) -> DriftResult:
    existing = {
        agreement_id: changes
        for agreement_id, changes in session.execute(
            sa.select(AgreementDrift.agreement_id, AgreementDrift.changes)
        )
    }
    gone = [agreement_id for agreement_id in existing if agreement_id not in wanted]
    table = table_of(AgreementDrift)
    for start in range(0, len(gone), _CHUNK):
        chunk = gone[start : start + _CHUNK]
        session.execute(sa.delete(table).where(table.c.agreement_id.in_(chunk)))
    now = utcnow()
    new_rows = [
        {"agreement_id": agreement_id, "changes": changes, "detected_at": now}
        for agreement_id, changes in wanted.items()
        if agreement_id not in existing
    ]
    if new_rows:
        session.execute(sa.insert(table), new_rows)
    for agreement_id, changes in wanted.items():
        if agreement_id in existing and existing[agreement_id] != changes:
            session.execute(
                sa.update(table)
                .where(table.c.agreement_id == agreement_id)
                .values(changes=changes, detected_at=now)
            )
    session.flush()
    return DriftResult(flagged=len(wanted), added=len(new_rows), cleared=len(gone))


def replacement_changes(session: Session, agreement: Agreement) -> list[str]:
    """What a replacement changes in the register data of the agreement it replaces.

    The items (by their Dutch label, with the product) whose values differ between the
    replaced agreement's snapshot and this one's (or the register now, before it is sent).
    """
    old = agreement.supersedes
    if old is None:
        return []
    before = snapshot_data(session, old) or {}
    after = snapshot_data(session, agreement)
    fragments = (
        {f["code"]: f for f in after["products"]}
        if after
        else {
            f["code"]: f
            for f in current_fragments(session, [p.id for p in agreement.products]).values()
        }
    )
    earlier = {f["code"]: f for f in before.get("products", [])}
    changes: dict[str, None] = {}
    for code in sorted(earlier.keys() | fragments.keys()):
        if code not in earlier or code not in fragments:  # a product added or left out
            name = (fragments.get(code) or earlier[code])["name"]
            changes[f"{_('Product')} ({name})"] = None
            continue
        for change in describe(earlier[code], fragments[code]):
            changes[f"{change['field']} ({change['product']})"] = None
    return list(changes)
