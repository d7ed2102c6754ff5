"""The overview: filters and a fixed number of queries however many agreements there are."""

from __future__ import annotations

import sqlalchemy as sa

from register.agreements.lifecycle import move_agreement
from register.agreements.models import Agreement
from register.agreements.services import create_agreement
from register.extensions import db
from tests.agreements.conftest import user
from tests.agreements.test_drift import count_queries


def _drafts(app, reg, people, count: int, **changes) -> list[str]:
    with app.app_context():
        numbers = []
        for _ in range(count):
            agreement = create_agreement(db.session, reg.command(**changes))
            numbers.append(agreement.number)
        db.session.commit()
        return numbers


def _queries(app, client, url: str) -> int:
    with app.app_context(), count_queries() as statements:
        assert client.get(url).status_code == 200
    return len(statements)


URLS = (
    "/overeenkomsten/",
    "/overeenkomsten/verwerkersregister",
    "/overeenkomsten/zonder-overeenkomst",
)


def test_list_query_counts_do_not_grow(
    app, client, auth, reg, people, make_organisation, make_licence
):
    auth.login_as(people["privacy"])
    _drafts(app, reg, people, 2, product_ids=(reg.product_id, reg.other_product_id))
    few = {url: _queries(app, client, url) for url in URLS}
    _drafts(app, reg, people, 20, product_ids=(reg.product_id, reg.other_product_id))
    _drafts(app, reg, people, 5, school_id=reg.other_school_id)
    with app.app_context():
        from register.products.models import Product

        product = db.session.get(Product, reg.product_id)
    for _ in range(8):
        make_licence(make_organisation(), product)
    many = {url: _queries(app, client, url) for url in URLS}
    assert many == few


def test_overview_filters(app, client, auth, reg, people):
    mine = _drafts(app, reg, people, 2)
    theirs = _drafts(app, reg, people, 1, school_id=reg.other_school_id)
    sva = _drafts(app, reg, people, 1, product_ids=(reg.other_product_id,))
    with app.app_context():
        agreement = db.session.scalars(
            sa.select(Agreement).where(Agreement.number == mine[0])
        ).one()
        move_agreement(
            db.session, agreement, "cancel", user=user(db.session, people["privacy"]), ip=""
        )
        db.session.commit()
    auth.login_as(people["auditor"])

    def listed(query: str) -> set[str]:
        text = client.get(f"/overeenkomsten/?{query}").text
        return {n for n in mine + theirs + sva if n in text}

    assert listed("") == set(mine + theirs + sva)
    assert listed("status=cancelled") == {mine[0]}
    assert listed("status=draft") == {mine[1], *theirs, *sva}
    assert listed(f"product={reg.other_product_id}") == set(sva)
    assert listed("school=andere") == set(theirs)
    assert listed("school=12ab") == {*mine, *sva}
    assert listed(f"school={theirs[0]}") == set(theirs)
    assert listed("drift=1") == set()
    assert listed("status=onzin&product=x&page=-4") == set(mine + theirs + sva)


def test_check_command_reports_per_template(runner):
    result = runner.invoke(args=["agreements", "check"])
    assert result.exit_code == 0, result.output
    assert "convenant-4.0/1: in orde" in result.output
    assert "convenant-3.0/1: in orde" in result.output


def test_check_command_fails_on_a_broken_template(make_app, tmp_path):
    broken = tmp_path / "broken" / "1"
    broken.mkdir(parents=True)
    (broken / "template.toml").write_text("id = ", encoding="utf-8")
    result = (
        make_app(AGREEMENTS_DIR=str(tmp_path))
        .test_cli_runner()
        .invoke(args=["agreements", "check"])
    )
    assert result.exit_code == 1
    assert "broken/1" in result.output and "onleesbaar" in result.output
