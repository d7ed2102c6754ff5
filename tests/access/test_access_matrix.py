"""Every URL, every method, every role: the answers match docs/access.md.

The document is the single statement of the access rules; this test reads it. An endpoint
without an access rule, without a documented row, or answering differently from its row
fails the suite. `python -m register.auth.access_report` prints the missing rows.
"""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa
from werkzeug.routing import Rule
from werkzeug.routing.converters import NumberConverter

from register.agreements.models import Agreement
from register.auth.access_matrix import COLUMNS, read_matrix, routes
from register.auth.models import User, UserRole
from register.auth.session import FACTOR_AT, SESSION_SEEN, SESSION_STARTED
from register.db import utcnow
from register.extensions import db
from register.organisations.models import OrganisationKind

MISSING_ID = 999999
PLACEHOLDER = "onbekend"


def _url(rule: Rule) -> str:
    """The rule's URL with every parameter filled by a value that matches nothing."""
    values = {}
    for name in rule.arguments:
        converter = type(rule._converters[name]).__name__
        if isinstance(rule._converters[name], NumberConverter):
            values[name] = MISSING_ID
        elif converter == "UUIDConverter":
            values[name] = uuid.UUID(int=MISSING_ID)
        elif converter == "AnyConverter":
            values[name] = sorted(rule._converters[name].items)[0]
        else:
            values[name] = PLACEHOLDER
    values.update(rule.defaults or {})
    built = rule.build(values, append_unknown=False)
    assert built is not None, f"cannot build a URL for {rule.endpoint}"
    return built[1]


@pytest.fixture
def role_users(app, make_user, make_organisation):
    """One user per matrix column (signatories where signing applies)."""
    own = make_organisation(OrganisationKind.SCHOOL)
    other = make_organisation(OrganisationKind.SCHOOL)
    return {
        "admin": make_user(UserRole.ADMIN, signatory=True),
        "privacy": make_user(UserRole.PRIVACY, signatory=True),
        "auditor": make_user(UserRole.AUDITOR),
        "cm_own": make_user(UserRole.CONTRACT_MANAGER, organisations=[own], signatory=True),
        "cm_other": make_user(UserRole.CONTRACT_MANAGER, organisations=[other], signatory=True),
    }


def _client_for(app, user):
    """A client with a fresh signed-in session (the token read again: sign-out rotates it)."""
    client = app.test_client()
    if user is None:
        return client
    with app.app_context():
        token = db.session.scalar(sa.select(User.session_token).where(User.id == user.id))
    now = utcnow().timestamp()
    with client.session_transaction() as session:
        session["_user_id"] = token
        session["_fresh"] = True
        session[SESSION_STARTED] = now
        session[SESSION_SEEN] = now
        session[FACTOR_AT] = now  # signed in with the second factor (issue 10)
    return client


def test_every_endpoint_declares_an_access_rule(app):
    missing = sorted(
        endpoint
        for endpoint, view in app.view_functions.items()
        if endpoint != "static" and not getattr(view, "access_rule", None)
    )
    assert missing == [], (
        "views without @require(...) or @public (put it below the route decorator)"
    )


def test_every_endpoint_and_method_is_documented(app):
    documented = read_matrix()
    actual = {(rule.endpoint, method) for rule, method in routes(app)}
    missing = sorted(actual - set(documented))
    stale = sorted(set(documented) - actual)
    assert missing == [], (
        "endpoints missing from docs/access.md; run `python -m register.auth.access_report`"
    )
    assert stale == [], "docs/access.md documents endpoints that do not exist"


def test_documented_rule_and_url_match_the_views(app):
    documented = read_matrix()
    wrong = []
    for rule, method in routes(app):
        row = documented.get((rule.endpoint, method))
        view_rule = getattr(app.view_functions[rule.endpoint], "access_rule", None)
        if row is not None and (row.rule != view_rule or row.url != rule.rule):
            wrong.append((rule.endpoint, method, row.rule, view_rule, row.url, rule.rule))
    assert wrong == []


