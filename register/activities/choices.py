"""The options of the activity form, read in three queries whatever the register's size."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import Session

from register.organisations.models import Organisation, OrganisationKind
from register.products.models import Product
from register.vocabularies.models import Term, Vocabulary

Option = tuple[int, str]


@dataclass(frozen=True)
class FormChoices:
    """Ids and labels per vocabulary, products and the organisations an activity can name."""

    terms: dict[Vocabulary, list[Option]] = field(default_factory=dict)
    products: list[Option] = field(default_factory=list)
    subprocessors: list[Option] = field(default_factory=list)
    recipients: list[Option] = field(default_factory=list)

    def of(self, vocabulary: Vocabulary) -> list[Option]:
        return self.terms.get(vocabulary, [])


def load_choices(
    session: Session, keep_terms: Iterable[int] = (), keep_organisations: Iterable[int] = ()
) -> FormChoices:
    """Active terms and organisations, plus the inactive ones still in use (`keep_*`)."""
    keep = set(keep_terms)
    keep_orgs = set(keep_organisations)
    terms: dict[Vocabulary, list[Option]] = {v: [] for v in Vocabulary}
    statement = sa.select(Term.id, Term.vocabulary, Term.label, Term.reference, Term.is_active)
    for term_id, vocabulary, label, reference, active in session.execute(
        statement.order_by(Term.vocabulary, Term.sort_order, Term.label)
    ):
        if active or term_id in keep:
            shown = f"{label} ({reference})" if reference and reference not in label else label
            terms[vocabulary].append((term_id, shown))
    products = [
        (pid, f"{name} ({code})")
        for pid, name, code in session.execute(
            sa.select(Product.id, Product.name, Product.code).order_by(Product.name)
        )
    ]
    subprocessors: list[Option] = []
    recipients: list[Option] = []
    kinds = (OrganisationKind.SUBPROCESSOR, OrganisationKind.RECIPIENT)
    for oid, kind, name, location, active in session.execute(
        sa.select(
            Organisation.id,
            Organisation.kind,
            Organisation.name,
            Organisation.location,
            Organisation.is_active,
        )
        .where(Organisation.kind.in_(kinds))
        .order_by(Organisation.name)
    ):
        if not active and oid not in keep_orgs:
            continue
        shown = f"{name} ({location})" if location else name
        (subprocessors if kind is OrganisationKind.SUBPROCESSOR else recipients).append(
            (oid, shown)
        )
    return FormChoices(terms, products, subprocessors, recipients)
