"""`flask documents check`, its staff page, and the refusals while it reports a blocking item."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from register.agreements.lifecycle import send_agreement
from register.agreements.models import Agreement
from register.agreements.sending import queue_send
from register.agreements.states import AgreementState
from register.auth.models import User, UserRole
from register.documents.errors import DocumentsIncomplete
from register.extensions import db
from register.organisations.models import Organisation, OrganisationKind
from register.products.models import Product
from register.vocabularies.models import Term, Vocabulary


@pytest.fixture
def demo(app, runner):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    return app


def _blank_deletion_term_and_a_measure(app) -> None:
    with app.app_context():
        db.session.scalars(
            sa.select(Product).where(Product.code == "DOENIN")
        ).one().deletion_term = ""
        backups = db.session.scalars(
            sa.select(Term).where(
                Term.vocabulary == Vocabulary.SECURITY_MEASURE, Term.code == "backups"
            )
        ).one()
        backups.description = "Nog invullen"
        db.session.commit()


def test_the_demo_register_passes_the_check(demo, runner):
    result = runner.invoke(args=["documents", "check"])
    assert result.exit_code == 0, result.output
    assert "Documentcontrole: 0 blokkerend, 0 om op te letten." in result.output
    assert "BLOKKEREND" not in result.output


def test_the_check_names_each_gap_and_where_it_comes_from(demo, runner):
    _blank_deletion_term_and_a_measure(demo)
    result = runner.invoke(args=["documents", "check"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert (
        "[BLOKKEREND] Product DOENIN — art. 28 lid 3 sub g AVG (artikel 14): termijn voor "
        "verwijderen of teruggeven: leeg"
    ) in lines
    assert (
        "[BLOKKEREND] Lijst beveiligingsmaatregelen: Back-ups — art. 28 lid 3 sub c en art. 32 "
        "AVG: omschrijving in Bijlage 2: tijdelijke waarde „Nog invullen”"
    ) in lines
    assert "Documentcontrole: 2 blokkerend, 0 om op te letten." in result.output


def test_a_contradiction_with_the_register_is_reported(demo, runner):
    with demo.app_context():
        db.session.scalars(
            sa.select(Product).where(Product.code == "SVA")
        ).one().uses_eck_id = False
        db.session.commit()
    result = runner.invoke(args=["documents", "check"])
    assert result.exit_code == 1
    assert (
        "Product Scholing voor Arbeid (SVA) — Privacybijsluiter 4: ECK iD: in strijd met het "
        "register: een verwerking noemt het ECK iD, maar het product gebruikt het niet"
    ) in result.output


def test_the_staff_page_shows_the_same_findings(demo, client, auth, make_user):
    _blank_deletion_term_and_a_measure(demo)
    auditor = make_user(UserRole.AUDITOR)
    auth.login_as(auditor)
    page = client.get("/documenten/controle")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "2 blokkerende punten" in text
    assert "art. 28 lid 3 sub g AVG (artikel 14): termijn voor verwijderen of teruggeven" in text
    assert "Lijst beveiligingsmaatregelen: Back-ups" in text


def test_sending_is_refused_with_the_reason_while_an_item_blocks(demo):
    _blank_deletion_term_and_a_measure(demo)
    with demo.app_context():
        draft = db.session.scalars(
            sa.select(Agreement)
            .join(Organisation, Agreement.school_id == Organisation.id)
            .where(Organisation.brin == "12EF")
        ).one()
        staff = db.session.scalars(
            sa.select(User).where(User.email == "privacy@kpcgroep.example")
        ).one()
        with pytest.raises(DocumentsIncomplete) as refused:
            queue_send(db.session, draft, user=staff, ip="192.0.2.1")
        message = str(refused.value.message)
        assert message.startswith("De documentcontrole meldt 2 blokkerende punt(en):")
        assert "Product DOENIN: art. 28 lid 3 sub g AVG" in message
        db.session.rollback()
        with pytest.raises(DocumentsIncomplete):
            send_agreement(db.session, draft, user=staff, ip="192.0.2.1", timeout=60)
        db.session.rollback()
        assert db.session.get(Agreement, draft.id).state is AgreementState.DRAFT


def _own(app_session) -> Organisation:
    return app_session.scalars(
        sa.select(Organisation).where(Organisation.kind == OrganisationKind.OWN)
    ).one()


def _publishing_refused() -> str:
    """Publish the statement as it reads now: the message of the refusal (it must refuse)."""
    from register.statement import publishing
    from register.statement.views import render_body

    _, plain = publishing.candidate(db.session)
    with pytest.raises(DocumentsIncomplete) as refused:
        publishing.publish_statement(
            db.session, expected=publishing.fingerprint(plain), user_id=None, render=render_body
        )
    return str(refused.value.message)


def test_publishing_the_statement_is_refused_while_an_item_blocks(demo):
    with demo.test_request_context():
        _own(db.session).postcode = ""
        db.session.commit()
        assert (
            "Eigen organisatie KPC Groep: art. 30 lid 1 sub a en lid 2 sub a AVG: postcode"
            in _publishing_refused()
        )


_OWN_DPO = "Eigen organisatie KPC Groep — FG (art. 30 AVG): "


def _school(brin: str) -> Organisation:
    return db.session.scalars(sa.select(Organisation).where(Organisation.brin == brin)).one()


def test_no_fg_and_no_decision_blocks(demo, runner):
    with demo.app_context():
        own = _own(db.session)
        assert own.dpo_name == "" and own.dpo_not_appointed
        own.dpo_not_appointed = False
        db.session.commit()
    result = runner.invoke(args=["documents", "check"])
    assert result.exit_code == 1
    assert (
        f"[BLOKKEREND] {_OWN_DPO}niet ingevuld; vul de naam van de FG in, of leg vast dat er "
        "geen is aangewezen en waarom"
    ) in result.output.splitlines()
    assert "Documentcontrole: 1 blokkerend, 0 om op te letten." in result.output


def test_a_decision_without_a_real_reason_blocks_and_an_fg_passes(demo, runner):
    with demo.app_context():
        _own(db.session).dpo_not_appointed_reason = "  "
        db.session.commit()
    result = runner.invoke(args=["documents", "check"])
    assert result.exit_code == 1
    assert (
        f"[BLOKKEREND] {_OWN_DPO}„geen FG aangewezen” zonder reden; vul de reden in"
    ) in result.output.splitlines()
    with demo.app_context():
        _own(db.session).dpo_not_appointed_reason = "TODO"
        db.session.commit()
    result = runner.invoke(args=["documents", "check"])
    assert (
        f"[BLOKKEREND] {_OWN_DPO}de reden is een tijdelijke waarde „TODO”; vul de echte reden in"
    ) in result.output.splitlines()
    with demo.app_context():
        own = _own(db.session)
        own.dpo_not_appointed = False
        own.dpo_name = "A. Functionaris"
        db.session.commit()
    result = runner.invoke(args=["documents", "check"])
    assert result.exit_code == 0, result.output
    with demo.app_context():
        _own(db.session).dpo_not_appointed = True  # an FG and "none appointed" contradict
        db.session.commit()
    result = runner.invoke(args=["documents", "check"])
    assert result.exit_code == 1
    assert (
        f"[BLOKKEREND] {_OWN_DPO}in strijd met het register: een FG ingevuld én „geen FG "
        "aangewezen”; haal de naam of het vinkje weg"
    ) in result.output.splitlines()


def test_publishing_and_sending_are_refused_without_the_fg_item(demo):
    with demo.test_request_context():
        _own(db.session).dpo_not_appointed = False
        db.session.commit()
        assert (
            "Eigen organisatie KPC Groep: FG (art. 30 AVG) (niet ingevuld; vul de naam van de "
            "FG in, of leg vast dat er geen is aangewezen en waarom)"
        ) in _publishing_refused()
        db.session.rollback()
        draft = db.session.scalars(
            sa.select(Agreement).where(Agreement.school_id == _school("12EF").id)
        ).one()
        with pytest.raises(DocumentsIncomplete):
            queue_send(db.session, draft, user=None, ip="192.0.2.1")
        db.session.rollback()


def test_a_licensed_school_without_fg_is_reported(demo, runner):
    with demo.app_context():
        meerdijk = _school("12EF")
        meerdijk.dpo_name = ""
        meerdijk.dpo_email = ""
        db.session.commit()
    result = runner.invoke(args=["documents", "check"])
    assert result.exit_code == 0  # reported, not blocking: the school's own datum
    assert (
        "[let op] School Vereniging Christelijk Onderwijs Meerdijk — FG (art. 30 lid 2 sub a "
        "AVG): niet ingevuld; vraag de school wie haar FG is, of waarom ze er geen heeft"
    ) in result.output.splitlines()
    assert "Documentcontrole: 0 blokkerend, 1 om op te letten." in result.output
    with demo.app_context():
        meerdijk = _school("12EF")
        meerdijk.dpo_not_appointed = True
        meerdijk.dpo_not_appointed_reason = "Besluit van het bestuur van 1 maart 2026."
        db.session.commit()
    result = runner.invoke(args=["documents", "check"])
    assert "Documentcontrole: 0 blokkerend, 0 om op te letten." in result.output


_NEWSLETTER = "Nieuwsbrief, publicaties en whitepapers verzenden"


def test_a_controller_activity_gap_blocks_publishing_not_sending(demo, runner):
    """An active controller activity without retention (written around the activation rule,
    as an old import could) blocks the statement it feeds, with the item and the activity."""
    from register.activities.models import Activity
    from register.documents.findings import refuse_publishing, refuse_sending

    with demo.app_context():
        newsletter = db.session.scalars(
            sa.select(Activity).where(Activity.name == _NEWSLETTER)
        ).one()
        newsletter.retention_rules.clear()
        db.session.commit()
    result = runner.invoke(args=["documents", "check"])
    assert result.exit_code == 1
    expected = (
        f"Verwerking {_NEWSLETTER}: art. 30 lid 1 sub f (privacyverklaring): "
        "Er is geen bewaartermijn vastgelegd. (leeg)"
    )
    assert (
        f"[BLOKKEREND] Verwerking {_NEWSLETTER} — art. 30 lid 1 sub f (privacyverklaring): "
        "Er is geen bewaartermijn vastgelegd.: leeg"
    ) in result.output.splitlines()
    assert "Documentcontrole: 1 blokkerend, 0 om op te letten." in result.output
    with demo.test_request_context():
        with pytest.raises(DocumentsIncomplete) as refused:
            refuse_publishing(db.session)
        assert expected in str(refused.value.message)
        # Agreements do not carry the company's own activities: sending is not refused.
        refuse_sending(db.session, ["DOENIN", "SVA"])
