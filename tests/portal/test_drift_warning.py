"""The school is warned before it signs data that changed since the agreement was sent:
a notice on the portal page and in the signing step; signing this version needs a tick."""

from __future__ import annotations

from register.agreements.states import AgreementState, Party
from tests.agreements.conftest import load
from tests.agreements.test_drift import _change_register


def _version(app, agreement_id: int) -> int:
    with app.app_context():
        return load(agreement_id).version


def _sign(client, app, agreement_id: int, **extra: str):
    data = {
        "version": _version(app, agreement_id),
        "name": "Jan de Vries",
        "function": "Bestuurder",
        "confirmation": "AKKOORD",
        **extra,
    }
    return client.post(f"/portaal/{agreement_id}/ondertekenen", data=data)


def test_unchanged_data_shows_no_warning(app, client, auth, build, people):
    agreement_id = build("awaiting")
    auth.login_as(people["school"])
    assert "zijn gewijzigd" not in client.get(f"/portaal/{agreement_id}").text
    assert _sign(client, app, agreement_id).status_code == 302
    with app.app_context():
        assert load(agreement_id).signature_of(Party.CONTROLLER) is not None


def test_signing_changed_data_needs_the_tick(app, client, auth, build, people, reg):
    agreement_id = build("awaiting")
    with app.app_context():
        _change_register(reg)
    auth.login_as(people["school"])

    page = client.get(f"/portaal/{agreement_id}").text
    assert "Let op: de gegevens in deze overeenkomst zijn gewijzigd" in page
    assert "Nieuwe Wolk B.V." in page  # what changed, named
    assert 'name="drift_seen"' in page

    refused = _sign(client, app, agreement_id)
    assert refused.status_code == 400
    assert "Vink aan dat u de wijzigingen heeft gezien" in refused.text
    with app.app_context():
        assert load(agreement_id).signature_of(Party.CONTROLLER) is None

    assert _sign(client, app, agreement_id, drift_seen="y").status_code == 302
    with app.app_context():
        agreement = load(agreement_id)
        assert agreement.signature_of(Party.CONTROLLER) is not None
        assert agreement.state is AgreementState.AWAITING_SIGNATURE
