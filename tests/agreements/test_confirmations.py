"""Binding and destructive actions need a confirmation; without JavaScript the server
refuses a post that does not carry the "Ik bevestig" tick."""

from __future__ import annotations

import pytest

from register.agreements.states import AgreementState
from tests.agreements.conftest import load


def _version(app, agreement_id: int) -> int:
    with app.app_context():
        return load(agreement_id).version


@pytest.mark.parametrize(
    ("until", "who", "url", "data", "state"),
    [
        ("draft", "privacy", "/overeenkomsten/{id}/annuleren", {}, AgreementState.CANCELLED),
        (
            "in_review",
            "reviewer",
            "/portaal/{id}/goedkeuren",
            {},
            AgreementState.AWAITING_SIGNATURE,
        ),
        (
            "in_review",
            "reviewer",
            "/portaal/{id}/afwijzen",
            {"reason": "Klopt niet"},
            AgreementState.DRAFT,
        ),
        (
            "in_review",
            "privacy",
            "/overeenkomsten/{id}/intrekken",
            {"reason": "Fout"},
            AgreementState.WITHDRAWN,
        ),
        (
            "signed",
            "privacy",
            "/overeenkomsten/{id}/beeindigen",
            {"reason": "Einde"},
            AgreementState.TERMINATED,
        ),
    ],
)
def test_an_unconfirmed_post_is_refused_and_a_confirmed_one_done(
    app, client, auth, build, people, until, who, url, data, state
):
    agreement_id = build(until)
    auth.login_as(people[who])
    before = load_state(app, agreement_id)
    path = url.format(id=agreement_id)

    refused = client.post(path, data={"version": _version(app, agreement_id), **data})
    assert refused.status_code == 400
    assert "Bevestig eerst dat u dit wilt" in refused.text
    assert load_state(app, agreement_id) is before

    done = client.post(
        path, data={"version": _version(app, agreement_id), "confirmed": "y", **data}
    )
    assert done.status_code == 302
    assert load_state(app, agreement_id) is state


def load_state(app, agreement_id: int) -> AgreementState:
    with app.app_context():
        return load(agreement_id).state


def test_the_page_asks_in_a_dialog_and_offers_the_tick(app, client, auth, build, people):
    agreement_id = build("draft")
    auth.login_as(people["privacy"])
    page = client.get(f"/overeenkomsten/{agreement_id}").text
    cancel = page[page.index(f'action="/overeenkomsten/{agreement_id}/annuleren"') :]
    cancel = cancel[: cancel.index("</form>")]
    assert "data-confirm=" in cancel and 'name="confirmed"' in cancel
