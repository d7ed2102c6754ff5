"""The demo command: the reference register, complete and active, loaded idempotently."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from register.activities.completeness import mandatory_missing
from register.activities.facts import load_facts
from register.activities.models import Activity, ActivityStatus, ActivityVersion, Role
from register.activities.record import activity_record, record_loaders
from register.audit.models import AuditEntry
from register.auth.models import User, UserRole
from register.calendar import LOCAL_ZONE, today
from register.demo.accounts import DEMO_PASSWORD
from register.demo.past import CHANGED, EARLIER_OWNER
from register.demo.register_data import CONTROLLER_ACTIVITIES, PROCESSOR_ACTIVITIES
from register.extensions import db
from register.organisations.models import Organisation, OrganisationKind
from register.products.models import Licence
from tests.conftest import enrol_on_page

ALL_NAMES = [spec["name"] for spec in (*CONTROLLER_ACTIVITIES, *PROCESSOR_ACTIVITIES)]
UNORDERED = ("data_subjects", "recipient_categories", "security_measures", "recipients")


def _canonical(record: dict) -> dict:
    """Link-table lists have no defined order in the model; compare them as sorted lists."""
    return {k: sorted(v, key=repr) if k in UNORDERED else v for k, v in record.items()}


def _table_counts() -> dict[str, int]:
    return {
        table.name: db.session.scalar(sa.select(sa.func.count()).select_from(table))
        for table in db.metadata.sorted_tables
    }


def test_demo_loads_once_and_a_second_run_changes_nothing(app, runner):
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    assert "verwerkingen" in first.output
    with app.app_context():
        counts = _table_counts()
        audit_entries = counts["audit_entry"]
    assert audit_entries > 0 and counts["activity"] == 10
    second = runner.invoke(args=["demo"])
    assert second.exit_code == 0, second.output
    assert "niets gewijzigd" in second.output
    with app.app_context():
        assert _table_counts() == counts


def test_demo_prints_how_to_sign_in_every_time(runner):
    for args in (["demo"], ["demo", "--if-empty"]):
        output = runner.invoke(args=args).output
        assert "http://127.0.0.1:5000" in output
        assert DEMO_PASSWORD in output
        for email in ("beheerder@kpcgroep.example", "privacy@kpcgroep.example"):
            assert email in output
        assert "contractbeheerder school, tekenbevoegd" in output


def test_if_empty_leaves_an_existing_register_alone(app, runner, make_organisation):
    make_organisation(name="Bestaande school")
    result = runner.invoke(args=["demo", "--if-empty"])
    assert result.exit_code == 0 and "niet opnieuw geladen" in result.output
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Organisation.id))) == 1
        assert db.session.scalar(sa.select(sa.func.count(Activity.id))) == 0


def test_demo_register_content(app, runner):
    assert runner.invoke(args=["demo"]).exit_code == 0
    with app.app_context():
        own = db.session.scalars(
            sa.select(Organisation).where(Organisation.kind == OrganisationKind.OWN)
        ).one()
        assert (own.name, own.address, own.postcode, own.city) == (
            "KPC Groep",
            "Guldenberg 12",
            "5628 KR",
            "Helvoirt",
        )
        assert own.phone == "+31 85-2101580" and own.email == "privacy@kpcgroep.nl"

        activities = db.session.scalars(sa.select(Activity).options(*record_loaders())).all()
        controllers = [a for a in activities if a.role is Role.CONTROLLER]
        processors = [a for a in activities if a.role is Role.PROCESSOR]
        assert len(controllers) == 8 and len(processors) == 2
        assert {a.product.code for a in processors} == {"DOENIN", "SVA"}
        purposes = {p.purpose.code for a in controllers for p in a.purposes}
        # The reference statement's eight, and the statutory retention that payments kept
        # on a second legal basis (one purpose, one basis: the statement refuses two).
        assert len(purposes) == 9 and "wettelijke_bewaarplicht" in purposes

        schools = db.session.scalars(
            sa.select(Organisation).where(Organisation.kind == OrganisationKind.SCHOOL)
        ).all()
        assert len(schools) == 12
        licensed = set(db.session.scalars(sa.select(Licence.organisation_id)))
        assert licensed == {s.id for s in schools}
        assert all(s.brin and s.kvk and s.dpo_email and s.privacy_contact_email for s in schools)


def test_every_demo_activity_is_complete_active_and_versioned(app, runner):
    assert runner.invoke(args=["demo"]).exit_code == 0
    with app.app_context():
        facts = load_facts(db.session)
        activities = db.session.scalars(sa.select(Activity).options(*record_loaders())).all()
        versions = {
            v.activity_id: v
            for v in db.session.scalars(sa.select(ActivityVersion).order_by(ActivityVersion.number))
        }
        for activity in activities:
            record = activity_record(activity)
            assert activity.status is ActivityStatus.ACTIVE
            assert mandatory_missing(record, facts) == [], activity.name
            assert activity.missing_count == 0
            assert activity.owner and activity.review_date and activity.security_measures
            version = versions[activity.id]  # the newest
            assert version.number == (2 if activity.name in CHANGED else 1)
            assert _canonical(version.snapshot) == _canonical(record)


def test_the_demo_has_a_past(app, runner, client, auth):
    assert runner.invoke(args=["demo"]).exit_code == 0
    with app.app_context():
        versions = db.session.scalars(sa.select(ActivityVersion)).all()
        days = {(today() - v.created_at.astimezone(LOCAL_ZONE).date()).days for v in versions}
        changed_id = db.session.scalar(sa.select(Activity.id).where(Activity.name.in_(CHANGED)))
    assert len(versions) == 10 + len(CHANGED)
    assert max(days) >= 300 and min(days) > 30  # spread over the past year, none today
    auth.login("auditor@kpcgroep.example", DEMO_PASSWORD)
    # The register as it stood half a year ago holds some activities, not all.
    half_year = (today() - dt.timedelta(days=180)).isoformat()
    page = client.get(f"/uitwisseling/stand?datum={half_year}").text
    shown = sum(name in page for name in ALL_NAMES)
    assert 0 < shown < 10, shown
    year = (today() - dt.timedelta(days=370)).isoformat()
    assert not any(
        name in client.get(f"/uitwisseling/stand?datum={year}").text for name in ALL_NAMES
    )
    # A changed activity's history shows its earlier owner and the change, dated in the past.
    history = client.get(f"/verwerkingen/{changed_id}/geschiedenis").text
    assert "Versie 2" in history and "Versie 1" in history and EARLIER_OWNER in history


def test_statement_facts_in_the_demo_activities(app, runner):
    assert runner.invoke(args=["demo"]).exit_code == 0
    with app.app_context():
        records = {
            a.name: activity_record(a)
            for a in db.session.scalars(sa.select(Activity).options(*record_loaders()))
        }
    newsletter = records["Nieuwsbrief, publicaties en whitepapers verzenden"]
    assert newsletter["purposes"][0]["legal_basis_reference"] == "AVG art. 6 lid 1 sub a"
    payment = records["Betalingen afhandelen"]
    assert {p["legal_basis_reference"] for p in payment["purposes"]} == {
        "AVG art. 6 lid 1 sub b",
        "AVG art. 6 lid 1 sub c",
    }
    periods = {r["period"]: r for r in payment["retention"]}
    assert periods["3 jaar"]["trigger"].startswith("Na de laatste activiteit")
    assert "Belastingdienst" in periods["7 jaar"]["reason"]
    assert "Belastingdienst" in payment["recipient_categories"]
    analytics = records["Websiteanalyse met Google Analytics"]
    assert analytics["purposes"][0]["legal_basis_reference"] == "AVG art. 6 lid 1 sub f"
    assert analytics["purposes"][0]["legitimate_interest"]
    [transfer] = analytics["transfers"]
    assert transfer["country"] == "Verenigde Staten"
    assert transfer["mechanism"] == "EU-VS Data Privacy Framework"
    assert analytics["recipients"][0]["name"].startswith("Google")
    doenin = records["DOENIN: digitaal onderwijsmiddel voor scholen"]
    categories = {c["category"] for c in doenin["data_categories"]}
    assert {"ECK iD (keten-pseudoniem)", "Leerresultaten en voortgang"} <= categories
    assert doenin["subprocessors"] and all(s["location"] for s in doenin["subprocessors"])
    assert doenin["retention"][0]["period"] == "Tot het einde van de licentie"


def test_demo_accounts_one_per_role(app, runner, client, auth):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0
    assert "stellen bij de eerste aanmelding een tweede factor in" in result.output
    with app.app_context():
        users = db.session.scalars(sa.select(User)).all()
        by_role: dict[UserRole, list[User]] = {}
        for user in users:
            by_role.setdefault(user.role, []).append(user)
            _ = user.organisations
        assert {r: len(u) for r, u in by_role.items()} == {
            UserRole.ADMIN: 1,
            UserRole.PRIVACY: 1,
            UserRole.AUDITOR: 1,
            UserRole.CONTRACT_MANAGER: 2,
        }
        [privacy] = by_role[UserRole.PRIVACY]
        assert privacy.is_signatory and privacy.function == "Privacyfunctionaris"
        managers = by_role[UserRole.CONTRACT_MANAGER]
        schools = [m.organisation_ids for m in managers]
        assert all(len(s) == 1 for s in schools) and schools[0] != schools[1]
        assert sorted(m.is_signatory for m in managers) == [False, True]
        audit_actors = set(db.session.scalars(sa.select(AuditEntry.actor_email)))
        assert audit_actors == {"demo"}
    # A demo signatory sets up the second factor at first sign-in, as the demo prints.
    response = auth.login("privacy@kpcgroep.example", DEMO_PASSWORD)
    assert response.headers["Location"] == "/aanmelden/tweede-factor"
    enrol_on_page(client)
    assert client.get("/dashboard").status_code == 200


def test_demo_agreements_fill_the_school_portal(app, runner, client, auth, run_jobs):
    from register.agreements.documents.storage import AgreementDocument, DocumentKind
    from register.agreements.models import Agreement
    from register.agreements.states import AgreementState

    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "4 verwerkersovereenkomsten" in result.output
    with app.app_context():
        agreements = {
            a.school.brin: a
            for a in db.session.scalars(
                sa.select(Agreement).where(Agreement.state != AgreementState.SUPERSEDED)
            ).unique()
        }
        assert {brin: a.state for brin, a in agreements.items()} == {
            "10AB": AgreementState.SIGNED,
            "11CD": AgreementState.IN_REVIEW,
            "12EF": AgreementState.DRAFT,
        }
        signed = agreements["10AB"]
        assert signed.signed_document_sha256 and len(signed.signatures) == 2
        numbers = {brin: a.number for brin, a in agreements.items()}
        signed_id, signed_sha256 = signed.id, signed.signed_document_sha256
    # The demo made the signed PDF itself; the job its signing queued then stores nothing.
    run_jobs(app)
    with app.app_context():
        stored = db.session.scalars(
            sa.select(AgreementDocument.sha256).where(
                AgreementDocument.agreement_id == signed_id,
                AgreementDocument.kind == DocumentKind.SIGNED,
            )
        ).all()
        assert stored == [signed_sha256]
    auth.login("contract@sko-dorpsveld.example", DEMO_PASSWORD)
    portal = client.get("/portaal/").get_data(as_text=True)
    assert numbers["11CD"] in portal and numbers["10AB"] not in portal


def test_the_demo_carries_an_agreement_replaced_in_its_past(app, runner, client, auth):
    from register.agreements.models import Agreement, AgreementEvent
    from register.agreements.states import AgreementState
    from register.demo.agreements import REPLACED_PAST

    assert runner.invoke(args=["demo"]).exit_code == 0
    with app.app_context():
        replaced = db.session.scalars(
            sa.select(Agreement).where(Agreement.state == AgreementState.SUPERSEDED)
        ).one()
        successor = db.session.scalars(
            sa.select(Agreement).where(Agreement.supersedes_id == replaced.id)
        ).one()
        assert replaced.school.brin == successor.school.brin == "10AB"
        assert successor.state is AgreementState.SIGNED
        assert [p.code for p in replaced.products] == ["DOENIN"]
        assert {p.code for p in successor.products} == {"DOENIN", "SVA"}
        assert replaced.signed_by_scan and replaced.superseded_at is not None
        # Its history lies in the past: drafted, sent, approved and signed months ago.
        steps = {
            e.action: e.at.astimezone(LOCAL_ZONE).date()
            for e in db.session.scalars(
                sa.select(AgreementEvent).where(AgreementEvent.agreement_id == replaced.id)
            )
        }
        steps["create"] = replaced.created_at.astimezone(LOCAL_ZONE).date()
        for action, days in REPLACED_PAST.items():
            assert steps[action] == today() - dt.timedelta(days=days), action
        assert replaced.signed_at.astimezone(LOCAL_ZONE).date() == today() - dt.timedelta(
            days=REPLACED_PAST["upload_scan"]
        )
        assert "supersede" in steps
        replaced_id, successor_number = replaced.id, successor.number
    auth.login("privacy@kpcgroep.example", DEMO_PASSWORD)
    enrol_on_page(client)
    page = client.get(f"/overeenkomsten/{replaced_id}").get_data(as_text=True)
    assert "Vervangen" in page and successor_number in page
