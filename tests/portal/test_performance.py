"""The portal under load (issue 9): what a page view costs the database, and the kept drift.

The agreement page compares the agreement's stored fragments with the register's current
ones. Those are kept per process for the drift generation (`refresh_drift` moves it in
every transaction that changes register data the drift reads), so a repeated view reads no
register data, and a change of the register shows on the next view.
"""

from __future__ import annotations

import re

import sqlalchemy as sa

from register.agreements.drift import DriftGeneration, drift_changes, pending_drift
from register.extensions import db
from register.organisations.models import Organisation
from tests.agreements.conftest import load
from tests.agreements.test_drift import _change_register, count_queries


def _generation(app) -> int | None:
    with app.app_context():
        return db.session.scalar(sa.select(DriftGeneration.value))


def _views(app, client, url: str) -> list[str]:
    with app.app_context(), count_queries() as statements:
        response = client.get(url)
    assert response.status_code == 200
    return statements


def test_pending_drift_follows_every_register_change(app, client, auth, build, people, reg):
    agreement_id = build("awaiting")
    with app.app_context():
        _change_register(reg)
    first = _generation(app)
    assert first is not None  # the commit that changed the register counted itself
    auth.login_as(people["school"])
    url = f"/portaal/{agreement_id}"

    assert "Nieuwe Wolk B.V." in client.get(url).text
    again = _views(app, client, url)
    assert "Nieuwe Wolk B.V." in client.get(url).text
    # Kept: the second view reads no register data (activities, products) at all.
    assert not [s for s in again if "FROM activity" in s or "FROM product" in s]

    with app.app_context():
        newcomer = db.session.scalars(
            sa.select(Organisation).where(Organisation.name == "Nieuwe Wolk B.V.")
        ).one()
        newcomer.name = "Andere Wolk B.V."
        db.session.commit()
    assert _generation(app) == first + 1
    page = client.get(url).text
    assert "Andere Wolk B.V." in page
    assert "Nieuwe Wolk B.V." not in page

    # The same changes the bulk comparison (used for the e-mails) finds for it.
    with app.app_context():
        agreement = load(agreement_id)
        assert pending_drift(db.session, agreement) == drift_changes(
            db.session, (agreement.state,)
        ).get(agreement_id)


def test_an_uncommitted_register_change_is_not_kept(app, build, reg):
    agreement_id = build("awaiting")
    with app.app_context():
        _change_register(reg)
        agreement = load(agreement_id)
        before = pending_drift(db.session, agreement)
        newcomer = db.session.scalars(
            sa.select(Organisation).where(Organisation.name == "Nieuwe Wolk B.V.")
        ).one()
        newcomer.name = "Tijdelijke Wolk B.V."
        db.session.flush()
        during = pending_drift(db.session, agreement)
        assert "Tijdelijke Wolk B.V." in str(during)
        db.session.rollback()
        assert pending_drift(db.session, load(agreement_id)) == before


def test_portal_pages_read_a_fixed_number_of_rows(app, client, auth, build, people, reg):
    ids = [build("awaiting") for _ in range(3)]
    with app.app_context():
        _change_register(reg)
    auth.login_as(people["school"])
    detail, download = f"/portaal/{ids[0]}", f"/portaal/{ids[0]}/document/overeenkomst"
    for url in ("/portaal/", detail, download):
        client.get(url)  # the first view fills what a process keeps
    statements = {url: _views(app, client, url) for url in ("/portaal/", detail, download)}
    counts = {url: len(found) for url, found in statements.items()}
    # Each: one query for the user, their organisations and the second-factor check, then
    # the page's own:
    assert counts["/portaal/"] <= 4  # count, page, products
    # agreement with both parties, products and signatures, events, the documents and leaflets
    # together, the drift's fragments and generation (a snapshot once per process)
    assert counts[detail] <= 6
    # the agreement and its document together, the audit entry (lock, last, insert)
    assert counts[download] <= 5
    for found in statements.values():
        assert re.search(r"FROM \"?user\"? ", found[0]) and "JOIN organisation" in found[0]
        assert not [s for s in found[1:] if "FROM organisation" in s or "FROM passkey" in s]
    assert not [s for s in statements[detail] if "FROM agreement_snapshot" in s]
    # A list of more agreements costs no more queries.
    build("awaiting")
    assert len(_views(app, client, "/portaal/")) == counts["/portaal/"]


def test_the_described_changes_are_kept_for_each_language(app, client, auth, build, people, reg):
    agreement_id = build("awaiting")
    with app.app_context():
        _change_register(reg)
    auth.login_as(people["school"])
    url = f"/portaal/{agreement_id}"
    for language in ("nl", "en"):  # the first view in each language describes the changes
        client.post("/taal", data={"lang": language, "next": url})
        assert "Nieuwe Wolk B.V." in client.get(url).text
    for language, word in (("nl", "Subverwerkers"), ("en", "Sub-processors")):
        client.post("/taal", data={"lang": language, "next": url})
        statements = _views(app, client, url)
        # No old snapshot is read to describe the changes again.
        assert not [s for s in statements if "agreement_snapshot.sequence) IN" in s], language
        assert word in client.get(url).text
