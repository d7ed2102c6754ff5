"""Demo data of the privacy statement: the websites' cookies and a first published version.

The cookies follow the reference statement (technical, functional and analytical cookies;
Google Analytics). The choice recorded for Google Analytics is invented and marked so.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from register.activities.models import Activity
from register.statement import publishing
from register.statement.models import Cookie, CookieKind, StatementPublication
from register.vocabularies.models import Term, Vocabulary

ANALYTICS_ACTIVITY = "Websiteanalyse met Google Analytics"

COOKIES: tuple[dict[str, Any], ...] = (
    {
        "name": "session",
        "provider": "KPC Groep",
        "purpose": "Houdt bij dat u bent ingelogd en wat u in een formulier invult.",
        "kind": CookieKind.TECHNICAL,
        "retention": "Tot het einde van het bezoek",
        "basis": None,
        "ground": "",
    },
    {
        "name": "cookie_voorkeuren",
        "provider": "KPC Groep",
        "purpose": "Onthoudt uw keuze over cookies en uw voorkeursinstellingen.",
        "kind": CookieKind.FUNCTIONAL,
        "retention": "1 jaar",
        "basis": None,
        "ground": "",
    },
    {
        "name": "_ga, _ga_<id>",
        "provider": "Google Ireland Limited (Google Analytics)",
        "purpose": "Meet hoe bezoekers de website gebruiken, om de website te verbeteren.",
        "kind": CookieKind.ANALYTICAL,
        "retention": "2 jaar",
        "basis": "art6_a",
        "ground": (
            "Wij plaatsen deze cookies alleen na uw toestemming via de cookiemelding, omdat "
            "Google de gegevens ook voor eigen doeleinden kan gebruiken en ze naar de "
            "Verenigde Staten gaan (demowaarde: de keuze is een voorbeeld)."
        ),
    },
)


def ensure_demo_statement(session: Session) -> int:
    """Add the demo cookies and, when nothing is published yet, publish version 1; how many
    rows were added. `render(content, version)` needs a request context (the demo command
    runs in one)."""
    from register.statement.views import render_body  # the page's own rendering

    added = 0
    existing = set(session.scalars(sa.select(Cookie.name)))
    analytics = session.scalar(sa.select(Activity.id).where(Activity.name == ANALYTICS_ACTIVITY))
    for spec in COOKIES:
        if spec["name"] in existing:
            continue
        basis = (
            session.scalar(
                sa.select(Term.id).where(
                    Term.vocabulary == Vocabulary.LEGAL_BASIS, Term.code == spec["basis"]
                )
            )
            if spec["basis"]
            else None
        )
        session.add(
            Cookie(
                name=spec["name"],
                provider=spec["provider"],
                purpose=spec["purpose"],
                kind=spec["kind"],
                retention=spec["retention"],
                legal_basis_id=basis,
                ground=spec["ground"],
                activity_id=analytics if spec["kind"] is CookieKind.ANALYTICAL else None,
            )
        )
        added += 1
    session.flush()
    if session.scalar(sa.select(sa.func.count()).select_from(StatementPublication)) == 0:
        _, plain = publishing.candidate(session)
        publishing.publish_statement(
            session, expected=publishing.fingerprint(plain), user_id=None, render=render_body
        )
        added += 1
    return added
