"""Fast bulk seeding of a register-sized database with Core inserts (tests and bench).

Core inserts skip the ORM and its audit events; column defaults (timestamps) still apply.
Call `seed_register` more than once with a growing `start` to add to what is there.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from register.activities import models as am
from register.organisations.models import Organisation
from register.products.models import Licence, Product
from register.vocabularies.models import Term, Vocabulary

TERMS_PER_VOCABULARY = 8
BATCH = 2000


@dataclass
class Seeded:
    """Ids a test needs to build URLs and filters."""

    terms: dict[Vocabulary, list[int]]
    products: list[int]
    controller_id: int
    processor_id: int


def _insert(connection: sa.Connection, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    for i in range(0, len(rows), BATCH):
        connection.execute(table.insert(), rows[i : i + BATCH])


def _vocabulary(connection: sa.Connection) -> dict[Vocabulary, list[int]]:
    existing = connection.execute(sa.select(Term.id, Term.vocabulary)).all()
    if not existing:
        rows = [
            {
                "vocabulary": v.value,
                "code": f"{v.value}-{n}",
                "label": f"{v.value} {n}",
                "reference": "AVG art. 6 lid 1 sub a" if v is Vocabulary.LEGAL_BASIS else "",
                "is_special_category": v is Vocabulary.DATA_CATEGORY and n == 0,
            }
            for v in Vocabulary
            for n in range(TERMS_PER_VOCABULARY)
        ]
        _insert(connection, Term.__table__, rows)
        existing = connection.execute(sa.select(Term.id, Term.vocabulary)).all()
    terms: dict[Vocabulary, list[int]] = {v: [] for v in Vocabulary}
    for term_id, vocabulary in existing:
        terms[Vocabulary(vocabulary) if isinstance(vocabulary, str) else vocabulary].append(term_id)
    return terms


def _products(connection: sa.Connection) -> list[int]:
    ids = list(connection.scalars(sa.select(Product.id).order_by(Product.id)))
    if not ids:
        _insert(
            connection,
            Product.__table__,
            [
                {"code": code, "name": code, "kind": "learning_product"}
                for code in ("DOENIN", "SVA", "LEREN")
            ],
        )
        ids = list(connection.scalars(sa.select(Product.id).order_by(Product.id)))
    return ids


def seed_register(
    connection: sa.Connection, *, activities: int, organisations: int, start: int = 0
) -> Seeded:
    """Add `organisations` schools (with licences) and `activities` with all their parts."""
    terms = _vocabulary(connection)
    products = _products(connection)
    org = Organisation.__table__
    if start == 0:
        own = {"kind": "own", "name": "KPC Groep", "address": "Kooikersweg 1", "email": "p@k.nl"}
        _insert(connection, org, [own])
        _insert(
            connection,
            org,
            [
                {"kind": kind, "name": f"{kind} {n}", "location": "Nederland"}
                for kind in ("subprocessor", "recipient")
                for n in range(15)
            ],
        )
    _insert(
        connection,
        org,
        [
            {
                "kind": "school",
                "name": f"School {start + n:05d}",
                "brin": f"S{start + n:06d}",
                "privacy_contact_name": f"Contact {n}",
                "dpo_email": f"fg{n}@school.nl",
            }
            for n in range(organisations)
        ],
    )
    school_ids = list(
        connection.scalars(
            sa.select(org.c.id).where(org.c.kind == "school").order_by(org.c.id.desc())
        )
    )[:organisations]
    subprocessor_ids = list(
        connection.scalars(sa.select(org.c.id).where(org.c.kind == "subprocessor"))
    )
    _insert(
        connection,
        Licence.__table__,
        [
            {
                "organisation_id": school_id,
                "product_id": products[n % len(products)],
                "start_date": dt.date(2022, 8, 1),
            }
            for n, school_id in enumerate(school_ids)
        ],
    )
    first = connection.scalar(sa.select(sa.func.coalesce(sa.func.max(am.Activity.id), 0))) + 1
    _insert(
        connection,
        am.Activity.__table__,
        [
            {
                "name": f"Verwerking {start + n:04d}",
                "description": f"Omschrijving van verwerking {start + n}",
                "role": "processor" if n % 2 else "controller",
                "product_id": products[n % len(products)] if n % 2 else None,
                "status": ("draft", "active", "retired")[n % 3],
                "owner": "Eigenaar",
                "review_date": dt.date(2024 + n % 5, 1 + n % 12, 1),
                "missing_count": n % 4,
                "version": 1,
            }
            for n in range(activities)
        ],
    )
    ids = list(
        connection.scalars(
            sa.select(am.Activity.id).where(am.Activity.id >= first).order_by(am.Activity.id)
        )
    )
    t = terms
    _insert(
        connection,
        am.ActivityPurpose.__table__,
        [
            {
                "activity_id": a,
                "purpose_id": t[Vocabulary.PURPOSE][(i + k) % TERMS_PER_VOCABULARY],
                "legal_basis_id": t[Vocabulary.LEGAL_BASIS][(i + k) % TERMS_PER_VOCABULARY],
            }
            for i, a in enumerate(ids)
            for k in range(2)
        ],
    )
    _insert(
        connection,
        am.ActivityDataCategory.__table__,
        [
            {
                "activity_id": a,
                "term_id": t[Vocabulary.DATA_CATEGORY][(i + k) % TERMS_PER_VOCABULARY],
                "data_subject_id": t[Vocabulary.DATA_SUBJECT][k],
            }
            for i, a in enumerate(ids)
            for k in range(3)
        ],
    )
    for table, vocabulary, per in (
        (am.activity_data_subject, Vocabulary.DATA_SUBJECT, 2),
        (am.activity_recipient_category, Vocabulary.RECIPIENT_CATEGORY, 1),
        (am.activity_security_measure, Vocabulary.SECURITY_MEASURE, 3),
    ):
        _insert(
            connection,
            table,
            [
                {"activity_id": a, "term_id": t[vocabulary][(i + k) % TERMS_PER_VOCABULARY]}
                for i, a in enumerate(ids)
                for k in range(per)
            ],
        )
    _insert(
        connection,
        am.ActivitySubprocessor.__table__,
        [
            {
                "activity_id": a,
                "organisation_id": subprocessor_ids[i % len(subprocessor_ids)],
                "service": "Hosting",
                "location": "Nederland",
            }
            for i, a in enumerate(ids)
        ],
    )
    _insert(
        connection,
        am.Transfer.__table__,
        [
            {"activity_id": a, "country": "Verenigde Staten", "safeguards": "SCC"}
            for i, a in enumerate(ids)
            if i % 5 == 0
        ],
    )
    _insert(
        connection,
        am.RetentionRule.__table__,
        [{"activity_id": a, "period": f"{1 + i % 7} jaar"} for i, a in enumerate(ids)],
    )
    return Seeded(terms=terms, products=products, controller_id=ids[0], processor_id=ids[1])