def test_auditors_change_nothing():
    """Besides their own session and password, auditors may only read (and export)."""
    own_session = {
        "auth.login",
        "auth.logout",
        "auth.account",
        "auth.set_password",
        "auth.set_language",
        # Their own second factor (issue 10).
        "auth.second_factor",
        "auth.enrol",
        "auth.account_enrol",
        "auth.recovery_codes",
        "auth.confirm",
        "auth.forgot_password",
        # Their own passkeys (issue 10).
        "auth.passkey_add_options",
        "auth.passkey_add",
        "auth.passkey_remove",
        "auth.passkey_sign_in_options",
        "auth.passkey_sign_in",
        "auth.passkey_confirm_options",
        "auth.passkey_confirm",
    }
    writes = [
        row.key
        for row in read_matrix().values()
        if row.method in {"POST", "PUT", "PATCH", "DELETE"}
        and row.cells["auditor"] == "yes"
        and row.endpoint not in own_session
        and row.endpoint != "audit.start_check"  # queues a read-only check of the chain
        # Queue a PDF of what they may read (a job, issue 9); nothing in the register changes.
        and row.endpoint not in {"breaches.export_pdf", "subject_requests.letter"}
        and "can_export" not in row.rule
        and row.rule != "public"  # open to everyone: the public request form
    ]
    assert writes == []


def _check(status: int, location: str, expected: str, column: str) -> str | None:
    if status >= 500:
        return f"server error {status}"
    if column == "anonymous":
        if expected == "sign-in":
            if status == 401 or (status == 302 and "/aanmelden" in location):
                return None
            return f"expected a redirect to sign-in, got {status} {location}"
        return None if status != 403 else "public page answered 403"
    if expected == "yes":
        return None if status != 403 else "allowed role got 403"
    if expected == "no":
        return None if status == 403 else f"expected 403, got {status}"
    return None if status in {403, 404} else f"expected 404 (or 403), got {status}"


def test_answers_match_the_matrix(app, role_users):
    documented = read_matrix()
    failures = []
    for rule, method in routes(app):
        row = documented.get((rule.endpoint, method))
        if row is None:
            continue  # reported by test_every_endpoint_and_method_is_documented
        url = _url(rule)
        for column in COLUMNS:
            user = role_users.get(column)
            client = _client_for(app, user)
            response = client.open(url, method=method, data={})
            problem = _check(
                response.status_code,
                response.headers.get("Location", ""),
                row.cells[column],
                column,
            )
            if problem:
                failures.append(f"{method} {url} ({rule.endpoint}) as {column}: {problem}")
    assert failures == []


def test_every_404_cell_holds_for_a_real_object_of_another_school(app, build, people):
    """The matrix's 404 cells, asked about an existing agreement of another school.

    The matrix test above fills ids that match nothing, so a 404 there proves little; here
    every documented route with an `agreement_id` whose contract-manager cell says 404 is
    asked about a real, signed agreement (documents and leaflet stored) of someone else's
    school, while its own school's manager gets the page.
    """
    agreement_id = build("signed")
    with app.app_context():
        before = db.session.get(Agreement, agreement_id).version
    own, other = _client_for(app, people["school"]), _client_for(app, people["other"])
    checked = []
    for rule, method in routes(app):
        row = read_matrix().get((rule.endpoint, method))
        if row is None or "agreement_id" not in rule.arguments or row.cells["cm_other"] != "404":
            continue
        values = {"agreement_id": agreement_id, "index": 0, "kind": "ondertekend"}
        url = rule.build({k: v for k, v in values.items() if k in rule.arguments})[1]
        assert other.open(url, method=method, data={}).status_code == 404, url
        if method == "GET":
            assert own.open(url, method=method).status_code == 200, url
        checked.append(rule.endpoint)
    assert {"portal.detail", "portal.document", "portal.leaflet", "portal.sign"} <= set(checked)
    with app.app_context():
        assert db.session.get(Agreement, agreement_id).version == before
