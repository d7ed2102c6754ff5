"""Publishing the statement: the public page shows the published version, not the register
live; changes are reviewed by section; contradictions are refused; versions stay readable."""

from __future__ import annotations

import io
import re

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from register.activities.models import Activity
from register.audit.models import AuditEntry
from register.auth.models import UserRole
from register.extensions import db
from register.organisations.models import Organisation, OrganisationKind
from register.statement import publishing
from register.statement.models import Cookie, CookieKind, StatementPublication
from register.vocabularies.models import Term, Vocabulary
from tests.statement.conftest import publish_now, resolve_conflict


def _text(html: str) -> str:
    text = re.sub(r"<[^>]+>", " ", html)
    for entity, char in (("&#39;", "'"), ("&amp;", "&"), ("&lt;", "<"), ("&gt;", ">")):
        text = text.replace(entity, char)
    return " ".join(text.split())


def _pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def _page(client, url="/privacyverklaring") -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return _text(response.get_data(as_text=True))


def _add_recipient(app, name="Nieuwe Ontvanger BV") -> None:
    with app.app_context():
        recipient = Organisation(kind=OrganisationKind.RECIPIENT, name=name, location="Nederland")
        activity = db.session.scalar(sa.select(Activity).where(Activity.name == "Nieuwsbrief"))
        activity.recipients.append(recipient)
        db.session.commit()


@pytest.fixture
def officer(client, auth, make_user):
    user = make_user(UserRole.PRIVACY)
    auth.login_as(user)
    return user


def _field(html: str, name: str) -> str:
    found = re.search(rf'name="{name}"[^>]*value="([^"]*)"', html)
    return found.group(1) if found else ""


def _publish(client, app=None) -> tuple[int, str]:
    """Open the review page and press Publiceren, as the officer does; status and page.

    Where the page offers no button (a refused statement), `app` posts what it would carry.
    """
    review = client.get("/privacyverklaring/wijzigingen").get_data(as_text=True)
    reviewed = _field(review, "reviewed")
    if not reviewed and app is not None:
        with app.test_request_context():
            reviewed = publishing.fingerprint(publishing.candidate(db.session)[1])
    response = client.post(
        "/privacyverklaring/publiceren",
        data={"reviewed": reviewed, "csrf_token": _field(review, "csrf_token")},
        follow_redirects=True,
    )
    return response.status_code, _text(response.get_data(as_text=True))


def test_a_register_change_is_not_public_until_published(app, client, officer, published, run_jobs):
    _add_recipient(app)
    assert "Nieuwe Ontvanger BV" not in _page(client)

    review = _page(client, "/privacyverklaring/wijzigingen")
    assert "Vergeleken met versie 1" in review
    assert "Delen met anderen Nieuw Nieuwe Ontvanger BV (Nederland)" in review
    assert "Persoonsgegevens" not in review.split("Vergeleken met versie 1")[1]  # unchanged

    status, page = _publish(client)
    assert status == 200
    assert "Versie 2 van de privacyverklaring is gepubliceerd." in page
    assert "Nieuwe Ontvanger BV (Nederland)" in page
    assert "Versie 2, gepubliceerd op" in page and "Dit is versie 2, gepubliceerd op" in page
    with app.app_context():
        numbers = db.session.scalars(sa.select(StatementPublication.number)).all()
        assert sorted(numbers) == [1, 2]
        audited = db.session.scalars(
            sa.select(AuditEntry.entity_type).where(AuditEntry.actor_id == officer.id)
        ).all()
        assert "statement_publication" in audited

    first = _page(client, "/privacyverklaring/versies/1")
    assert "Dit is een eerdere versie van de privacyverklaring." in first
    assert "Nieuwe Ontvanger BV" not in first and "Dit is versie 1, gepubliceerd op" in first
    versions = _page(client, "/privacyverklaring/versies")
    assert "Versie 2 (geldend)" in versions and "Versie 1" in versions
    old_pdf = client.get("/privacyverklaring/versies/1/pdf")
    assert "Nieuwe Ontvanger BV" not in _pdf_text(old_pdf.data)
    # The worker renders the new version's PDF; until it has, the link says so.
    waiting = client.get("/privacyverklaring/pdf")
    assert (waiting.status_code, waiting.headers["Retry-After"]) == (503, "30")
    assert "wordt nog opgemaakt" in waiting.get_data(as_text=True)
    run_jobs(app)
    assert "Nieuwe Ontvanger BV" in _pdf_text(client.get("/privacyverklaring/pdf").data)


