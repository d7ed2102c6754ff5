"""The audit trail speaks Dutch: labels for codes, names of people and objects, few queries."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa

from register.activities.models import Activity, ActivityStatus
from register.agreements.models import Agreement, AgreementSignature
from register.audit.chain import append_entries
from register.audit.labels import (
    ACTION_LABELS,
    ENTITY_LABELS,
    ENUM_LABELS,
    _column_enums,
    field_label,
)
from register.audit.models import AuditEntry
from register.audit.verify import verify_chain
from register.auth.models import User, UserRole
from register.config import PROJECT_ROOT
from register.db import Base
from register.extensions import db
from tests.agreements.conftest import build, people, reg  # noqa: F401  (fixtures)

# `record_event(session, "x", ...)`, `set_audit_action(session, obj, "x")`, `_event(user, "x")`,
# and module constants naming an action (FAILED = "second_factor_failed").
_LITERAL_ACTIONS = [
    re.compile(r'record_event\(\s*[\w.]+,\s*"([a-z_]+)"'),
    re.compile(r'set_audit_action\(\s*[\w.]+,\s*\w+,\s*"([a-z_]+)"'),
    re.compile(r'_transition\(\s*session,\s*agreement,\s*"([a-z_]+)"'),
    re.compile(r'_event\(user,\s*"([a-z_]+)"'),
    re.compile(r'^(?:FAILED|REQUESTED) = "([a-z_]+)"', re.MULTILINE),
]


def _recorded_actions() -> set[str]:
    found: set[str] = set()
    for path in (PROJECT_ROOT / "register").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for pattern in _LITERAL_ACTIONS:
            found.update(pattern.findall(text))
    return found


def test_every_recorded_action_has_a_distinct_label():
    recorded = _recorded_actions()
    assert {"login", "supersede", "sign", "second_factor_failed", "decide"} <= recorded
    assert recorded - ACTION_LABELS.keys() == set()
    labels = [str(label) for label in ACTION_LABELS.values()]
    assert len(labels) == len(set(labels)), "two actions share a label: the filter is ambiguous"


def test_every_audited_table_and_enum_value_has_a_label(app):
    with app.app_context():
        audited = {
            m.class_.__tablename__
            for m in Base.registry.mappers
            if getattr(m.class_, "__audit__", False)
        }
        assert audited - ENTITY_LABELS.keys() == set()
        for mapper in Base.registry.mappers:
            if getattr(mapper.class_, "__audit__", False):
                table = mapper.class_.__tablename__
                unnamed = {a.key for a in mapper.column_attrs if field_label(table, a.key) == a.key}
                assert unnamed == set(), f"{table}: columns without a label"
        for (table, column), enum_class in _column_enums().items():
            labels = ENUM_LABELS.get(enum_class)
            assert labels is not None, f"{table}.{column}: no labels for {enum_class.__name__}"
            assert set(enum_class) <= set(labels), f"{enum_class.__name__}: a member is unlabelled"


@contextmanager
def count_queries() -> Iterator[list[str]]:
    statements: list[str] = []

    def listener(conn, cursor, statement, parameters, context, executemany) -> None:  # noqa: ANN001
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", listener)
    try:
        yield statements
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", listener)


def _rows(users: list[User], signature_id: int, activity_id: int, n: int) -> list[dict]:
    kinds = [
        ("update", "activity", str(activity_id)),
        ("sign", "agreement_signature", str(signature_id)),
        ("login", "user", str(users[0].id)),
        ("deactivate", "user", str(users[1].id)),
        ("export", "register", ""),
    ]
    rows = []
    for i in range(n):
        action, kind, entity_id = kinds[i % len(kinds)]
        actor = users[i % len(users)]
        rows.append(
            {
                "action": action,
                "entity_type": kind,
                "entity_id": entity_id,
                "actor_id": actor.id,
                "actor_email": actor.email,
                "summary": f"item {i}",
            }
        )
    return rows


def test_overview_names_actors_and_objects_with_a_constant_number_of_queries(
    app,
    client,
    auth,
    make_user,
    make_activity,
    build,  # noqa: F811
):
    agreement_id = build("signed")
    auditor = make_user(UserRole.AUDITOR, name="Ada Auditor")
    users = [make_user(UserRole.PRIVACY, name=f"Medewerker {n}") for n in range(7)]
    activity = make_activity(name="Leerlingvolgsysteem")
    with app.app_context():
        signature = db.session.scalars(
            sa.select(AgreementSignature).where(AgreementSignature.agreement_id == agreement_id)
        ).first()
        number = db.session.get(Agreement, agreement_id).number
        signature_id, signer = signature.id, signature.name
    auth.login_as(auditor)

    def page_queries(entries: int) -> tuple[int, str]:
        with app.app_context():
            db.session.execute(sa.delete(AuditEntry))  # a fresh trail of exactly `entries`
            append_entries(
                db.session.connection(), _rows(users, signature_id, activity.id, entries)
            )
            db.session.commit()
            with count_queries() as statements:
                response = client.get("/audit/")
            assert response.status_code == 200
            return len(statements), response.text

    few, _body = page_queries(5)
    many, body = page_queries(50)
    assert many == few, "a query per entry: names must be loaded in batches"
    assert f"Ondertekening {number} – {signer}" in body
    assert not re.search(r">[^<]*agreement_signature", body)  # no code shown as text
    assert "Verwerking Leerlingvolgsysteem" in body
    assert "Medewerker 3" in body and "Aangemeld" in body and "Gedeactiveerd" in body


def test_a_sign_in_names_who_signed_in(app, client, auth, make_user):
    person = make_user(UserRole.PRIVACY, name="Piet Privacy")
    auditor = make_user(UserRole.AUDITOR, name="Ada Auditor")
    auth.login_as(person)
    auth.logout()
    auth.login_as(auditor)
    with app.app_context():
        entry = db.session.scalars(
            sa.select(AuditEntry).where(
                AuditEntry.action == "login", AuditEntry.entity_id == str(person.id)
            )
        ).one()
        assert (entry.actor_id, entry.actor_email) == (person.id, person.email)
    body = client.get(f"/audit/?action=login&actor={person.id}").text
    row = body.split("<tbody>")[1]
    assert "Piet Privacy" in row and "anoniem" not in row
    # An entry written the old way (no actor) still names the person it is about.
    with app.app_context():
        append_entries(
            db.session.connection(),
            [
                {
                    "action": "login",
                    "actor_email": "anoniem",
                    "entity_type": "user",
                    "entity_id": str(person.id),
                    "summary": person.email,
                }
            ],
        )
        db.session.commit()
    row = client.get("/audit/?action=login&entity_type=user").text.split("<tbody>")[1]
    assert "anoniem" not in row


def test_detail_shows_status_changes_as_labels_in_dutch_and_english(
    app, client, auth, make_user, make_activity
):
    activity = make_activity(name="Roosterkoppeling")
    with app.app_context():
        row = db.session.get(Activity, activity.id)
        row.status = ActivityStatus.ACTIVE
        db.session.commit()
        entry_id = db.session.scalar(
            sa.select(sa.func.max(AuditEntry.id)).where(AuditEntry.entity_type == "activity")
        )
        stored = db.session.get(AuditEntry, entry_id).changes["status"]
    assert stored == ["draft", "active"]  # the codes stay as hashed
    auth.login_as(make_user(UserRole.AUDITOR))
    dutch = client.get(f"/audit/{entry_id}").text
    assert "Concept" in dutch and "Actief" in dutch and "Gewijzigd" in dutch
    assert '<th scope="row" data-label="Veld">Status</th>' in dutch
    assert ">status<" not in dutch and ">updated_at<" not in dutch
    assert ">draft<" not in dutch and ">active<" not in dutch
    client.post("/taal", data={"lang": "en"})
    english = client.get(f"/audit/{entry_id}?lang=en").text
    assert "Draft" in english and "Active" in english
    with app.app_context(), db.engine.connect() as connection:
        assert verify_chain(connection).ok


def test_filters_are_selects_of_labelled_kinds_and_actions(app, client, auth, make_user):
    auth.login_as(make_user(UserRole.AUDITOR))
    body = client.get("/audit/").text
    kinds = re.search(r'<select[^>]*name="entity_type".*?</select>', body, re.S)
    actions = re.search(r'<select[^>]*name="action".*?</select>', body, re.S)
    assert kinds and actions
    assert '<option value="agreement_signature">Ondertekening</option>' in kinds.group(0)
    assert '<option value="supersede">Vervangen</option>' in actions.group(0)
    response = client.get("/audit/?action=bestaat_niet")
    assert response.status_code == 200
    assert 'href="/audit/' not in response.text.split("<tbody>")[1]
