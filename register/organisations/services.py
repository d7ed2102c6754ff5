"""Creating, changing, deactivating and reactivating organisations."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from register.audit.recorder import set_active
from register.organisations.errors import (
    DuplicateIdentifier,
    SingleOwnOrganisation,
    StaleOrganisation,
)
from register.organisations.models import Organisation, OrganisationKind


@dataclass(frozen=True)
class OrganisationCommand:
    kind: OrganisationKind
    name: str
    legal_form: str = ""
    brin: str | None = None
    rio: str | None = None
    kvk: str | None = None
    address: str = ""
    postcode: str = ""
    city: str = ""
    country: str = "Nederland"
    website: str = ""
    email: str = ""
    phone: str = ""
    privacy_contact_name: str = ""
    privacy_contact_email: str = ""
    privacy_contact_phone: str = ""
    dpo_name: str = ""
    dpo_email: str = ""
    dpo_phone: str = ""
    dpo_not_appointed: bool = False
    dpo_not_appointed_reason: str = ""
    location: str = ""
    processor_agreement: str = ""
    representative_name: str = ""
    representative_function: str = ""
    representative_mandate: str = ""


def _check_identifiers(session: Session, command: OrganisationCommand, own_id: int | None) -> None:
    identifiers = (("brin", command.brin, _("BRIN-nummer")), ("rio", command.rio, _("RIO-code")))
    for field, value, label in identifiers:
        if not value:
            continue
        other = session.scalar(
            sa.select(Organisation).where(
                getattr(Organisation, field) == value, Organisation.id != (own_id or -1)
            )
        )
        if other is not None:
            raise DuplicateIdentifier(
                _l(
                    "Het %(label)s %(value)s is al in gebruik bij %(name)s.",
                    label=label,
                    value=value,
                    name=other.name,
                ),
                field=field,
            )


def _check_single_own(
    session: Session, command: OrganisationCommand, current: Organisation | None
) -> None:
    if current is not None and current.kind is OrganisationKind.OWN:
        if command.kind is not OrganisationKind.OWN:
            raise SingleOwnOrganisation(
                _l(
                    "De soort van de eigen organisatie kan niet worden gewijzigd: er is altijd "
                    "precies één eigen organisatie."
                ),
                field="kind",
            )
        return
    if command.kind is OrganisationKind.OWN:
        existing = session.scalar(
            sa.select(Organisation).where(Organisation.kind == OrganisationKind.OWN)
        )
        if existing is not None:
            raise SingleOwnOrganisation(
                _l(
                    "Er is al een eigen organisatie (%(name)s). Er kan er maar één zijn; "
                    "kies een andere soort.",
                    name=existing.name,
                ),
                field="kind",
            )


def _flush(session: Session) -> None:
    """Flush; a unique constraint that the checks missed (a race) becomes a kind error."""
    try:
        session.flush()
    except IntegrityError as error:
        text = str(error.orig).lower()
        if "brin" in text or "rio" in text:
            raise DuplicateIdentifier(
                _l("Dit BRIN-nummer of deze RIO-code is al in gebruik bij een andere organisatie.")
            ) from error
        if "own" in text or "kind" in text:
            raise SingleOwnOrganisation(
                _l("Er is al een eigen organisatie. Er kan er maar één zijn.")
            ) from error
        raise


def create_organisation(session: Session, command: OrganisationCommand) -> Organisation:
    """Add an organisation after checking the identifiers and the single-own rule."""
    _check_single_own(session, command, None)
    _check_identifiers(session, command, None)
    organisation = Organisation(**asdict(command))
    session.add(organisation)
    _flush(session)
    return organisation


def update_organisation(
    session: Session,
    organisation: Organisation,
    command: OrganisationCommand,
    seen_version: int | None,
) -> Organisation:
    """Change an organisation, unless it changed since the user loaded it."""
    if seen_version != organisation.version:
        raise StaleOrganisation()
    _check_single_own(session, command, organisation)
    _check_identifiers(session, command, organisation.id)
    for key, value in asdict(command).items():
        setattr(organisation, key, value)
    _flush(session)
    return organisation


def set_organisation_active(
    session: Session, organisation: Organisation, active: bool, seen_version: int | None
) -> Organisation:
    """Deactivate or reactivate an organisation (never deleted); the own one stays active."""
    if seen_version != organisation.version:
        raise StaleOrganisation()
    if not active and organisation.kind is OrganisationKind.OWN:
        raise SingleOwnOrganisation(_l("De eigen organisatie kan niet worden gedeactiveerd."))
    set_active(session, organisation, active)
    return organisation