def test_one_purpose_with_two_grounds_is_refused_with_the_reason(
    app, client, officer, statement_register
):
    review = _page(client, "/privacyverklaring/wijzigingen")
    reason = (
        "Het doel 'Verzenden van onze nieuwsbrief' zou twee verschillende grondslagen tonen: "
        "Toestemming (AVG art. 6 lid 1 sub a) en Uitvoering overeenkomst (art. 6(1)(b))."
    )
    assert reason in review
    assert "Publiceren" not in review.split(reason)[1]  # no button
    status, page = _publish(client, app)
    assert f"De privacyverklaring is niet gepubliceerd: {reason}" in page
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(StatementPublication.id))) == 0
    assert "Er is nog geen privacyverklaring gepubliceerd." in _page(client)


def test_a_change_after_the_review_and_nothing_to_publish_are_refused(
    app, client, officer, published
):
    status, page = _publish(client, app)
    assert "niet gewijzigd sinds de laatste publicatie" in page
    _add_recipient(app, "Eerste BV")
    review = client.get("/privacyverklaring/wijzigingen").get_data(as_text=True)
    assert "Eerste BV" in review
    _add_recipient(app, "Tussendoor BV")
    response = client.post(
        "/privacyverklaring/publiceren",
        data={"reviewed": _field(review, "reviewed"), "csrf_token": _field(review, "csrf_token")},
        follow_redirects=True,
    )
    assert "Het register is gewijzigd terwijl u de wijzigingen bekeek." in _text(
        response.get_data(as_text=True)
    )
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(StatementPublication.id))) == 1


def _analytics_cookie(app, ground: str) -> None:
    with app.app_context():
        website = db.session.scalar(
            sa.select(Activity).where(Activity.name == "Websiteanalyse en betalingen")
        )
        consent = db.session.scalar(
            sa.select(Term).where(
                Term.vocabulary == Vocabulary.LEGAL_BASIS, Term.label == "Toestemming"
            )
        )
        db.session.add(
            Cookie(
                name="_ga",
                provider="Google Ireland Limited",
                purpose="Meet het gebruik van de website.",
                kind=CookieKind.ANALYTICAL,
                retention="2 jaar",
                legal_basis_id=consent.id,
                ground=ground,
                activity_id=website.id,
            )
        )
        db.session.commit()


