"""Drafting agreements: a new draft, changes to a draft, its number and text version.

Services take plain inputs, check the rules that span objects and flush; the caller
commits. Every transition after drafting (send, review, signing, ending) is in
`lifecycle.py`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from register.agreements.documents.render import template_for, templates_root
from register.agreements.errors import (
    AgreementError,
    IncompleteInput,
    MissingRegisterData,
    NumberTaken,
    StaleAgreement,
    UnknownTemplateVersion,
)
from register.agreements.models import Agreement
from register.agreements.states import AgreementState
from register.calendar import today
from register.organisations.models import Organisation, OrganisationKind
from register.products.models import Licence, Product
from register.texts import list_templates

NUMBER_PREFIX = "VO"
DEFAULT_TITLE = _l("Verwerkersovereenkomst Digitale Onderwijsmiddelen")
DEFAULT_COVENANT = "4.0"


@dataclass(frozen=True)
class AgreementCommand:
    """What compliance staff fill in for a new (or changed) draft."""

    school_id: int
    product_ids: tuple[int, ...]
    template: str  # "<template-id>/<version>"
    title: str
    term_start: dt.date
    term_end: dt.date | None
    notice_period_months: int
    particulars: dict[str, Any] = field(default_factory=dict)
    deviations: tuple[dict[str, str], ...] = ()


def covenant_of(agreement: Agreement | None) -> str | None:
    """The covenant version of an agreement's text (None without an agreement or text)."""
    if agreement is None:
        return None
    try:
        return template_for(agreement.template_id, agreement.template_version).covenant_version
    except UnknownTemplateVersion:
        return None


def allowed_covenants(predecessor: Agreement | None) -> set[str]:
    """The models a draft may follow: the current one, and the model of the agreement it
    continues or amends (a 3.0 agreement may be replaced on 3.0)."""
    allowed = {DEFAULT_COVENANT}
    continued = covenant_of(predecessor)
    if continued:
        allowed.add(continued)
    return allowed


def template_choices(
    on: dt.date | None = None, predecessor: Agreement | None = None
) -> list[tuple[str, str]]:
    """(key, label) of every text version valid today that the draft may use, 4.0 first.

    New agreements follow the current model only; an older model is offered only when the
    draft replaces an agreement on that model.
    """
    on = on or today()
    allowed = allowed_covenants(predecessor)
    infos = [
        t
        for t in list_templates(templates_root())
        if t.valid_from <= on and t.covenant_version in allowed
    ]
    infos.sort(
        key=lambda t: (
            t.covenant_version == DEFAULT_COVENANT,
            t.covenant_version,
            _rank(t.version),
        ),
        reverse=True,
    )
    return [(t.key, f"{t.title} (model {t.covenant_version}, versie {t.version})") for t in infos]


def _rank(version: str) -> tuple[int, str]:
    return (int(version), "") if version.isascii() and version.isdigit() else (0, version)


def check_version(agreement: Agreement, expected: int | None) -> None:
    """Optimistic locking across requests: the form's version must still be current."""
    if expected is not None and expected != agreement.version:
        raise StaleAgreement()


def next_number(session: Session, year: int) -> str:
    """The next human number of the year, e.g. VO-2026-0001."""
    prefix = f"{NUMBER_PREFIX}-{year}-"
    last = session.scalar(
        sa.select(sa.func.max(Agreement.number)).where(Agreement.number.like(prefix + "%"))
    )
    sequence = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{sequence:04d}"


def own_organisation(session: Session) -> Organisation:
    own = session.scalars(
        sa.select(Organisation).where(Organisation.kind == OrganisationKind.OWN)
    ).first()
    if own is None:
        raise MissingRegisterData(
            _l("Leg eerst de eigen organisatie (de verwerker) vast bij Organisaties.")
        )
    return own


def _contact(organisation: Organisation) -> dict[str, str]:
    return {
        "name": organisation.privacy_contact_name,
        "email": organisation.privacy_contact_email,
        "phone": organisation.privacy_contact_phone,
    }


def _representative(organisation: Organisation) -> dict[str, str]:
    return {
        "name": organisation.representative_name,
        "function": organisation.representative_function,
    }


