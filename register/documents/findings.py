"""Every item the documents need, checked against the current register.

A finding names where the value comes from (`source`), the legal item it feeds (`item`) and
what is wrong (`problem`: empty, a placeholder, or contradicted by the register). Its `scopes`
say which documents it affects: the own organisation's data affect every document,
``controller`` findings the register and the privacy statement, ``product:<code>`` findings
the agreements and leaflets of that product.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

import sqlalchemy as sa
from sqlalchemy.orm import Session

from register.activities.completeness import mandatory_missing
from register.activities.facts import load_facts
from register.activities.models import Activity, ActivityStatus, Role
from register.activities.record import activity_record, record_loaders
from register.documents.errors import DocumentsIncomplete
from register.organisations.models import Organisation, OrganisationKind
from register.products.models import Licence, Product, ProductKind
from register.vocabularies.models import Term

ORGANISATION = "organisation"
AGREEMENT = "agreement"  # the party clause of every agreement
CONTROLLER = "controller"

EMPTY = "leeg"
# Text left standing where a real value belongs.
_PLACEHOLDER = re.compile(
    r"_{3,}|\bTODO\b|\bXXX\b|\bnog (?:in te vullen|invullen)\b|\blorem ipsum\b|\bn\.t\.b\.",
    re.IGNORECASE,
)
ECK_ID = re.compile(r"\bECK[ -]?iD\b", re.IGNORECASE)


@dataclass(frozen=True)
class Finding:
    """One item a document would show empty, as a placeholder or contradicting the register."""

    source: str
    item: str
    problem: str
    scopes: frozenset[str]
    blocking: bool = True


def product_scope(code: str) -> str:
    return f"product:{code}"


def school_scope(school_id: int) -> str:
    """The agreements with this school and its rows in the register's processor part."""
    return f"school:{school_id}"


def _value_problem(value: str | None) -> str | None:
    text = (value or "").strip()
    if not text:
        return EMPTY
    found = _PLACEHOLDER.search(text)
    if found:
        return f"tijdelijke waarde „{found.group(0)}”"
    return None


def _attributes(obj: object, source: str, fields: Iterable[tuple[str, str, str]]) -> list[Finding]:
    """A finding for each (scope, item, attribute) whose value is empty or a placeholder."""
    return [
        Finding(source, item, problem, frozenset({scope}))
        for scope, item, attribute in fields
        if (problem := _value_problem(getattr(obj, attribute))) is not None
    ]


_ART_30_A = "art. 30 lid 1 sub a en lid 2 sub a AVG"
_PARTY = "partijen in de verwerkersovereenkomst"
# An FG item that records neither an FG nor the decision not to appoint one: what to do.
_NO_DPO = "niet ingevuld; vul de naam van de FG in, of leg vast dat er geen is aangewezen en waarom"
_NO_SCHOOL_DPO = "niet ingevuld; vraag de school wie haar FG is, of waarom ze er geen heeft"
_LEAFLET = "Privacybijsluiter"

# The fields each document takes from the own organisation: (scope, item, attribute).
OWN_FIELDS = (
    (ORGANISATION, f"{_ART_30_A}: naam", "name"),
    (ORGANISATION, f"{_ART_30_A}: adres", "address"),
    (ORGANISATION, f"{_ART_30_A}: postcode", "postcode"),
    (ORGANISATION, f"{_ART_30_A}: plaats", "city"),
    (ORGANISATION, f"{_ART_30_A}: contactpersoon privacy (e-mail)", "privacy_contact_email"),
    (AGREEMENT, f"{_PARTY}: rechtsvorm", "legal_form"),
    (AGREEMENT, f"{_PARTY}: KvK-nummer", "kvk"),
)
# ... and from a learning product, for its agreements and leaflet: (item, attribute).
PRODUCT_FIELDS = (
    (f"{_LEAFLET} 2: omschrijving", "description"),
    (f"{_LEAFLET} 2: link naar de productpagina", "url"),
    (f"{_LEAFLET} 2: doelgroep", "target_groups"),
    (f"{_LEAFLET} 2: gebruikers", "users"),
    (
        "art. 28 lid 3 sub g AVG (artikel 14): termijn voor verwijderen of teruggeven",
        "deletion_term",
    ),
)


