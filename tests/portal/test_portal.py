"""The school portal over HTTP: own agreements only, review, signing, downloads."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json

import sqlalchemy as sa
from pypdf import PdfReader

from register.activities.models import Activity, DpiaStatus
from register.agreements.documents.storage import AgreementDocument, DocumentKind
from register.agreements.states import AgreementState, Party
from register.audit.models import AuditEntry
from register.extensions import db
from register.organisations.models import Organisation
from tests.agreements.conftest import load


def _version(app, agreement_id: int) -> int:
    with app.app_context():
        return load(agreement_id).version


def test_a_contract_manager_sees_only_own_sent_agreements(app, client, auth, build, people, reg):
    draft = build("draft")
    mine = build("in_review")
    theirs = build("in_review", school_id=reg.other_school_id)
    auth.login_as(people["reviewer"])
    page = client.get("/portaal/").text
    with app.app_context():
        numbers = {i: load(i).number for i in (draft, mine, theirs)}
    assert numbers[mine] in page
    assert numbers[draft] not in page and numbers[theirs] not in page
    assert client.get(f"/portaal/{draft}").status_code == 404


OTHER_URLS = [
    ("get", "/portaal/{id}"),
    ("get", "/portaal/{id}/document/overeenkomst"),
    ("get", "/portaal/{id}/document/ondertekend"),
    ("get", "/portaal/{id}/document/scan"),
    ("get", "/portaal/{id}/document/VO-2026-0002.pdf"),
    ("get", "/portaal/{id}/document/..%2F..%2Foverzicht"),
    ("get", "/portaal/{id}/bijsluiter/0"),
    ("get", "/portaal/{id}/bijsluiter/7"),
    ("get", "/portaal/{id}?school={other}"),
    ("post", "/portaal/{id}/goedkeuren"),
    ("post", "/portaal/{id}/afwijzen"),
    ("post", "/portaal/{id}/ondertekenen"),
]


def test_another_schools_agreement_document_and_leaflet_are_404(
    app, client, auth, build, people, reg
):
    # One agreement of the other school (rendered once) serves every URL below.
    theirs = build("in_review", school_id=reg.other_school_id)
    auth.login_as(people["school"])
    for method, url in OTHER_URLS:
        target = url.format(id=theirs, other=reg.other_school_id)
        response = getattr(client, method)(
            target, data={"version": "1", "reason": "x", "confirmation": "AKKOORD"}
        )
        assert response.status_code == 404, target
        assert "Niet gevonden" in response.text, target
    with app.app_context():
        assert load(theirs).state is AgreementState.IN_REVIEW
    # The staff URLs are no way around it: contract managers may not use them at all.
    assert client.get(f"/overeenkomsten/{theirs}/document/overeenkomst").status_code == 403
    # And the agreement's own school sees it.
    auth.logout()
    auth.login_as(people["other"])
    assert client.get(f"/portaal/{theirs}").status_code == 200
    assert client.get(f"/portaal/{theirs}/document/overeenkomst").status_code == 200


def test_review_reject_needs_a_reason_then_approve(app, client, auth, build, people):
    agreement_id = build("in_review")
    auth.login_as(people["reviewer"])
    version = _version(app, agreement_id)
    empty = client.post(
        f"/portaal/{agreement_id}/afwijzen", data={"version": version, "reason": " "}
    )
    assert empty.status_code == 400 and "Geef een reden." in empty.text
    # A NUL (which PostgreSQL refuses in text) is refused at its field, like in every form.
    nul = client.post(
        f"/portaal/{agreement_id}/afwijzen",
        data={"version": version, "reason": "De\x00termijn", "confirmed": "y"},
    )
    assert nul.status_code == 400 and "Dit veld bevat ongeldige tekens." in nul.text
    with app.app_context():
        assert load(agreement_id).state is AgreementState.IN_REVIEW
    rejected = client.post(
        f"/portaal/{agreement_id}/afwijzen",
        data={"version": version, "reason": "De bewaartermijn klopt niet", "confirmed": "y"},
        follow_redirects=True,
    )
    assert "U heeft de overeenkomst afgewezen" in rejected.text
    with app.app_context():
        agreement = load(agreement_id)
        assert agreement.state is AgreementState.DRAFT
        assert agreement.reject_reason == "De bewaartermijn klopt niet"
    # Still visible to the school (it was sent once), with the reason.
    assert "De bewaartermijn klopt niet" in client.get(f"/portaal/{agreement_id}").text


def _sign(client, app, agreement_id, name, function, confirmation, **options):
    """Post the portal's sign form for the agreement at its current version."""
    return client.post(
        f"/portaal/{agreement_id}/ondertekenen",
        data={
            "version": _version(app, agreement_id),
            "name": name,
            "function": function,
            "confirmation": confirmation,
        },
        **options,
    )


