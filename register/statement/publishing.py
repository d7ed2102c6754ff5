"""Publishing the privacy statement: check it, show what changes, freeze it as a version.

The public page never shows the register live. Privacy staff look at the would-be statement
(`candidate`) against the last published version (`changes`, by section), and publish it;
a statement the register contradicts is refused (`problems`). A publication stores the
statement's data and its text as rendered then (`StatementPublication`).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from babel.lists import format_list
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from register.db import utcnow
from register.documents.findings import refuse_publishing
from register.statement.data import StatementData
from register.statement.document import queue_statement_pdf
from register.statement.errors import StatementChanged, StatementError
from register.statement.models import CookieKind, StatementPublication
from register.statement.services import build_statement

# Fields that change with every internal edit without changing what the statement says.
_VOLATILE = ("last_changed",)

# Cookies whose data the statement must describe from the register.
_TRACKING = (CookieKind.ANALYTICAL.value, CookieKind.MARKETING.value)

# A sentence that denies personal data leave the company ("In Analytics wordt geen
# persoonlijke informatie van u opgeslagen"): wrong when the register records the opposite.
_DENIAL = re.compile(r"\bgeen\s+(persoonlijke\s+informatie|persoonsgegevens)\b", re.IGNORECASE)


def content(data: StatementData) -> dict[str, Any]:
    """The statement's data as stored JSON, without the fields that do not change its text."""
    plain: dict[str, Any] = json.loads(json.dumps(data, default=str))
    for key in _VOLATILE:
        plain.pop(key, None)
    return plain


def fingerprint(plain: dict[str, Any]) -> str:
    """SHA-256 of the statement's data, to tell whether what was reviewed is still current."""
    return hashlib.sha256(json.dumps(plain, sort_keys=True).encode()).hexdigest()


def _join(values: list[str]) -> str:
    return format_list(values, locale=str(get_locale() or "nl")) if values else ""


def problems(data: StatementData | dict[str, Any]) -> list[str]:
    """Why this statement must not be published (Dutch), or nothing."""
    found = []
    for purpose in data["purposes"]:
        if len([g for g in purpose["grounds"] if g]) > 1:
            found.append(
                _(
                    "Het doel '%(purpose)s' zou twee verschillende grondslagen tonen: "
                    "%(bases)s. Leg voor één doel één grondslag vast, of splits het doel.",
                    purpose=purpose["purpose"],
                    bases=_join(purpose["basis_labels"]),
                )
            )
    for cookie in data["cookies"]:
        shared = cookie["shared"]
        if shared is None and cookie["kind"] in _TRACKING:
            found.append(
                _(
                    "De cookie '%(cookie)s' van %(provider)s is analytisch of voor marketing, "
                    "maar hoort bij geen actieve verwerking in het register. Leg vast welke "
                    "gegevens de cookie verzamelt en naar wie ze gaan.",
                    cookie=cookie["name"],
                    provider=cookie["provider"],
                )
            )
        if not shared or not (shared["data_categories"] and shared["recipients"]):
            continue
        for text in [cookie["purpose"], cookie["ground"], *shared["texts"]]:
            if _DENIAL.search(text):
                found.append(
                    _(
                        "De tekst '%(text)s' zegt dat er geen persoonsgegevens worden gedeeld, "
                        "maar het register legt bij '%(activity)s' vast dat %(data)s naar "
                        "%(recipients)s gaan. Pas de tekst of het register aan.",
                        text=text,
                        activity=shared["activity"],
                        data=_join(shared["data_categories"]),
                        recipients=_join(shared["recipients"]),
                    )
                )
    return found


@dataclass(frozen=True)
class SectionChange:
    """The lines of one section that the new version adds and removes."""

    section: str
    added: list[str]
    removed: list[str]


