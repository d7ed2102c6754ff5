"""Dutch default vocabularies and an idempotent loader.

The data categories and purposes of the reference privacy statement (KPC Groep, version of
1 September 2023) are copied word for word; the other lists hold the usual terms of the
education sector and the GDPR. Codes are stable: other code (the demo register) refers to
terms by (vocabulary, code), users may change labels freely.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from register.vocabularies.default_terms import DEFAULTS
from register.vocabularies.models import Term, Vocabulary


@dataclass(frozen=True)
class DefaultsResult:
    added: dict[Vocabulary, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.added.values())


def default_terms() -> dict[Vocabulary, list[dict[str, Any]]]:
    """The default terms per vocabulary, each a dict of Term fields (code and label at least)."""
    return {vocabulary: [dict(term) for term in terms] for vocabulary, terms in DEFAULTS.items()}


def ensure_default_vocabularies(session: Session) -> DefaultsResult:
    """Add every default term that is missing (by code or label); never change existing ones."""
    existing = session.execute(sa.select(Term.vocabulary, Term.code, Term.label)).all()
    codes = {(row.vocabulary, row.code) for row in existing}
    labels = {(row.vocabulary, row.label.casefold()) for row in existing}
    added: dict[Vocabulary, int] = {}
    for vocabulary, terms in DEFAULTS.items():
        for position, values in enumerate(terms, start=1):
            if (vocabulary, values["code"]) in codes:
                continue
            if (vocabulary, values["label"].casefold()) in labels:
                continue
            session.add(Term(vocabulary=vocabulary, sort_order=position * 10, **values))
            added[vocabulary] = added.get(vocabulary, 0) + 1
    if added:
        session.flush()
    return DefaultsResult(added=added)