def organisation_findings(own: Organisation | None) -> list[Finding]:
    """The own organisation: the processor's party clause and everyone's contact details."""
    if own is None:
        item = f"{_ART_30_A}: de eigen organisatie"
        return [Finding("Organisaties", item, EMPTY, frozenset({ORGANISATION}))]
    source = f"Eigen organisatie {own.name}"
    found = _attributes(own, source, OWN_FIELDS)
    if not (own.email or own.phone):
        item = f"{_ART_30_A}: e-mailadres of telefoonnummer"
        found.append(Finding(source, item, EMPTY, frozenset({ORGANISATION})))
    if (problem := dpo_problem(own, _NO_DPO)) is not None:
        found.append(Finding(source, "FG (art. 30 AVG)", problem, frozenset({ORGANISATION})))
    return found


class _Party(Protocol):
    """An organisation's FG item: the model, or a row of just these columns."""

    @property
    def id(self) -> int: ...
    @property
    def name(self) -> str: ...
    @property
    def dpo_name(self) -> str: ...
    @property
    def dpo_not_appointed(self) -> bool: ...
    @property
    def dpo_not_appointed_reason(self) -> str: ...


def dpo_problem(organisation: _Party, missing: str) -> str | None:
    """What is wrong with the FG item and what to do: `missing` when nothing is recorded."""
    if organisation.dpo_name.strip():
        if organisation.dpo_not_appointed:
            return (
                "in strijd met het register: een FG ingevuld én „geen FG aangewezen”; haal "
                "de naam of het vinkje weg"
            )
        problem = _value_problem(organisation.dpo_name)
        return None if problem is None else f"de naam is een {problem}; vul de echte naam in"
    if organisation.dpo_not_appointed:
        problem = _value_problem(organisation.dpo_not_appointed_reason)
        if problem == EMPTY:
            return "„geen FG aangewezen” zonder reden; vul de reden in"
        return None if problem is None else f"de reden is een {problem}; vul de echte reden in"
    return missing


def school_findings(school: _Party) -> list[Finding]:
    """A school the company processes for: art. 30(2)(a) names its FG (or its decision).

    Reported, not blocking: the FG is the school's own datum, which the school may still have
    to give; its agreements then read "niet aangewezen" in the party table.
    """
    problem = dpo_problem(school, _NO_SCHOOL_DPO)
    if problem is None:
        return []
    return [
        Finding(
            f"School {school.name}",
            "FG (art. 30 lid 2 sub a AVG)",
            problem,
            frozenset({school_scope(school.id)}),
            blocking=False,
        )
    ]


def activity_findings(session: Session, activities: list[Activity]) -> list[Finding]:
    """Art. 30 items an active activity lacks (the completeness rules of the register).

    Activation already requires them; an activity activated before a rule existed, or
    written by an import, is caught here.
    """
    facts = load_facts(session)
    found = []
    for activity in activities:
        scope = (
            product_scope(activity.product.code)
            if activity.role is Role.PROCESSOR and activity.product is not None
            else CONTROLLER
        )
        # A controller activity feeds the register and the public privacy statement (purposes
        # and bases, data, recipients, transfers, retention, security): its gaps block
        # publishing the statement, not sending agreements.
        document = " (privacyverklaring)" if scope == CONTROLLER else ""
        for missing in mandatory_missing(activity_record(activity), facts):
            if not missing.article.startswith("art."):
                continue  # a recommendation (owner, review date) feeds no document
            found.append(
                Finding(
                    f"Verwerking {activity.name}",
                    f"{missing.article}{document}: {missing.message}",
                    EMPTY,
                    frozenset({scope}),
                )
            )
    return found


def product_findings(product: Product, activities: list[Activity]) -> list[Finding]:
    """A learning product's art. 28(3) elements and leaflet fields."""
    source = f"Product {product.name}"
    scope = product_scope(product.code)
    found = _attributes(product, source, ((scope, *field) for field in PRODUCT_FIELDS))
    if not activities:
        found.append(
            Finding(
                source,
                "art. 28 lid 3 AVG: onderwerp, aard en doel (actieve verwerking als verwerker)",
                EMPTY,
                frozenset({scope}),
            )
        )
        return found
    categories = {c.term.label for a in activities for c in a.data_categories}
    if product.uses_eck_id != any(ECK_ID.search(label) for label in categories):
        found.append(
            Finding(
                source,
                f"{_LEAFLET} 4: ECK iD",
                "in strijd met het register: "
                + (
                    "het product gebruikt het ECK iD, maar geen verwerking noemt het als "
                    "persoonsgegeven"
                    if product.uses_eck_id
                    else "een verwerking noemt het ECK iD, maar het product gebruikt het niet"
                ),
                frozenset({scope}),
            )
        )
    if not product.access.strip():
        found.append(
            Finding(
                source,
                f"{_LEAFLET} 7: wie heeft toegang tot welke gegevens",
                "leeg; de bijsluiter toont de standaardtekst",
                frozenset({scope}),
                blocking=False,
            )
        )
    return found


