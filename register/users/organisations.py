"""Finding the school organisations a contract manager belongs to, by BRIN, KvK or name."""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from flask_babel import gettext as _

from register.extensions import db
from register.organisations.models import Organisation, OrganisationKind
from register.users.errors import UnknownOrganisation


def split_references(text: str) -> list[str]:
    """One reference per line (or separated by semicolons); blanks and repeats dropped."""
    seen: dict[str, None] = {}
    for line in text.replace(";", "\n").splitlines():
        ref = line.strip()
        if ref:
            seen.setdefault(ref, None)
    return list(seen)


def resolve_organisation(reference: str) -> Organisation:
    """The school with this BRIN number, KvK number or exact name; UnknownOrganisation if none."""
    ref = reference.strip()
    matches = db.session.scalars(
        sa.select(Organisation)
        .where(
            sa.or_(
                sa.func.upper(Organisation.brin) == ref.upper(),
                Organisation.kvk == ref,
                Organisation.name == ref,
            )
        )
        .limit(3)
    ).all()
    if not matches:
        raise UnknownOrganisation(
            _("Geen organisatie gevonden met BRIN, KvK-nummer of naam “%(ref)s”.", ref=ref)
        )
    if len(matches) > 1:
        raise UnknownOrganisation(
            _(
                "“%(ref)s” past bij meer dan één organisatie; gebruik de BRIN-code.",
                ref=ref,
            )
        )
    organisation = matches[0]
    if organisation.kind is not OrganisationKind.SCHOOL:
        raise UnknownOrganisation(
            _("“%(name)s” is geen school (schoolbestuur).", name=organisation.name)
        )
    return organisation


def resolve_organisations(references: Iterable[str]) -> list[Organisation]:
    """Every referenced school, in the given order, without duplicates."""
    found: dict[int, Organisation] = {}
    for reference in references:
        organisation = resolve_organisation(reference)
        found.setdefault(organisation.id, organisation)
    return list(found.values())


def organisation_reference(organisation: Organisation) -> str:
    """How an organisation is written in the form: BRIN, else KvK, else its name."""
    return organisation.brin or organisation.kvk or organisation.name