def test_approve_and_sign_for_the_school(app, client, auth, build, people):
    agreement_id = build("in_review")
    auth.login_as(people["reviewer"])
    client.post(
        f"/portaal/{agreement_id}/goedkeuren",
        data={"version": _version(app, agreement_id), "confirmed": "y"},
    )
    with app.app_context():
        assert load(agreement_id).state is AgreementState.AWAITING_SIGNATURE
    # A reviewer without signing authority: the form is not offered, a POST is refused.
    page = client.get(f"/portaal/{agreement_id}").text
    assert "Alleen een tekenbevoegde" in page
    refused = _sign(client, app, agreement_id, "R", "F", "AKKOORD", follow_redirects=True)
    assert "U bent niet tekenbevoegd" in refused.text
    auth.logout()
    auth.login_as(people["school"])
    wrong = _sign(client, app, agreement_id, "Jan de Vries", "Bestuurder", "ok")
    assert wrong.status_code == 400
    assert "Typ het nummer van de overeenkomst of AKKOORD" in wrong.text
    assert 'value="Jan de Vries"' in wrong.text
    # A NUL in the signatory's name (PostgreSQL refuses it) is refused at its field.
    nul = _sign(client, app, agreement_id, "Jan\x00de Vries", "Bestuurder", "AKKOORD")
    assert nul.status_code == 400 and "Dit veld bevat ongeldige tekens." in nul.text
    with app.app_context():
        assert load(agreement_id).signature_of(Party.CONTROLLER) is None
    signed = _sign(
        client, app, agreement_id, "Jan de Vries", "Bestuurder", "akkoord", follow_redirects=True
    )
    assert "namens de school ondertekend" in signed.text
    with app.app_context():
        agreement = load(agreement_id)
        signature = agreement.signature_of(Party.CONTROLLER)
        assert signature is not None and signature.ip == "127.0.0.1"
        assert agreement.state is AgreementState.AWAITING_SIGNATURE


def test_leaflet_and_signed_pdf_downloads(app, client, auth, build, people):
    agreement_id = build("signed")
    auth.login_as(people["reviewer"])
    signed = client.get(f"/portaal/{agreement_id}/document/ondertekend")
    assert signed.status_code == 200
    with app.app_context():
        assert hashlib.sha256(signed.data).hexdigest() == load(agreement_id).signed_document_sha256
    last = PdfReader(io.BytesIO(signed.data)).pages[-1].extract_text()
    assert "Ondertekeningsblad" in last
    leaflet = client.get(f"/portaal/{agreement_id}/bijsluiter/0")
    assert leaflet.status_code == 200 and leaflet.headers["Cache-Control"] == "no-store"
    assert "privacybijsluiter-DOENIN.pdf" in leaflet.headers["Content-Disposition"]
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(leaflet.data)).pages)
    assert "Privacybijsluiter" in text and "DOENIN" in text and "Wolkendienst" in text
    assert client.get(f"/portaal/{agreement_id}/bijsluiter/1").status_code == 404


def test_leaflets_are_stored_when_sent_and_served_byte_for_byte(
    app, client, auth, build, people, reg
):
    agreement_id = build("in_review")
    auth.login_as(people["reviewer"])
    first = client.get(f"/portaal/{agreement_id}/bijsluiter/0")
    assert first.status_code == 200
    # A register change after sending changes neither the snapshot nor the leaflet.
    with app.app_context():
        db.session.get(Organisation, reg.subprocessor_id).name = "Andere Wolk B.V."
        db.session.commit()
    second = client.get(f"/portaal/{agreement_id}/bijsluiter/0")
    assert second.data == first.data
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(second.data)).pages)
    assert "Wolkendienst" in text and "Andere Wolk" not in text
    with app.app_context():
        agreement = load(agreement_id)
        [stored] = db.session.scalars(
            sa.select(AgreementDocument).where(
                AgreementDocument.agreement_id == agreement_id,
                AgreementDocument.kind == DocumentKind.LEAFLET,
            )
        ).all()
        assert (stored.product_code, stored.sequence) == ("DOENIN", agreement.sent_count)
        assert stored.sha256 == hashlib.sha256(first.data).hexdigest()
        downloads = db.session.scalars(
            sa.select(AuditEntry.summary).where(AuditEntry.action == "download")
        ).all()
        assert downloads == [f"{stored.filename} (sha256 {stored.sha256[:16]}…)"] * 2
    # The agreement page lists the leaflet with its SHA-256, like the other documents.
    assert stored.sha256 in client.get(f"/portaal/{agreement_id}").text