def measure_findings(activities: list[Activity]) -> list[Finding]:
    """Bijlage 2: every security measure a processor activity uses needs a description."""
    products: dict[Term, set[str]] = {}
    for activity in activities:
        if activity.product is not None:
            for measure in activity.security_measures:
                products.setdefault(measure, set()).add(product_scope(activity.product.code))
    return [
        Finding(
            f"Lijst beveiligingsmaatregelen: {measure.label}",
            "art. 28 lid 3 sub c en art. 32 AVG: omschrijving in Bijlage 2",
            problem,
            frozenset(scopes),
        )
        for measure, scopes in sorted(products.items(), key=lambda item: item[0].label)
        if (problem := _value_problem(measure.description)) is not None
    ]


def register_findings(session: Session) -> list[Finding]:
    """Every finding for the register as it is now, blocking ones first."""
    own = session.scalars(
        sa.select(Organisation).where(Organisation.kind == OrganisationKind.OWN)
    ).first()
    activities = list(
        session.scalars(
            sa.select(Activity)
            .options(*record_loaders())
            .where(Activity.status == ActivityStatus.ACTIVE)
            .order_by(Activity.name)
        ).unique()
    )
    processor = [a for a in activities if a.role is Role.PROCESSOR]
    products = session.scalars(
        sa.select(Product)
        .where(Product.kind == ProductKind.LEARNING_PRODUCT, Product.is_active.is_(True))
        .order_by(Product.name)
    ).all()
    found = organisation_findings(own) + activity_findings(session, activities)
    for product in products:
        found += product_findings(product, [a for a in processor if a.product_id == product.id])
    found += measure_findings(processor)
    # The schools of the processor part: those with a licence of an active learning product.
    # Only the columns the FG item needs: a register of 10,000 schools is read on every send.
    schools = session.execute(
        sa.select(
            Organisation.id,
            Organisation.name,
            Organisation.dpo_name,
            Organisation.dpo_not_appointed,
            Organisation.dpo_not_appointed_reason,
        )
        .where(
            Organisation.kind == OrganisationKind.SCHOOL,
            Organisation.id.in_(
                sa.select(Licence.organisation_id)
                .join(Product, Licence.product_id == Product.id)
                .where(Product.kind == ProductKind.LEARNING_PRODUCT, Product.is_active.is_(True))
            ),
        )
        .order_by(Organisation.name)
    ).all()
    for school in schools:
        found += school_findings(school)
    return sorted(found, key=lambda f: not f.blocking)


def blocking(findings: Iterable[Finding], scopes: Iterable[str]) -> list[Finding]:
    wanted = {ORGANISATION, *scopes}
    return [f for f in findings if f.blocking and f.scopes & wanted]


def refuse_sending(
    session: Session, product_codes: Iterable[str], findings: list[Finding] | None = None
) -> None:
    """Refuse sending an agreement for these products while a blocking finding stands.

    `findings`: `register_findings(session)` taken earlier in the same transaction, so a
    caller preparing many drafts at once (a round's step) reads the register once.
    """
    scopes = [AGREEMENT, *map(product_scope, product_codes)]
    if findings is None:
        findings = register_findings(session)
    found = blocking(findings, scopes)
    if found:
        raise DocumentsIncomplete(found)


def refuse_publishing(session: Session) -> None:
    """Refuse publishing the privacy statement while a blocking finding stands.

    The statement names the own organisation and is made from the active controller
    activities: the organisation's findings and those of the controller activities count.
    Activation requires every art. 30 item, but an activity activated before a rule existed,
    or written by an import, can still lack one.
    """
    found = blocking(register_findings(session), [CONTROLLER])
    if found:
        raise DocumentsIncomplete(found)
