"""A small register for the privacy statement tests: what must and must not be published."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from register.activities.models import (
    Activity,
    ActivityDataCategory,
    ActivityPurpose,
    ActivityStatus,
    ActivitySubprocessor,
    RetentionRule,
    Role,
    Transfer,
)
from register.extensions import db
from register.organisations.models import Organisation, OrganisationKind
from register.products.models import Product, ProductKind
from register.vocabularies.models import Term, Vocabulary

LAST_CHANGE = dt.datetime(2024, 3, 5, 10, 30, tzinfo=dt.UTC)

# Values that live in the register but must never reach the public statement.
INTERNAL = (
    "Jan Eigenaar-Intern",
    "Marketingafdeling-Intern",
    "SharePoint-Intern-X",
    "https://intern.example/dpia",
    "https://intern.example/lia",
    "Firewallregel 42 intern",
    "Bron-intern-CRM",
)
# Content of draft and retired activities only.
UNPUBLISHED = ("Conceptverwerking", "Geheim conceptdoel", "Gezondheidsgegevens", "Vervallen doel")


class Builder:
    """Creates terms and activities with their parts in one session."""

    def __init__(self) -> None:
        self.terms: dict[tuple[Vocabulary, str], Term] = {}

    def term(self, vocabulary: Vocabulary, label: str, **fields: Any) -> Term:
        key = (vocabulary, label)
        if key not in self.terms:
            term = db.session.scalar(
                sa.select(Term).where(Term.vocabulary == vocabulary, Term.label == label)
            )
            if term is None:
                code = hashlib.sha1(label.encode()).hexdigest()[:16]  # noqa: S324
                term = Term(vocabulary=vocabulary, label=label, code=code, **fields)
                db.session.add(term)
            self.terms[key] = term
        return self.terms[key]

    def activity(
        self,
        name: str,
        *,
        purposes: list[tuple[str, str | None, str]] = (),  # type: ignore[assignment]
        categories: list[str] = (),  # type: ignore[assignment]
        **fields: Any,
    ) -> Activity:
        fields.setdefault("role", Role.CONTROLLER)
        fields.setdefault("status", ActivityStatus.ACTIVE)
        activity = Activity(name=name, **fields)
        for purpose, basis, reference in purposes:
            activity.purposes.append(
                ActivityPurpose(
                    purpose=self.term(Vocabulary.PURPOSE, purpose),
                    legal_basis=(
                        self.term(Vocabulary.LEGAL_BASIS, basis, reference=reference)
                        if basis
                        else None
                    ),
                )
            )
        for label in categories:
            special = label == "Gezondheidsgegevens"
            activity.data_categories.append(
                ActivityDataCategory(
                    term=self.term(
                        Vocabulary.DATA_CATEGORY,
                        label,
                        is_special_category=special,
                        sort_order=len(self.terms),
                    )
                )
            )
        db.session.add(activity)
        return activity


def build_register() -> None:
    """The own organisation, two active controller activities, a draft, a retired one and
    a processor activity for DOENIN."""
    b = Builder()
    db.session.add(
        Organisation(
            kind=OrganisationKind.OWN,
            name="KPC Groep",
            address="Guldenberg 12",
            postcode="5628 KR",
            city="Helvoirt",
            phone="+31 85-2101580",
            privacy_contact_email="privacy@kpcgroep.nl",
            dpo_name="F. Functionaris",
            dpo_email="fg@kpcgroep.nl",
        )
    )
    analytics = Organisation(
        kind=OrganisationKind.RECIPIENT, name="Google Ireland Limited", location="Ierland"
    )
    mailer = Organisation(kind=OrganisationKind.SUBPROCESSOR, name="Mailprovider BV")
    doenin = Product(code="DOENIN", name="DOENIN", kind=ProductKind.LEARNING_PRODUCT)
    db.session.add_all([analytics, mailer, doenin])

    newsletter = b.activity(
        "Nieuwsbrief",
        purposes=[("Verzenden van onze nieuwsbrief", "Toestemming", "AVG art. 6 lid 1 sub a")],
        categories=["Voor- en achternaam", "E-mailadres"],
        owner="Jan Eigenaar-Intern",
        department="Marketingafdeling-Intern",
        storage_location="SharePoint-Intern-X",
        data_source="Bron-intern-CRM",
        security_description="Firewallregel 42 intern",
        dpia_required=True,
        dpia_link="https://intern.example/dpia",
        updated_at=LAST_CHANGE - dt.timedelta(days=30),
    )
    newsletter.data_subjects = [b.term(Vocabulary.DATA_SUBJECT, "Nieuwsbriefabonnees")]
    # Every active controller activity is complete: a gap would block publishing (the
    # documents check). The terms below are those of the other activity, so the statement's
    # lists stay the same.
    newsletter.recipient_categories = [b.term(Vocabulary.RECIPIENT_CATEGORY, "Hostingpartij")]
    newsletter.subprocessors = [
        ActivitySubprocessor(organisation=mailer, service="Verzending", location="Nederland")
    ]
    newsletter.retention_rules = [
        RetentionRule(
            period="3 jaar",
            trigger="na uw laatste activiteit",
            reason="Standaardtermijn voor klantcontact",
        )
    ]
    newsletter.security_measures = [
        b.term(
            Vocabulary.SECURITY_MEASURE, "Informatiebeveiligingsbeleid", group="Organisatorisch"
        ),
        b.term(Vocabulary.SECURITY_MEASURE, "Versleuteling van verbindingen", group="Technisch"),
    ]

    website = b.activity(
        "Websiteanalyse en betalingen",
        purposes=[
            ("Analyse van websitegebruik", "Gerechtvaardigd belang", "AVG art. 6 lid 1 sub f"),
            ("Afhandelen van betalingen", "Wettelijke verplichting", "AVG art. 6 lid 1 sub c"),
            ("Verzenden van onze nieuwsbrief", "Uitvoering overeenkomst", "art. 6(1)(b)"),
        ],
        categories=["IP-adres", "E-mailadres"],
        updated_at=LAST_CHANGE,
    )
    website.purposes[0].purpose.description = "Wij tellen bezoeken zonder u te herkennen."
    website.purposes[0].legitimate_interest = "het verbeteren van onze website"
    website.purposes[0].lia_link = "https://intern.example/lia"
    website.recipients = [analytics]
    website.data_subjects = [b.term(Vocabulary.DATA_SUBJECT, "Nieuwsbriefabonnees")]
    website.security_measures = [
        b.term(Vocabulary.SECURITY_MEASURE, "Informatiebeveiligingsbeleid", group="Organisatorisch")
    ]
    website.recipient_categories = [b.term(Vocabulary.RECIPIENT_CATEGORY, "Hostingpartij")]
    website.transfers = [
        Transfer(
            country="Verenigde Staten",
            recipient="Google LLC",
            mechanism=b.term(Vocabulary.TRANSFER_MECHANISM, "EU-VS Data Privacy Framework"),
            safeguards="Aanvullende versleuteling",
        )
    ]
    website.retention_rules = [
        RetentionRule(
            data_category=b.term(Vocabulary.DATA_CATEGORY, "IP-adres"),
            period="26 maanden",
            trigger="na het bezoek",
            legal_exception="Facturen 7 jaar (fiscale bewaarplicht)",
        )
    ]

    b.activity(
        "Conceptverwerking",
        status=ActivityStatus.DRAFT,
        purposes=[("Geheim conceptdoel", "Toestemming", "AVG art. 6 lid 1 sub a")],
        categories=["Gezondheidsgegevens"],
        updated_at=LAST_CHANGE + dt.timedelta(days=100),
    )
    b.activity(
        "Oude verwerking",
        status=ActivityStatus.RETIRED,
        purposes=[("Vervallen doel", "Toestemming", "AVG art. 6 lid 1 sub a")],
        updated_at=LAST_CHANGE + dt.timedelta(days=200),
    )
    b.activity(
        "DOENIN leerresultaten",
        role=Role.PROCESSOR,
        product=doenin,
        updated_at=LAST_CHANGE - dt.timedelta(days=1),
    )
    db.session.commit()


def add_activities(count: int) -> None:
    """`count` more active controller activities, each with its own parts (query counts)."""
    b = Builder()
    analytics = db.session.scalar(
        sa.select(Organisation).where(Organisation.name == "Google Ireland Limited")
    )
    for n in range(count):
        extra = b.activity(
            f"Extra verwerking {n}",
            purposes=[(f"Extra doel {n}", "Toestemming", "AVG art. 6 lid 1 sub a")],
            categories=[f"Extra categorie {n}"],
            updated_at=LAST_CHANGE - dt.timedelta(days=2),
        )
        extra.transfers = [Transfer(country="Zwitserland", safeguards="Adequaatheidsbesluit")]
        extra.retention_rules = [RetentionRule(period=f"{n} jaar")]
        extra.security_measures = [
            b.term(Vocabulary.SECURITY_MEASURE, f"Maatregel {n}", group="Technisch")
        ]
        extra.recipients = [analytics]
        extra.data_subjects = [b.term(Vocabulary.DATA_SUBJECT, "Nieuwsbriefabonnees")]
        extra.subprocessors = [
            ActivitySubprocessor(organisation=analytics, service="Analyse", location="Ierland")
        ]
    db.session.commit()


@pytest.fixture
def statement_register(app: Flask) -> None:
    with app.app_context():
        build_register()


@contextmanager
def counting_queries() -> Iterator[list[str]]:
    """Record every SQL statement sent through db.engine inside the block."""
    statements: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", record)


@pytest.fixture
def count_queries() -> Callable[[], Any]:
    return counting_queries


def resolve_conflict() -> None:
    """Drop the website activity's newsletter purpose, whose basis (b) contradicts the
    newsletter's own (a): the register then gives a statement that may be published."""
    website = db.session.scalar(
        sa.select(Activity).where(Activity.name == "Websiteanalyse en betalingen")
    )
    website.purposes = [
        p for p in website.purposes if p.purpose.label != "Verzenden van onze nieuwsbrief"
    ]
    db.session.commit()


def publish_now(app: Flask, user_id: int | None = None, *, run_worker: bool = True) -> int:
    """Publish the statement as the publish button does, then let the worker render its PDF."""
    from register.jobs.worker import run_burst
    from register.statement import publishing
    from register.statement.views import render_body

    with app.test_request_context():
        _, plain = publishing.candidate(db.session)
        publication = publishing.publish_statement(
            db.session,
            expected=publishing.fingerprint(plain),
            user_id=user_id,
            render=render_body,
        )
        db.session.commit()
        number = publication.number
    if run_worker:
        run_burst(app)
    return number


@pytest.fixture
def published(app: Flask, statement_register: None) -> int:
    """The test register without its conflict, published once."""
    with app.app_context():
        resolve_conflict()
    return publish_now(app)