INTERNAL_VALUES = {
    "owner": "Olga Eigenaar-Intern",
    "department": "Afdeling Geheimzaken",
    "dpia_status": DpiaStatus.IN_PROGRESS,
    "dpia_link": "https://intranet.example/dpia-4711",
    "automated_decision_logic": "Interne scorelogica XYZ",
    "review_date": dt.date(2031, 7, 19),
}


def test_the_data_attached_to_an_agreement_holds_no_internal_fields(
    app, client, auth, build, people
):
    with app.app_context():
        activity = db.session.scalars(sa.select(Activity)).one()
        for name, value in INTERNAL_VALUES.items():
            setattr(activity, name, value)
        activity.dpia_required = True
        activity.purposes[0].lia_link = "https://intranet.example/lia-0815"
        activity.purposes[0].legitimate_interest = ""
        db.session.commit()
        activity_id = activity.id
    agreement_id = build("in_review")
    auth.login_as(people["reviewer"])
    download = client.get(f"/portaal/{agreement_id}/document/overeenkomst")
    assert download.status_code == 200
    attachments = PdfReader(io.BytesIO(download.data)).attachments
    [(name, [raw])] = attachments.items()
    assert name.endswith("-registergegevens.json")
    text = raw.decode()
    for value in [*INTERNAL_VALUES.values(), "lia-0815", "2031-07-19", "in_progress"]:
        assert str(value) not in text, value
    [record] = json.loads(raw)["products"][0]["activities"]
    internal = {"id", "status", "owner", "department", "dpia", "review_date"}
    assert not internal & set(record), internal & set(record)
    assert "automated_decision_logic" not in record and "lia_link" not in record["purposes"][0]
    assert record["name"] == "DOENIN voor scholen"  # what the texts are made from stays
    assert record["subprocessors"][0]["name"] == "Wolkendienst B.V."
    assert f'"id":{activity_id}' not in text


def _section(html: str, start: str, end: str) -> str:
    return html[html.index(start) : html.index(end, html.index(start))]


def test_review_keeps_the_reason_with_rejecting_and_hashes_folded_away(
    app, client, auth, build, people
):
    agreement_id = build("in_review")
    auth.login_as(people["reviewer"])
    page = client.get(f"/portaal/{agreement_id}").text
    approve = _section(page, 'class="inline approve"', "</form>")
    assert "Goedkeuren" in approve and 'name="reason"' not in approve
    reject = _section(page, '<details class="reject"', "</details>")
    assert "Afwijzen, met een reden" in reject and 'name="reason"' in reject
    # Every SHA-256 sits in a folded "Technische gegevens" element, none up front.
    for hash_at in [i for i in range(len(page)) if page.startswith("SHA-256", i)]:
        opened = page.rfind('<details class="technical">', 0, hash_at)
        assert opened != -1 and page.rfind("</details>", 0, hash_at) < opened
    # A reason left empty opens the folded form with its message.
    refused = client.post(
        f"/portaal/{agreement_id}/afwijzen",
        data={"version": _version(app, agreement_id), "reason": ""},
    ).text
    assert '<details class="reject" open>' in refused


def test_a_replacement_says_what_it_replaces_and_what_changed(client, auth, build, replace, people):
    new_id, old_number = replace(build("signed"))
    auth.login_as(people["reviewer"])
    page = client.get(f"/portaal/{new_id}").text
    replaces = _section(page, 'class="replaces"', "</dd>")
    assert old_number in replaces
    assert "gewijzigd: Bewaartermijnen (DOENIN)" in replaces