def test_the_statement_says_what_the_register_records_about_analytics(
    app, client, officer, statement_register
):
    with app.app_context():
        resolve_conflict()
    _analytics_cookie(app, "In Analytics wordt geen persoonlijke informatie van u opgeslagen.")
    with app.app_context():
        unlinked = Cookie(
            name="_fbp",
            provider="Meta",
            purpose="Advertenties.",
            kind=CookieKind.MARKETING,
            retention="3 maanden",
        )
        db.session.add(unlinked)
        db.session.commit()
        unlinked_id = unlinked.id
    assert (
        "De cookie '_fbp' van Meta is analytisch of voor marketing, maar hoort bij geen actieve "
        "verwerking in het register." in _page(client, "/privacyverklaring/wijzigingen")
    )
    with app.app_context():
        db.session.delete(db.session.get(Cookie, unlinked_id))
        db.session.commit()
    review = _page(client, "/privacyverklaring/wijzigingen")
    assert (
        "De tekst 'In Analytics wordt geen persoonlijke informatie van u opgeslagen.' zegt dat er "
        "geen persoonsgegevens worden gedeeld, maar het register legt bij 'Websiteanalyse en "
        "betalingen' vast dat IP-adres en E-mailadres naar Google Ireland Limited gaan."
    ) in review
    _publish(client, app)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(StatementPublication.id))) == 0
        cookie = db.session.scalar(sa.select(Cookie))
        cookie.ground = "Wij plaatsen deze cookie alleen na uw toestemming."
        db.session.commit()
    publish_now(app)

    page = _page(client)
    pdf = _pdf_text(client.get("/privacyverklaring/pdf").data)
    for text in (page, pdf):
        assert "Cookies en vergelijkbare technieken" in text
        assert "Analytische cookies meten hoe de website wordt gebruikt" in text
        assert (
            "Via de cookie _ga gaan deze persoonsgegevens naar Google Ireland Limited: "
            "IP-adres, E-mailadres." in text
        )
        assert (
            "buiten de Europese Economische Ruimte: Verenigde Staten, Google LLC, "
            "EU-VS Data Privacy Framework." in text
        )
        assert "U kunt cookies weigeren door uw internetbrowser" in text
        assert "geen persoonlijke informatie" not in text
        assert "KPC Groep blijft verantwoordelijk voor deze verwerkingen." in text
        assert (
            "Deze gegevens zijn nodig om de overeenkomst met u uit te voeren." not in text
        )  # no purpose on art. 6(1)(b) left in this register
        assert "De wet verplicht ons deze gegevens te verwerken." in text  # payments, 6(1)(c)
        assert "Het geven van deze gegevens is vrijwillig." in text  # newsletter, consent
        assert "U bent niet verplicht deze gegevens te geven. U kunt bezwaar maken" in text


def test_privacy_staff_keep_the_cookie_register(app, client, officer, statement_register):
    form = client.get("/privacyverklaring/cookies/nieuw").get_data(as_text=True)
    csrf = _field(form, "csrf_token")
    data = {
        "csrf_token": csrf,
        "name": "voorkeuren",
        "provider": "KPC Groep",
        "kind": "functional",
        "purpose": "Onthoudt uw voorkeuren.",
        "retention": "1 jaar",
        "legal_basis_id": "",
        "activity_id": "",
        "ground": "",
    }
    response = client.post("/privacyverklaring/cookies/nieuw", data=data)
    assert response.status_code == 302
    again = client.post("/privacyverklaring/cookies/nieuw", data=data)
    assert "Er staat al een cookie met deze naam van deze aanbieder" in again.get_data(as_text=True)
    bad = client.post(
        "/privacyverklaring/cookies/nieuw", data={**data, "name": "x", "retention": ""}
    )
    body = bad.get_data(as_text=True)
    assert "Vul in hoe lang de cookie blijft bestaan." in body and 'value="x"' in body
    with app.app_context():
        cookie = db.session.scalar(sa.select(Cookie))
        assert cookie.kind is CookieKind.FUNCTIONAL and cookie.legal_basis_id is None
        entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.entity_type == "cookie"))
        assert entry.actor_id == officer.id and entry.action == "create"
    listing = _page(client, "/privacyverklaring/cookies")
    assert "voorkeuren KPC Groep Functioneel Onthoudt uw voorkeuren. 1 jaar" in listing
    edit = client.get(f"/privacyverklaring/cookies/{cookie.id}/bewerken").get_data(as_text=True)
    assert 'value="voorkeuren"' in edit
    response = client.post(
        f"/privacyverklaring/cookies/{cookie.id}/bewerken",
        data={**data, "retention": "6 maanden", "version": "1"},
    )
    assert response.status_code == 302
    stale = client.post(
        f"/privacyverklaring/cookies/{cookie.id}/bewerken",
        data={**data, "retention": "3 maanden", "version": "1"},
    )
    assert "intussen door iemand anders gewijzigd" in stale.get_data(as_text=True)
    client.post(
        f"/privacyverklaring/cookies/{cookie.id}/verwijderen",
        data={"csrf_token": csrf, "version": "2"},
    )
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Cookie.id))) == 0


def test_auditors_see_the_changes_but_cannot_publish(app, client, auth, make_user, published):
    auth.login_as(make_user(UserRole.AUDITOR))
    review = client.get("/privacyverklaring/wijzigingen")
    assert review.status_code == 200
    assert client.post("/privacyverklaring/publiceren", data={}).status_code == 403
