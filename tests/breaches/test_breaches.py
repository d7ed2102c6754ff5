"""Breaches: clocks, decision, the schools a breach touches, notices, school view, exports."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from register.audit.models import AuditEntry
from register.auth.models import UserRole
from register.breaches import clock, errors, services
from register.breaches.models import Breach, BreachNotice, BreachStatus
from register.config import PROJECT_ROOT
from register.extensions import db
from register.organisations.models import Organisation, OrganisationKind
from tests.conftest import AuthActions, body_html, body_text

UTC = dt.UTC
NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def _data(**changes):
    values = {
        "title": "Lijst met leerlingen gemaild aan verkeerde school",
        "occurred_at": dt.datetime(2026, 3, 10, 9, 0, tzinfo=UTC),
        "ended_at": dt.datetime(2026, 3, 20, 17, 0, tzinfo=UTC),
        "aware_at": dt.datetime(2026, 3, 21, 8, 0, tzinfo=UTC),
        "facts": "Export met namen en klassen verstuurd.",
    }
    values.update(changes)
    return services.BreachCommand(**values)


def test_clocks_run_from_awareness():
    aware = dt.datetime(2026, 3, 21, 8, 0, tzinfo=UTC)
    assert clock.authority_deadline(aware) == dt.datetime(2026, 3, 24, 8, 0, tzinfo=UTC)
    assert clock.school_notice_deadline(aware) == dt.datetime(2026, 3, 22, 8, 0, tzinfo=UTC)
    assert clock.hours_left(clock.authority_deadline(aware), aware) == 72


@pytest.mark.parametrize(
    "path", sorted((PROJECT_ROOT / "agreements").glob("*/*/agreement.html.j2"))
)
def test_the_agreement_text_names_the_same_school_notice_term(path):
    """The term the breach register counts is the one the schools signed."""
    text = path.read_text(encoding="utf-8")
    items = [li for li in re.findall(r"<li>(.*?)</li>", text, re.S) if "Datalek" in li]
    terms = {term for li in items for term in re.findall(r"binnen (\d+) uur", li)}
    assert terms == {str(clock.SCHOOL_NOTICE_HOURS)}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": " "}, "title"),
        ({"aware_at": NOW + dt.timedelta(hours=1)}, "aware_at"),
        ({"occurred_at": dt.datetime(2026, 3, 22, tzinfo=UTC)}, "occurred_at"),
        ({"ended_at": dt.datetime(2026, 3, 1, tzinfo=UTC)}, "ended_at"),
        ({"product_ids": (999999,)}, "product_ids"),
    ],
)
def test_bad_input_is_refused_at_its_field(session, changes, field):
    with pytest.raises(errors.BreachError) as refused:
        services.record_breach(session, _data(**changes), now=NOW)
    assert refused.value.field == field
    assert session.scalars(sa.select(Breach)).first() is None


def test_affected_schools_are_exactly_those_licensed_during_the_period(
    session, make_organisation, make_product, make_licence, make_activity
):
    doenin, sva, other = make_product(name="DOENIN"), make_product(name="SVA"), make_product()
    school = {name: make_organisation(OrganisationKind.SCHOOL, name=name) for name in "ABCDEFGH"}
    D = dt.date
    # Breach period (local days): 10 March – 20 March 2026.
    make_licence(school["A"], doenin, start_date=D(2025, 8, 1))  # open-ended: in
    make_licence(
        school["B"], doenin, start_date=D(2025, 8, 1), end_date=D(2026, 3, 10)
    )  # ends on first day: in
    make_licence(school["C"], doenin, start_date=D(2026, 3, 20))  # starts on last day: in
    make_licence(
        school["D"], doenin, start_date=D(2025, 8, 1), end_date=D(2026, 3, 9)
    )  # ended before: out
    make_licence(school["E"], doenin, start_date=D(2026, 3, 21))  # starts after: out
    make_licence(school["F"], other, start_date=D(2025, 8, 1))  # another product: out
    make_licence(school["G"], sva, start_date=D(2025, 8, 1))  # SVA, through the activity: in
    make_licence(school["H"], doenin, start_date=D(2024, 1, 1), end_date=D(2024, 12, 31))
    make_licence(school["H"], doenin, start_date=D(2026, 1, 1), end_date=D(2026, 3, 15))  # in, once
    sva_activity = make_activity(product_id=sva.id)
    breach = services.record_breach(
        session, _data(product_ids=(doenin.id,), activity_ids=(sva_activity.id,)), now=NOW
    )
    names = [s.name for s in services.affected_schools(session, breach)]
    assert names == ["A", "B", "C", "G", "H"]


def test_without_an_end_the_period_runs_to_awareness(
    session, make_organisation, make_product, make_licence
):
    product = make_product()
    late = make_organisation(OrganisationKind.SCHOOL, name="Later")
    make_licence(late, product, start_date=dt.date(2026, 3, 21))
    with_end = services.record_breach(session, _data(product_ids=(product.id,)), now=NOW)
    assert services.affected_schools(session, with_end) == []
    open_ended = services.record_breach(
        session, _data(product_ids=(product.id,), ended_at=None), now=NOW
    )
    assert [s.name for s in services.affected_schools(session, open_ended)] == ["Later"]


def test_period_uses_dutch_days(session):
    # 23:30 UTC on 9 March is already 10 March in Amsterdam.
    breach = services.record_breach(
        session,
        _data(occurred_at=dt.datetime(2026, 3, 9, 23, 30, tzinfo=UTC), ended_at=None),
        now=NOW,
    )
    assert services.breach_period(breach) == (dt.date(2026, 3, 10), dt.date(2026, 3, 21))


def test_decision_needs_reasons_and_a_reference_when_notified(session):
    breach = services.record_breach(session, _data(), now=NOW)
    decision = services.Decision(
        notify_authority=True,
        authority_reasoning="Risico: namen van minderjarigen.",
        notify_subjects=False,
        subjects_reasoning="Geen hoog risico: ontvanger heeft de lijst verwijderd.",
        authority_notified_at=dt.datetime(2026, 3, 22, 10, 0, tzinfo=UTC),
    )
    with pytest.raises(errors.BreachError) as refused:
        services.decide(session, breach, decision, seen_version=breach.version)
    assert refused.value.field == "authority_reference"
    with pytest.raises(errors.BreachError) as refused:
        services.decide(
            session,
            breach,
            services.Decision(**{**decision.__dict__, "authority_reasoning": ""}),
            seen_version=breach.version,
        )
    assert refused.value.field == "authority_reasoning"
    services.decide(
        session,
        breach,
        services.Decision(**{**decision.__dict__, "authority_reference": "M-2026-123"}),
        seen_version=breach.version,
    )
    assert breach.authority_reference == "M-2026-123" and not breach.authority_pending
    services.close_breach(session, breach, seen_version=breach.version)
    assert breach.status is BreachStatus.CLOSED


def test_closing_needs_the_decision(session):
    breach = services.record_breach(session, _data(), now=NOW)
    with pytest.raises(errors.BreachError):
        services.close_breach(session, breach, seen_version=breach.version)
    assert breach.is_open


def test_notify_tells_each_school_once_and_reports_those_without_an_address(
    app, session, make_organisation, make_product, make_licence, make_user
):
    product = make_product(name="DOENIN")
    told = make_organisation(
        OrganisationKind.SCHOOL, name="Met adres", privacy_contact_email="fg@school.nl"
    )
    general = make_organisation(OrganisationKind.SCHOOL, name="Algemeen", email="info@b.nl")
    silent = make_organisation(OrganisationKind.SCHOOL, name="Zonder adres")
    for school in (told, general, silent):
        make_licence(school, product, start_date=dt.date(2025, 8, 1))
    staff = make_user(UserRole.PRIVACY)
    breach = services.record_breach(session, _data(product_ids=(product.id,)), now=NOW)
    result = services.notify_schools(session, breach, user_id=staff.id, seen_version=breach.version)
    assert [s.name for s in result.notified] == ["Algemeen", "Met adres"]
    assert [s.name for s in result.without_address] == ["Zonder adres"]
    notices = {n.organisation_id: n for n in session.scalars(sa.select(BreachNotice))}
    assert notices[told.id].recipient == "fg@school.nl"
    assert notices[general.id].recipient == "info@b.nl"
    assert notices[told.id].sent_by_id == staff.id
    assert silent.id not in notices
    # Later, after the address is filled in, only that school is told.
    session.get(Organisation, silent.id).email = "info@c.nl"
    session.flush()
    result = services.notify_schools(session, breach, user_id=None, seen_version=breach.version)
    assert [s.name for s in result.notified] == ["Zonder adres"]
    with pytest.raises(errors.BreachError):
        services.notify_schools(session, breach, user_id=None, seen_version=breach.version)
    assert session.scalar(sa.select(sa.func.count()).select_from(BreachNotice)) == 3


# --- HTTP -----------------------------------------------------------------------------------


@pytest.fixture
def told_breach(app, make_organisation, make_product, make_licence, make_user):
    """A breach told to one school (with its manager) and a manager of another school."""
    product = make_product(name="DOENIN")
    own = make_organisation(OrganisationKind.SCHOOL, name="Eigen", email="a@eigen.nl")
    other = make_organisation(OrganisationKind.SCHOOL, name="Ander", email="b@ander.nl")
    make_licence(own, product, start_date=dt.date(2025, 8, 1))
    with app.app_context():
        breach = services.record_breach(db.session, _data(product_ids=(product.id,)), now=NOW)
        services.notify_schools(db.session, breach, user_id=None, seen_version=breach.version)
        unrelated = services.record_breach(db.session, _data(title="Intern lek"), now=NOW)
        db.session.commit()
        ids = breach.id, unrelated.id
    return {
        "breach_id": ids[0],
        "unrelated_id": ids[1],
        "own": make_user(UserRole.CONTRACT_MANAGER, organisations=[own]),
        "other": make_user(UserRole.CONTRACT_MANAGER, organisations=[other]),
    }


def test_a_school_sees_only_the_breaches_it_was_told_about(client, auth, told_breach):
    auth.login_as(told_breach["own"])
    listing = client.get("/datalekken/school").get_data(as_text=True)
    assert "Lijst met leerlingen" in listing and "Intern lek" not in listing
    page = client.get(f"/datalekken/school/{told_breach['breach_id']}")
    assert page.status_code == 200 and "a@eigen.nl" in page.get_data(as_text=True)
    assert client.get(f"/datalekken/school/{told_breach['unrelated_id']}").status_code == 404
    assert client.get(f"/datalekken/{told_breach['breach_id']}").status_code == 403


def test_another_school_gets_404(client, auth, told_breach):
    auth.login_as(told_breach["other"])
    assert client.get(f"/datalekken/school/{told_breach['breach_id']}").status_code == 404
    assert "Lijst met leerlingen" not in client.get("/datalekken/school").get_data(as_text=True)


def test_record_through_the_form_in_dutch_time(app, client, auth, make_user, make_product):
    product = make_product(name="DOENIN")
    auth.login_as(make_user(UserRole.PRIVACY))
    response = client.post(
        "/datalekken/nieuw",
        data={
            "title": "USB-stick kwijt",
            "occurred_at": "2026-07-01T10:00",
            "aware_at": "2026-07-02T09:30",
            "facts": "Stick met cijferlijsten verloren.",
            "product_ids": [str(product.id)],
        },
    )
    assert response.status_code == 302
    with app.app_context():
        breach = db.session.scalars(sa.select(Breach)).one()
        # 09:30 in Amsterdam summer time is 07:30 UTC.
        assert breach.aware_at == dt.datetime(2026, 7, 2, 7, 30, tzinfo=UTC)
        assert breach.authority_deadline == dt.datetime(2026, 7, 5, 7, 30, tzinfo=UTC)
        assert [p.name for p in breach.products] == ["DOENIN"]
        assert (
            db.session.scalar(
                sa.select(AuditEntry.action).where(AuditEntry.entity_type == "breach")
            )
            == "create"
        )


def test_form_errors_keep_the_input(app, client, auth, make_user):
    auth.login_as(make_user(UserRole.PRIVACY))
    response = client.post(
        "/datalekken/nieuw",
        data={"title": "<script>x</script>", "occurred_at": "gisteren", "aware_at": ""},
    )
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "&lt;script&gt;x&lt;/script&gt;" in text and "<script>x</script>" not in text
    with app.app_context():
        assert db.session.scalars(sa.select(Breach)).first() is None


def test_exports_are_formula_safe_and_audited(app, client, auth, make_user, run_jobs):
    with app.app_context():
        services.record_breach(
            db.session, _data(title='=HYPERLINK("http://x")', facts="+31 85 000"), now=NOW
        )
        db.session.commit()
    auditor = make_user(UserRole.AUDITOR)
    auth.login_as(auditor)
    response = client.get("/datalekken/export.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    headers = [c.value for c in sheet[1]]
    row = {h: c for h, c in zip(headers, sheet[2])}
    assert row["Titel"].value == '=HYPERLINK("http://x")' and row["Titel"].data_type == "s"
    assert row["Feiten"].value == "+31 85 000"
    # Amsterdam time, as a naive spreadsheet date-time.
    assert row["Ontdekt"].value.isoformat() == "2026-03-21T09:00:00"
    # The PDF is made by a worker (issue 9): the button queues it, its page follows it.
    queued = client.post("/datalekken/export.pdf")
    assert queued.status_code == 302
    job_url = queued.headers["Location"]
    assert job_url.startswith("/taken/")
    waiting = client.get(job_url)
    assert "Datalekkenregister als PDF" in waiting.text and "In de wachtrij" in waiting.text
    assert waiting.headers["Refresh"] == "3"
    with app.app_context():  # nothing rendered, nothing audited yet
        assert not db.session.scalars(
            sa.select(AuditEntry).where(AuditEntry.summary == "datalekkenregister pdf")
        ).all()
    run_jobs(app, wait=0)
    ready = client.get(job_url)
    assert "Refresh" not in ready.headers and "datalekkenregister.pdf downloaden" in ready.text
    assert 'href="/datalekken/"' in ready.text or "Terug naar de datalekken" in ready.text
    pdf = client.get(f"{job_url}/bestand")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    from pypdf import PdfReader

    text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages).split()
    )
    assert (
        "=HYPERLINK" in text and "Feiten +31 85 000" in text and "Ontdekt 21-03-2026 09:00" in text
    )
    with app.app_context():
        exports = db.session.scalars(
            sa.select(AuditEntry.summary).where(AuditEntry.action == "export")
        ).all()
        assert sorted(exports) == ["datalekkenregister pdf", "datalekkenregister xlsx"]
        # The worker's render is audited as the user who asked for it.
        assert (
            db.session.scalar(
                sa.select(AuditEntry.actor_email).where(
                    AuditEntry.summary == "datalekkenregister pdf"
                )
            )
            == auditor.email
        )


def test_each_affected_school_receives_the_notice(
    make_app, smtp_server, run_jobs, make_organisation, make_product, make_licence, make_user
):
    app = make_app(MAIL_URL=smtp_server.url)
    product = make_product(name="DOENIN")
    first = make_organisation(OrganisationKind.SCHOOL, name="De Linde", email="info@linde.nl")
    second = make_organisation(
        OrganisationKind.SCHOOL, name="Het Baken", privacy_contact_email="fg@baken.nl"
    )
    outside = make_organisation(OrganisationKind.SCHOOL, name="Buiten", email="x@buiten.nl")
    make_licence(first, product, start_date=dt.date(2025, 8, 1))
    make_licence(second, product, start_date=dt.date(2025, 8, 1))
    make_licence(outside, product, start_date=dt.date(2026, 6, 1))
    staff = make_user(UserRole.PRIVACY)
    client = app.test_client()
    AuthActions(client).login(staff.email)
    with app.app_context():
        breach = services.record_breach(
            db.session, _data(product_ids=(product.id,), effects="Namen <b>zichtbaar</b>"), now=NOW
        )
        db.session.commit()
        breach_id, reference = breach.id, breach.reference
    response = client.post(f"/datalekken/{breach_id}/scholen-informeren", data={"version": 1})
    assert response.status_code == 302
    assert "2 scholen geïnformeerd." in client.get(response.headers["Location"]).get_data(
        as_text=True
    )
    run_jobs(app)
    received = smtp_server.wait_for(2)
    assert smtp_server.recipients() == ["fg@baken.nl", "info@linde.nl"]
    for message in received:
        assert reference in message["Subject"]
        assert "Export met namen en klassen verstuurd." in body_text(message)
        assert "Namen &lt;b&gt;zichtbaar&lt;/b&gt;" in body_html(message)
    with app.app_context():
        notices = db.session.scalars(sa.select(BreachNotice).order_by(BreachNotice.id)).all()
        assert {n.recipient for n in notices} == {"fg@baken.nl", "info@linde.nl"}
        assert all(n.sent_by_id == staff.id for n in notices)
        audited = db.session.scalars(
            sa.select(AuditEntry.entity_type).where(AuditEntry.action == "create")
        ).all()
        assert audited.count("breach_notice") == 2
    # Pressing the button again tells nobody twice.
    again = client.post(f"/datalekken/{breach_id}/scholen-informeren", data={"version": 2})
    assert again.status_code == 400
    run_jobs(app)
    assert len(smtp_server.messages) == 2