def _sections(data: dict[str, Any]) -> list[tuple[str, list[str]]]:
    """The statement as plain lines per section, in the order of the page."""
    org = data.get("organisation") or {}
    return [
        (_("Persoonsgegevens"), [*data["data_categories"], *data["data_subjects"]]),
        (
            _("Doelen en grondslagen"),
            [
                f"{p['purpose']}: {'; '.join(p['legal_bases'])}"
                + (f" {p['provision']}" if p.get("provision") else "")
                for p in data["purposes"]
            ],
        ),
        (
            _("Bewaartermijnen"),
            [
                " · ".join(
                    part
                    for part in (
                        ", ".join(r["categories"] + r["activities"]),
                        r["period"],
                        r["trigger"],
                        r["reason"],
                        r["exception"],
                    )
                    if part
                )
                for r in data["retention"]
            ],
        ),
        (
            _("Delen met anderen"),
            [
                *data["recipient_categories"],
                *(
                    f"{r['name']} ({r['location']})" if r["location"] else r["name"]
                    for r in data["recipients"]
                ),
            ],
        ),
        (
            _("Doorgifte buiten de Europese Economische Ruimte"),
            [
                ", ".join(v for v in (t["country"], t["recipient"], t["mechanism"]) if v)
                for t in data["transfers"]
            ],
        ),
        (
            _("Beveiliging"),
            [f"{g['group']}: {m}" for g in data["security_measures"] for m in g["measures"]],
        ),
        (
            _("Cookies"),
            [
                " · ".join(
                    v
                    for v in (
                        c["name"],
                        c["provider"],
                        c["kind_label"],
                        c["purpose"],
                        c["retention"],
                        c["legal_basis"],
                        _join(c["shared"]["data_categories"]) if c["shared"] else "",
                        _join(c["shared"]["transfers"]) if c["shared"] else "",
                    )
                    if v
                )
                for c in data["cookies"]
            ],
        ),
        (
            _("Verwerker voor scholen"),
            [p["name"] for p in data["processor_products"]],
        ),
        (
            _("Contactgegevens"),
            [
                v
                for v in (
                    org.get("name"),
                    ", ".join(org.get("address_lines", [])),
                    org.get("phone"),
                    org.get("email"),
                    org.get("dpo_name"),
                    org.get("dpo_email"),
                    org.get("dpo_not_appointed_reason"),
                )
                if v
            ],
        ),
    ]


def changes(old: dict[str, Any] | None, new: dict[str, Any]) -> list[SectionChange]:
    """Per section, the lines `new` adds to and removes from `old` (all of them when no
    version was published yet); sections without changes are left out."""
    before = dict(_sections(old)) if old else {}
    result = []
    for section, lines in _sections(new):
        previous = before.get(section, [])
        added = [line for line in lines if line not in previous]
        removed = [line for line in previous if line not in lines]
        if added or removed:
            result.append(SectionChange(section=section, added=added, removed=removed))
    return result


def latest(session: Session) -> StatementPublication | None:
    """The version the public page shows: the last one published."""
    return session.scalars(
        sa.select(StatementPublication).order_by(StatementPublication.number.desc()).limit(1)
    ).first()


def candidate(session: Session) -> tuple[StatementData, dict[str, Any]]:
    """The statement the register would give now, and its stored form."""
    data = build_statement(session)
    return data, content(data)


def publish_statement(
    session: Session,
    *,
    expected: str,
    user_id: int | None,
    render: Callable[[dict[str, Any], StatementPublication], str],
) -> StatementPublication:
    """Publish the statement reviewed as `expected` (its fingerprint) as the next version.

    Refused when the register changed since the review, when nothing changed since the last
    publication, or when the register contradicts the statement. `render(content, version)`
    gives the statement's HTML for the stored version.
    """
    _, plain = candidate(session)
    if fingerprint(plain) != expected:
        raise StatementChanged()
    refuse_publishing(session)
    current = latest(session)
    if current is not None and fingerprint(current.content) == expected:
        raise StatementError(
            _l("De privacyverklaring is niet gewijzigd sinds de laatste publicatie.")
        )
    found = problems(plain)
    if found:
        raise StatementError(
            _l("De privacyverklaring is niet gepubliceerd: %(problems)s", problems=" ".join(found))
        )
    publication = StatementPublication(
        number=(current.number + 1) if current else 1,
        published_at=utcnow(),
        published_by_id=user_id,
        content=plain,
        body_html="",
        sha256="",
    )
    publication.body_html = render(plain, publication)
    publication.sha256 = hashlib.sha256(publication.body_html.encode()).hexdigest()
    session.add(publication)
    session.flush()
    queue_statement_pdf(session, publication)
    return publication
