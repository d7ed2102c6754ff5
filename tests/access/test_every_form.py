"""Every form of the demo register, each of its text fields given characters the database or
an export cannot take: a message, never a 500.

The demo is loaded, the forms are found by following links as an administrator (as a
person would), and each text field of each form is posted with a NUL and with U+FFFF in
turn, the other fields as the page proposed them. PostgreSQL refuses a NUL in text; XML (and
so the XLSX export) cannot hold U+FFFF. Before December 2026 the repeated rows of the
activity form, a create form's hidden token and the passkey name let a NUL through (500s on
PostgreSQL), and every text field stored U+FFFF, after which the register's XLSX export
failed for everyone. The suite runs this on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import lxml.html
import pytest
import sqlalchemy as sa

from register.auth.models import User
from register.demo.accounts import ACCOUNTS
from register.demo.services import load_demo
from register.exchange.exporting.services import ExportCommand, export_register
from register.extensions import db
from tests.access.test_access_matrix import _client_for

ADMIN = next(account.email for account in ACCOUNTS if account.email.startswith("beheerder"))
ODD = ("Een\x00waarde", "Een\uffffwaarde")
# Not followed: signing out, the language switch, files, and pages that only differ by id.
SKIPPED = re.compile(r"^/(afmelden|static/|taal)|\.(pdf|xlsx|csv|json|zip)$|/document/")
PAGES_PER_SHAPE = 2
MAX_PAGES = 250
# Written without a change being made: the audit trail records refusals, and showing the
# page that sets up an authenticator app makes a fresh, unconfirmed secret.
UNCHANGED_ASIDE = {"audit_entry", "totp_factor"}


def _shape(path: str) -> str:
    return re.sub(r"\d+", "N", path)


def _fields(form: lxml.html.FormElement) -> tuple[dict[str, str], list[str]]:
    """What the page proposes for each field, and the names of its text fields."""
    values: dict[str, str] = {}
    texts: list[str] = []
    for element in form.xpath(".//input[@name]|.//textarea[@name]|.//select[@name]"):
        name, kind = element.get("name"), (element.get("type") or "text").lower()
        if element.tag == "select":
            options = element.xpath(".//option")
            chosen = [o for o in options if o.get("selected") is not None] or options[:1]
            values[name] = chosen[0].get("value", "") if chosen else ""
        elif kind in ("checkbox", "radio"):
            if element.get("checked") is not None:
                values[name] = element.get("value", "y")
        elif kind not in ("submit", "button", "file", "hidden"):
            values[name] = element.text or "" if element.tag == "textarea" else element.value
            texts.append(name)
        elif kind == "hidden":
            values[name] = element.get("value", "")
    return values, texts


def _forms(client) -> dict[str, tuple[str, str]]:
    """Every POST form reachable by links: by the shape of its action, (page, action)."""
    queue, seen, shapes, forms = ["/"], set(), {}, {}
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code in (301, 302, 303):
            queue.append(urlsplit(urljoin(url, response.location)).path)
            continue
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        page = lxml.html.fromstring(response.data)
        for link in page.xpath("//a[@href]"):
            target = urlsplit(urljoin(url, link.get("href")))
            shape = _shape(target.path)
            if target.netloc or SKIPPED.search(target.path):
                continue
            if shapes.get(shape, 0) < PAGES_PER_SHAPE and target.path not in seen:
                shapes[shape] = shapes.get(shape, 0) + 1
                queue.append(target.path + (f"?{target.query}" if target.query else ""))
        for form in page.xpath("//form[@method='post']"):
            action = urljoin(url, form.get("action") or url)
            if not SKIPPED.search(urlsplit(action).path):
                forms.setdefault(_shape(urlsplit(action).path), (url, action))
    return forms


@pytest.fixture
def demo(app):
    with app.app_context():
        load_demo(db.session)
        db.session.commit()
        return db.session.scalars(sa.select(User).where(User.email == ADMIN)).one()


def _contents(app) -> dict[str, list[str]]:
    """Every row of every table (the audit trail aside), to show nothing was written."""
    with app.app_context():
        return {
            table.name: sorted(repr(tuple(row)) for row in db.session.execute(table.select()))
            for table in db.metadata.sorted_tables
            if table.name not in UNCHANGED_ASIDE
        }


def test_no_text_field_of_any_form_fails_on_characters_the_database_or_xml_refuses(app, demo):
    client = _client_for(app, demo)
    forms = _forms(client)
    before = _contents(app)
    assert len(forms) >= 30, sorted(forms)  # the crawl reached the register's forms
    failures, posted = [], 0
    for page_url, action in forms.values():
        page = lxml.html.fromstring(client.get(page_url).data)
        form = next(
            f for f in page.xpath("//form[@method='post']")
            if urljoin(page_url, f.get("action") or page_url) == action
        )  # fmt: skip
        proposed, texts = _fields(form)
        for name in texts:
            for odd in ODD:
                response = client.post(action, data={**proposed, name: odd})
                posted += 1
                if response.status_code >= 500:
                    failures.append((action, name, repr(odd)))
    assert posted >= 100
    assert failures == []
    after = _contents(app)
    assert [name for name in before if before[name] != after[name]] == []  # all refused
    with app.app_context():  # nothing that was stored stops the register's export
        assert export_register(db.session, ExportCommand("xlsx")).data.startswith(b"PK")