def default_particulars(session: Session, school: Organisation) -> dict[str, Any]:
    """A new draft's parties from the register: each side's representative (who signs) and
    contact, the school's privacy contact and the company's."""
    own = own_organisation(session)
    return {
        "controller_signatory": _representative(school),
        "processor_signatory": _representative(own),
        "controller_privacy_contact": _contact(school),
        "processor_breach_contact": _contact(own),
    }


def default_command(
    session: Session,
    school: Organisation,
    product_ids: tuple[int, ...],
    choices: list[tuple[str, str]] | None = None,
) -> AgreementCommand:
    """A draft from the defaults alone (the newest text version, today), as a round makes it.

    `choices`: `template_choices()` read earlier (a round reads the catalogue once per step).
    """
    if choices is None:
        choices = template_choices()
    if not choices:
        raise UnknownTemplateVersion()
    return AgreementCommand(
        school_id=school.id,
        product_ids=product_ids,
        template=choices[0][0],
        title=str(DEFAULT_TITLE),
        term_start=today(),
        term_end=None,
        notice_period_months=3,
        particulars=default_particulars(session, school),
    )


def _resolve(
    session: Session, command: AgreementCommand
) -> tuple[Organisation, list[Product], list[Licence]]:
    school = session.get(Organisation, command.school_id)
    if school is None or school.kind is not OrganisationKind.SCHOOL:
        raise IncompleteInput(_l("Kies een schoolbestuur."))
    if not command.product_ids:
        raise IncompleteInput(_l("Kies ten minste één product."))
    products = session.scalars(
        sa.select(Product).where(Product.id.in_(command.product_ids)).order_by(Product.name)
    ).all()
    licences = session.scalars(
        sa.select(Licence)
        .where(
            Licence.organisation_id == school.id,
            Licence.product_id.in_(command.product_ids),
            sa.or_(Licence.end_date.is_(None), Licence.end_date >= command.term_start),
        )
        .order_by(Licence.start_date)
    ).all()
    for product in products:
        if not any(li.product_id == product.id for li in licences):
            raise AgreementError(
                _l(
                    "%(school)s heeft geen lopende licentie voor %(product)s: leg eerst de "
                    "licentie vast.",
                    school=school.name,
                    product=product.name,
                )
            )
    return school, list(products), list(licences)


def _apply(session: Session, agreement: Agreement, command: AgreementCommand) -> None:
    school, products, licences = _resolve(session, command)
    template_id, _, version = command.template.partition("/")
    info = template_for(template_id, version)
    if info.covenant_version not in allowed_covenants(agreement.supersedes):
        raise AgreementError(
            _l(
                "Een nieuwe overeenkomst volgt het huidige Model Verwerkersovereenkomst "
                "%(current)s. Een ouder model kan alleen bij het voortzetten of wijzigen van een "
                "bestaande overeenkomst volgens dat model (vervangen).",
                current="4.0",
            ),
            field="template",
        )
    agreement.school = school
    agreement.products = products
    agreement.licences = licences
    agreement.template_id, agreement.template_version = info.id, info.version
    agreement.template_sha256 = info.sha256
    agreement.title = command.title.strip()
    agreement.term_start, agreement.term_end = command.term_start, command.term_end
    agreement.notice_period_months = command.notice_period_months
    agreement.particulars = dict(command.particulars)
    agreement.deviations = [dict(d) for d in command.deviations]


def create_agreement(
    session: Session,
    command: AgreementCommand,
    *,
    user_id: int | None = None,
    supersedes: Agreement | None = None,
) -> Agreement:
    """A new draft agreement between a school board and the company (replacing `supersedes`)."""
    agreement = Agreement(
        number=next_number(session, today().year),
        processor=own_organisation(session),
        created_by_id=user_id,
        state=AgreementState.DRAFT,
        supersedes=supersedes,
    )
    _apply(session, agreement, command)
    session.add(agreement)
    try:
        session.flush()
    except sa.exc.IntegrityError as error:
        # Two drafts created at the same moment drew the same number; the unique
        # constraint refused the second. Nothing is saved: the user simply tries again.
        raise NumberTaken() from error
    return agreement


def update_draft(
    session: Session,
    agreement: Agreement,
    command: AgreementCommand,
    *,
    expected_version: int | None,
) -> None:
    """Change a draft's parties, products, text version or particulars."""
    check_version(agreement, expected_version)
    agreement.ensure_editable()
    _apply(session, agreement, command)
    session.flush()
