"""The agreement panels: states, current licences without a signed agreement, drift."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import sqlalchemy as sa

from register.agreements.documents.storage import AgreementDrift
from register.agreements.models import Agreement
from register.agreements.states import AgreementState
from register.auth.models import UserRole
from register.dashboard.agreement_stats import agreement_panels
from register.dashboard.overview import build_dashboard
from register.extensions import db
from register.organisations.models import Organisation, OrganisationKind
from register.products.models import Licence, Product, ProductKind
from tests.dashboard.conftest import counting_queries

S = AgreementState


def _agreement(number, state, school, processor, products):
    agreement = Agreement(
        number=number,
        title=f"Verwerkersovereenkomst {number}",
        state=state,
        school=school,
        processor=processor,
        template_id="convenant-4.0",
        template_version="1",
        template_sha256="0" * 64,
        term_start=dt.date(2024, 8, 1),
        products=products,
    )
    db.session.add(agreement)
    return agreement


def build_agreements(day):
    """Schools A-D, products DOENIN and SVA, agreements in several states, one drift."""
    own = Organisation(kind=OrganisationKind.OWN, name="KPC Groep")
    doenin = Product(code="DOENIN", name="DOENIN", kind=ProductKind.LEARNING_PRODUCT)
    sva = Product(code="SVA", name="Scholing voor Arbeid", kind=ProductKind.LEARNING_PRODUCT)
    schools = {
        key: Organisation(kind=OrganisationKind.SCHOOL, name=f"School {key}", brin=f"0{key}AA")
        for key in "ABCD"
    }
    db.session.add_all([own, doenin, sva, *schools.values()])
    start, past = day - dt.timedelta(days=100), day - dt.timedelta(days=400)

    def licence(school, product, **dates):
        db.session.add(Licence(organisation=school, product=product, **dates))

    licence(schools["A"], doenin, start_date=start)  # covered: signed
    licence(schools["A"], sva, start_date=start)  # signed agreement is for DOENIN only
    licence(schools["B"], doenin, start_date=start)  # pending agreement
    licence(schools["C"], sva, start_date=start, end_date=day + dt.timedelta(days=10))
    licence(schools["D"], doenin, start_date=past, end_date=day - dt.timedelta(days=1))  # ended
    signed = _agreement("VO-1", S.SIGNED, schools["A"], own, [doenin])
    _agreement("VO-2", S.IN_REVIEW, schools["B"], own, [doenin])
    _agreement("VO-3", S.DRAFT, schools["C"], own, [sva])
    terminated = _agreement("VO-4", S.TERMINATED, schools["D"], own, [doenin])
    _agreement("VO-5", S.SIGNED, schools["C"], own, [doenin])  # other product than C's licence
    # Register data commits first (which refreshes drift from the real snapshots); the
    # flags below are set by hand afterwards, in a commit that changes no register data.
    db.session.commit()
    changes = [{"product": "DOENIN", "field": "Subverwerkers", "added": ["Mailprovider BV"]}]
    db.session.add(AgreementDrift(agreement_id=signed.id, changes=changes))
    db.session.add(AgreementDrift(agreement_id=terminated.id, changes=changes))
    db.session.commit()


@pytest.fixture
def agreements(app, day):
    with app.app_context():
        build_agreements(day)


def test_states_uncovered_licences_and_drift(app, agreements, day):
    with app.test_request_context():
        panels = agreement_panels(db.session, today=day)
    counts = {row.state: row.count for row in panels.by_state}
    assert counts == {
        "draft": 1,
        "in_review": 1,
        "awaiting_signature": 0,
        "signed": 2,
        "cancelled": 0,
        "terminated": 1,
        "superseded": 0,
        "withdrawn": 0,
    }
    assert panels.uncovered_count == 3
    assert [(r.school, r.product, r.pending) for r in panels.uncovered] == [
        ("School A", "Scholing voor Arbeid", False),
        ("School B", "DOENIN", True),
        ("School C", "Scholing voor Arbeid", False),
    ]
    assert panels.drifted_count == 1  # the terminated agreement's flag does not count
    assert [(d.number, d.school, d.fields) for d in panels.drifted] == [
        ("VO-1", "School A", ["DOENIN · Subverwerkers"])
    ]


def test_the_page_shows_agreement_panels_and_chart(client, auth, make_user, agreements):
    auth.login_as(make_user(UserRole.AUDITOR))
    html = client.get("/dashboard").get_data(as_text=True)
    assert "Licenties zonder ondertekende overeenkomst" in html
    assert "School B" in html and "In behandeling" in html
    assert "VO-1" in html and "DOENIN · Subverwerkers" in html
    chart = re.search(r'<figure class="chart" id="chart-agreements">.*?</figure>', html, re.S)
    assert chart is not None
    values = dict(
        zip(
            re.findall(r'class="chart__label">([^<]+)</text>', chart.group(0)),
            re.findall(r'class="chart__value">(\d+)</text>', chart.group(0)),
        )
    )
    assert values["Ondertekend"] == "2" and values["Concept"] == "1"


def test_agreement_queries_do_not_grow_with_the_data(app, day):
    with app.app_context():
        build_agreements(day)
    with app.test_request_context(), counting_queries() as small:
        build_dashboard(db.session, today=day)
    with app.app_context():
        add_agreements(day, 30)
    with app.test_request_context(), counting_queries() as large:
        dashboard = build_dashboard(db.session, today=day)
    assert dashboard.agreements.uncovered_count == 3 + 30
    assert len(dashboard.agreements.uncovered) == 10
    assert dashboard.agreements.drifted_count == 1 + 15
    assert len(large) == len(small)


def add_agreements(day, count):
    """`count` more schools with an uncovered DOENIN licence; every other one drifted."""
    own = db.session.scalar(
        sa.select(Organisation).where(Organisation.kind == OrganisationKind.OWN)
    )
    doenin, sva = (
        db.session.scalar(sa.select(Product).where(Product.code == code))
        for code in ("DOENIN", "SVA")
    )
    changes = [{"product": "SVA", "field": "Bewaartermijnen"}]
    drifted = []
    for n in range(count):
        school = Organisation(kind=OrganisationKind.SCHOOL, name=f"Extra school {n:03d}")
        db.session.add(Licence(organisation=school, product=doenin, start_date=day))
        state = S.SIGNED if n % 2 else S.AWAITING_SIGNATURE
        extra = _agreement(f"VO-X{n}", state, school, own, [sva])
        if n % 2:
            drifted.append(extra)
    db.session.commit()  # register data first; hand-set flags in a commit of their own
    # That commit re-checked drift against the real snapshots and cleared the hand-set
    # flag of VO-1 (this fixture has none): set it again.
    drifted.append(db.session.scalar(sa.select(Agreement).where(Agreement.number == "VO-1")))
    for extra in drifted:
        db.session.add(AgreementDrift(agreement_id=extra.id, changes=changes))
    db.session.commit()
