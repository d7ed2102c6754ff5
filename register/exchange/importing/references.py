"""What an import refers to (terms, organisations, products): found, new or changed.

Everything is read in a fixed number of queries up front; nothing is written here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from register.exchange.exporting.dataset import term_row
from register.organisations.models import Organisation, OrganisationKind
from register.products.models import Licence, Product
from register.vocabularies.models import Term, Vocabulary

# Where records refer to vocabulary terms: (group or list, field or "", vocabulary).
TERM_REFERENCES: tuple[tuple[str, str, str], ...] = (
    ("purposes", "purpose", "purpose"),
    ("purposes", "legal_basis", "legal_basis"),
    ("purposes", "special_condition", "special_condition"),
    ("data_subjects", "", "data_subject"),
    ("data_categories", "category", "data_category"),
    ("data_categories", "data_subject", "data_subject"),
    ("recipient_categories", "", "recipient_category"),
    ("transfers", "mechanism", "transfer_mechanism"),
    ("retention", "data_category", "data_category"),
    ("security_measures", "label", "security_measure"),
)


def term_labels(record: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """Every (vocabulary, label, item) a record refers to."""
    for group, name, vocabulary in TERM_REFERENCES:
        for item in record.get(group) or []:
            label = item.get(name) if name else item
            if label:
                yield vocabulary, label, item if isinstance(item, dict) else {}


def key(label: str) -> str:
    return label.strip().casefold()


def slug(label: str) -> str:
    text = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:50] or "begrip"


@dataclass
class References:
    """Existing rows by their natural keys, plus the new rows the import will add."""

    terms: dict[tuple[str, str], Term]
    codes: dict[str, set[str]]
    third_parties: dict[str, Organisation]
    schools: list[Organisation]
    own: Organisation | None
    products: dict[str, Product]
    product_names: dict[str, str]  # casefolded name -> code
    licences: set[tuple[int, int, str]]
    new_terms: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    changed_terms: list[tuple[Term, dict[str, Any]]] = field(default_factory=list)
    new_third_parties: dict[str, dict[str, Any]] = field(default_factory=dict)
    new_products: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Existing product code -> the deletion term the file names instead of the stored one.
    changed_deletion_terms: dict[str, str] = field(default_factory=dict)

    def add_term(self, vocabulary: str, values: dict[str, Any]) -> None:
        """Plan a new term, giving it a code that is unique in its vocabulary."""
        codes = self.codes.setdefault(vocabulary, set())
        code = values.get("code") or slug(values["label"])
        base, n = code[:56], 2
        while code in codes:
            code, n = f"{base}-{n}", n + 1
        codes.add(code)
        self.new_terms[(vocabulary, key(values["label"]))] = {**values, "code": code}

    def has_term(self, vocabulary: str, label: str) -> bool:
        return (vocabulary, key(label)) in self.terms or (vocabulary, key(label)) in self.new_terms


def load_references(session: Session) -> References:
    """Read terms, organisations, products and licences (six queries)."""
    terms = session.scalars(sa.select(Term)).all()
    codes: dict[str, set[str]] = {}
    for term in terms:
        codes.setdefault(term.vocabulary.value, set()).add(term.code)
    organisations = session.scalars(
        sa.select(Organisation).where(Organisation.kind != OrganisationKind.SCHOOL)
    ).all()
    third_parties: dict[str, Organisation] = {}
    for org in sorted(organisations, key=lambda o: o.id):
        if org.kind is not OrganisationKind.OWN:
            third_parties.setdefault(key(org.name), org)
    schools = session.scalars(
        sa.select(Organisation).where(Organisation.kind == OrganisationKind.SCHOOL)
    ).all()
    products = {p.code: p for p in session.scalars(sa.select(Product))}
    licences = {
        (org_id, product_id, start.isoformat())
        for org_id, product_id, start in session.execute(
            sa.select(Licence.organisation_id, Licence.product_id, Licence.start_date)
        )
    }
    return References(
        terms={(t.vocabulary.value, key(t.label)): t for t in terms},
        codes=codes,
        third_parties=third_parties,
        schools=list(schools),
        own=next((o for o in organisations if o.kind is OrganisationKind.OWN), None),
        products=products,
        product_names={key(p.name): p.code for p in products.values()},
        licences=licences,
    )


def term_changes(term: Term, values: dict[str, Any]) -> dict[str, Any]:
    """The fields of `values` that differ from the term (the label and code stay)."""
    current = term_row(term)
    return {
        name: value
        for name, value in values.items()
        if name not in ("label", "code") and value is not None and current.get(name) != value
    }


VOCABULARIES = {v.value: v for v in Vocabulary}
