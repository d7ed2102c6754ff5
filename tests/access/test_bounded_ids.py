"""One bounded id: every int route part and every id query argument, asked with huge values.

Before register/ids.py, `/organisaties/<25 digits>` and a dozen other URLs reached the
database with a number SQLite cannot bind (`OverflowError`: a 500). Now every `<int:...>`
part matches only 0..2^31-1 (a larger number matches no route: 404) and every id read from
the query string goes through `parse_id` (a larger number is no filter).
"""

from __future__ import annotations

import pytest
from werkzeug.routing import Rule
from werkzeug.routing.converters import NumberConverter

from register.auth.access_matrix import routes
from register.auth.models import UserRole
from register.ids import MAX_ID, BoundedIdConverter, parse_id
from register.organisations.models import OrganisationKind
from tests.access.test_access_matrix import _client_for

HUGE = ["9" * 25, str(2**63), str(MAX_ID + 1)]
# Every query argument some feature reads as an id (grep `parse_id(`).
QUERY_IDS = ("product", "school", "organisatie", "gegeven", "grondslag", "actor", "voor", "na")


def _int_parts(rule: Rule) -> list[str]:
    return [n for n in rule.arguments if isinstance(rule._converters[n], NumberConverter)]


def _url(rule: Rule, huge: str) -> str:
    """The rule's URL with every int part `huge` (written in by hand: it is not a match)."""
    values: dict[str, object] = {}
    for name in rule.arguments:
        converter = rule._converters[name]
        if isinstance(converter, NumberConverter):
            values[name] = 1
        elif type(converter).__name__ == "AnyConverter":
            values[name] = sorted(converter.items)[0]
        else:
            values[name] = "onbekend"
    built = rule.build(values, append_unknown=False)
    assert built is not None
    url = built[1]
    # Replace each int part's "1" in the path by the huge number, segment by segment.
    segments = url.split("/")
    template = rule.rule.split("/")
    assert len(segments) == len(template), rule.rule
    for index, part in enumerate(template):
        if any(part == f"<int:{name}>" for name in _int_parts(rule)):
            segments[index] = huge
    return "/".join(segments)


@pytest.fixture
def clients(app, make_user, make_organisation):
    school = make_organisation(OrganisationKind.SCHOOL)
    return {
        "admin": _client_for(app, make_user(UserRole.ADMIN, signatory=True)),
        "contract-manager": _client_for(
            app, make_user(UserRole.CONTRACT_MANAGER, organisations=[school], signatory=True)
        ),
    }


def test_every_int_route_part_is_bounded(app):
    rules = [rule for rule in app.url_map.iter_rules() if _int_parts(rule)]
    assert len(rules) > 30  # the walk below covers the application, not a sample
    for rule in rules:
        for name in _int_parts(rule):
            assert isinstance(rule._converters[name], BoundedIdConverter), rule.rule


@pytest.mark.parametrize("huge", HUGE)
def test_huge_ids_in_the_path_are_404_never_500(app, clients, huge):
    failures = []
    asked = 0
    for rule, method in routes(app):
        if not _int_parts(rule):
            continue
        url = _url(rule, huge)
        for role, client in clients.items():
            status = client.open(url, method=method, data={}).status_code
            asked += 1
            if status != 404:
                failures.append(f"{method} {url} as {role}: {status}")
    assert asked > 100
    assert failures == []


def test_huge_id_query_arguments_are_ignored_never_500(app, clients):
    failures = []
    for rule, method in routes(app):
        if method != "GET" or rule.arguments:
            continue
        url = rule.rule
        for role, client in clients.items():
            for name in QUERY_IDS:
                for huge in HUGE[:1] + HUGE[2:]:
                    response = client.get(f"{url}?{name}={huge}")
                    if response.status_code >= 500:
                        failures.append(f"{url}?{name}={huge} as {role}: {response.status_code}")
    assert failures == []


def test_the_pages_named_in_the_issue_answer_404(app, clients):
    admin, manager = clients["admin"], clients["contract-manager"]
    huge = "1" * 25
    for path in (
        f"/organisaties/{huge}",
        f"/producten/{huge}",
        f"/overeenkomsten/{huge}",
        f"/audit/{huge}",
        f"/gebruikers/{huge}",
        f"/producten/licenties/{huge}/bewerken",
    ):
        assert admin.get(path).status_code == 404, path
    assert admin.post(f"/producten/licenties/{huge}/beeindigen").status_code == 404
    assert manager.get(f"/portaal/{huge}").status_code == 404
    # A query id beyond the bound is no filter: the page as without it.
    assert admin.get(f"/overeenkomsten/?product={huge}").status_code == 200
    assert admin.get(f"/overeenkomsten/nieuw?school={huge}").status_code == 200


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1", 1),
        ("  42 ", 42),
        (str(MAX_ID), MAX_ID),
        (str(MAX_ID + 1), None),
        ("9" * 25, None),
        ("-1", None),
        ("+1", None),
        ("1e3", None),
        ("١٢", None),  # Arabic-Indic digits: int() reads them, an id never has them
        ("", None),
        (None, None),
    ],
)
def test_parse_id(raw, expected):
    assert parse_id(raw) == expected
