"""The audit overview: filters, keyset pagination, the entry detail, and index use."""

import datetime as dt

import pytest
import sqlalchemy as sa

from register.audit.chain import append_entries
from register.audit.models import AuditEntry
from register.audit.queries import NEWEST_FIRST, AuditFilters, _older_than, filtered
from register.auth.models import UserRole
from register.extensions import db
from tests.conftest import PASSWORD


def _add(app, *rows):
    with app.app_context():
        append_entries(db.session.connection(), [dict(r) for r in rows])
        db.session.commit()
        return db.session.scalar(sa.select(sa.func.max(AuditEntry.id)))


def _auditor_client(app, make_user):
    user = make_user(UserRole.AUDITOR)
    client = app.test_client()
    assert (
        client.post("/aanmelden", data={"email": user.email, "password": PASSWORD}).status_code
        == 302
    )
    return client


def _ids(html):
    import re

    return [int(n) for n in re.findall(r'href="/audit/(\d+)"', html)]


def test_filters(app, make_user):
    client = _auditor_client(app, make_user)
    old = dt.datetime(2025, 3, 10, 12, tzinfo=dt.UTC)
    a = _add(
        app,
        {
            "action": "update",
            "entity_type": "activity",
            "entity_id": "7",
            "actor_id": 41,
            "actor_email": "a@x.nl",
            "created_at": old,
            "summary": "oude wijziging",
        },
    )
    b = _add(
        app,
        {
            "action": "retire",
            "entity_type": "activity",
            "entity_id": "8",
            "actor_id": 42,
            "actor_email": "b@x.nl",
            "summary": "beëindigd",
        },
    )
    c = _add(
        app,
        {
            "action": "download",
            "entity_type": "agreement",
            "entity_id": "7",
            "actor_id": 41,
            "actor_email": "a@x.nl",
            "summary": "pdf",
        },
    )

    def ids(query):
        response = client.get("/audit/" + query)
        assert response.status_code == 200
        return set(_ids(response.get_data(as_text=True)))

    everything = ids("")
    assert {a, b, c} <= everything
    assert ids("?entity_type=activity") == {a, b}
    assert ids("?entity_type=activity&entity_id=7") == {a}
    assert ids("?action=retire") == {b}
    assert ids("?start=01-03-2025&end=2025-03-31") == {a}
    assert a not in ids(f"?start={dt.datetime.now(dt.UTC).date().isoformat()}")
    # Entries keep their actor id even when the user is gone.
    assert ids("?actor=41") == {a, c}


def test_filter_by_user(app, make_user):
    client = _auditor_client(app, make_user)
    person = make_user(UserRole.PRIVACY)
    mine = _add(app, {"action": "update", "actor_id": person.id, "actor_email": person.email})
    _add(app, {"action": "update", "actor_id": person.id + 100, "actor_email": "x@x.nl"})
    body = client.get(f"/audit/?actor={person.id}").get_data(as_text=True)
    assert _ids(body) == [mine]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?start=31-02-2025", "geen geldige datum"),
        ("?end=morgen", "geen geldige datum"),
        ("?start=2025-03-10&end=2025-03-01", "De einddatum ligt voor de begindatum."),
        ("?entity_id=5", "Kies bij een nummer ook de soort gegeven."),
        ("?actor=iemand", "Kies een gebruiker uit de lijst."),
    ],
)
def test_bad_filters_get_a_dutch_message_and_no_results(app, make_user, query, message):
    client = _auditor_client(app, make_user)
    _add(app, {"action": "update", "entity_type": "activity", "entity_id": "5"})
    response = client.get("/audit/" + query)
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in body
    assert _ids(body) == []


def test_keyset_pagination_newest_first(make_app, make_user):
    app = make_app(PAGE_SIZE=4)
    client = _auditor_client(app, make_user)
    for n in range(10):
        _add(app, {"action": "export", "entity_type": "export", "summary": f"export {n}"})
    with app.app_context():
        all_ids = db.session.scalars(
            sa.select(AuditEntry.id)
            .where(AuditEntry.action == "export")
            .order_by(AuditEntry.id.desc())
        ).all()
    first = client.get("/audit/?action=export").get_data(as_text=True)
    assert _ids(first) == all_ids[:4]
    assert f"voor={all_ids[3]}" in first and "na=" not in first
    second = client.get(f"/audit/?action=export&voor={all_ids[3]}").get_data(as_text=True)
    assert _ids(second) == all_ids[4:8]
    assert f"na={all_ids[4]}" in second
    back = client.get(f"/audit/?action=export&na={all_ids[4]}").get_data(as_text=True)
    assert _ids(back) == all_ids[:4]
    last = client.get(f"/audit/?action=export&voor={all_ids[7]}").get_data(as_text=True)
    assert _ids(last) == all_ids[8:]
    assert "voor=" not in last.split("Paginering")[1]


def test_detail_shows_old_and_new_values(app, make_user):
    client = _auditor_client(app, make_user)
    entry = _add(
        app,
        {
            "action": "update",
            "entity_type": "organisation",
            "entity_id": "3",
            "actor_email": "priv@example.nl",
            "ip": "192.0.2.7",
            "summary": "Stichting B",
            "changes": {"name": ["Stichting A", "Stichting B"], "is_active": [True, False]},
        },
    )
    response = client.get(f"/audit/{entry}")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<span class="diff-old">Stichting A</span>' in body
    assert '<span class="diff-new">Stichting B</span>' in body
    assert '<span class="diff-old">ja</span>' in body
    # Field names, not column codes.
    assert 'data-label="Veld">Naam</th>' in body and 'data-label="Veld">Actief</th>' in body
    assert ">is_active<" not in body and ">name<" not in body
    assert "192.0.2.7" in body and "priv@example.nl" in body
    assert client.get("/audit/999999").status_code == 404


def test_only_readers_see_the_trail(client, auth, make_user):
    auth.login_as(make_user(UserRole.CONTRACT_MANAGER))
    assert client.get("/audit/").status_code == 403
    auth.logout()
    auth.login_as(make_user(UserRole.PRIVACY))
    assert client.get("/audit/").status_code == 200


@pytest.mark.parametrize(
    "filters",
    [
        AuditFilters(),
        AuditFilters(actor_id=3),
        AuditFilters(entity_type="activity"),
        AuditFilters(entity_type="activity", entity_id="5"),
        AuditFilters(action="login"),
        AuditFilters(start=dt.date(2026, 1, 1), end=dt.date(2026, 1, 31)),
        AuditFilters(actor_id=3, start=dt.date(2026, 1, 1)),
    ],
)
@pytest.mark.parametrize("keyset", [False, True])
def test_overview_pages_are_read_from_an_index_without_sorting(session, filters, keyset):
    """Each filter has an index ending with created_at: no table scan, no sort of matches."""
    if session.get_bind().dialect.name != "sqlite":
        pytest.skip("plans are checked on SQLite; PostgreSQL's depend on its statistics")
    statement = filtered(filters)
    if keyset:
        statement = statement.where(_older_than(dt.datetime(2026, 1, 20, tzinfo=dt.UTC), 500))
    statement = statement.order_by(*NEWEST_FIRST).limit(26)
    sql = str(statement.compile(session.get_bind(), compile_kwargs={"literal_binds": True}))
    plan = " / ".join(row[-1] for row in session.execute(sa.text("EXPLAIN QUERY PLAN " + sql)))
    assert "USING COVERING INDEX" in plan, plan
    assert "TEMP B-TREE" not in plan, plan
