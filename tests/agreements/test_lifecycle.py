"""The life cycle as plain functions: every transition from every state succeeds or raises."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from flask_babel import force_locale

from register.agreements.errors import (
    AgreementImmutable,
    AlreadySigned,
    ConfirmationMismatch,
    IncompleteInput,
    NotAuthorisedToSign,
    RemindedRecently,
    TransitionNotAllowed,
)
from register.agreements.models import Agreement, Signing
from register.agreements.states import FROZEN, TRANSITIONS, AgreementState, Party
from register.auth.models import User, UserRole
from register.organisations.models import Organisation, OrganisationKind

SCHOOL_ID = 7


def _school() -> Organisation:
    return Organisation(id=SCHOOL_ID, kind=OrganisationKind.SCHOOL, name="School")


def company_signer() -> User:
    return User(id=1, name="M. Bakker", role=UserRole.PRIVACY, is_signatory=True, email="m@x.nl")


def school_signer() -> User:
    user = User(
        id=2, name="J. de Vries", role=UserRole.CONTRACT_MANAGER, is_signatory=True, email="j@x.nl"
    )
    user.organisations = [_school()]
    return user


def agreement_in(state: AgreementState) -> Agreement:
    return Agreement(
        number="VO-2026-0001", state=state, school_id=SCHOOL_ID, sent_count=0, reject_reason=""
    )


def perform(agreement: Agreement, action: str) -> None:
    user, ip = company_signer(), "192.0.2.1"
    if action == "send":
        agreement.send(user, ip)
    elif action == "approve":
        agreement.approve(user, ip)
    elif action == "reject":
        agreement.reject(user, ip, "Artikel 5 klopt niet")
    elif action == "cancel":
        agreement.cancel(user, ip)
    elif action == "sign":
        agreement.sign(Party.PROCESSOR, user, ip, Signing("M. Bakker", "Directeur", "AKKOORD"))
    elif action == "upload_scan":
        agreement.complete_by_scan(user, ip)
    elif action == "terminate":
        agreement.terminate(user, ip, "Licentie beëindigd")
    elif action == "supersede":
        agreement.supersede(user, ip, agreement_in(AgreementState.SIGNED))
    elif action == "withdraw":
        agreement.withdraw(user, ip, "Verkeerde producten")
    elif action == "remind":
        agreement.remind(user, ip)


EXPECTED_TARGET = {
    "send": AgreementState.IN_REVIEW,
    "approve": AgreementState.AWAITING_SIGNATURE,
    "reject": AgreementState.DRAFT,
    "cancel": AgreementState.CANCELLED,
    "sign": AgreementState.AWAITING_SIGNATURE,  # one signature of two
    "upload_scan": AgreementState.SIGNED,
    "terminate": AgreementState.TERMINATED,
    "supersede": AgreementState.SUPERSEDED,
    "withdraw": AgreementState.WITHDRAWN,
    "remind": None,  # stays where it is
}


@pytest.mark.parametrize("state", list(AgreementState), ids=lambda s: s.value)
@pytest.mark.parametrize("action", list(TRANSITIONS))
def test_every_transition_from_every_state(action: str, state: AgreementState) -> None:
    agreement = agreement_in(state)
    allowed = state in TRANSITIONS[action][0]
    if allowed:
        perform(agreement, action)
        assert agreement.state is (EXPECTED_TARGET[action] or state)
        event = agreement.events[-1]
        assert (event.action, event.from_state, event.to_state) == (
            action,
            state,
            agreement.state,
        )
        assert event.user_name == "M. Bakker" and event.ip == "192.0.2.1"
    else:
        expected: Any = (
            AgreementImmutable
            if state in FROZEN and action not in ("terminate", "supersede")
            else TransitionNotAllowed
        )
        with pytest.raises(expected) as caught:
            perform(agreement, action)
        assert caught.value.message
        assert agreement.state is state
        assert agreement.events == []


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("nl", "Deze handeling kan niet: de overeenkomst heeft de status „Concept”."),
        ("en", "This action is not possible: the agreement has the status “Draft”."),
    ],
)
def test_a_refused_transition_names_the_state(app: Any, locale: str, expected: str) -> None:
    agreement = agreement_in(AgreementState.DRAFT)
    with app.test_request_context(), force_locale(locale):
        with pytest.raises(TransitionNotAllowed) as caught:
            perform(agreement, "approve")
        assert str(caught.value.message) == str(caught.value) == expected


def test_the_allowed_transitions_are_the_design() -> None:
    table = {action: {s.value for s in starts} for action, (starts, _) in TRANSITIONS.items()}
    assert table == {
        "send": {"draft"},
        "approve": {"in_review"},
        "reject": {"in_review"},
        "cancel": {"draft"},
        "sign": {"awaiting_signature"},
        "upload_scan": {"awaiting_signature"},
        "terminate": {"signed"},
        "supersede": {"signed", "in_review", "awaiting_signature"},
        "withdraw": {"in_review", "awaiting_signature"},
        "remind": {"in_review", "awaiting_signature"},
    }


def test_both_signatures_make_it_signed() -> None:
    agreement = agreement_in(AgreementState.AWAITING_SIGNATURE)
    agreement.sign(
        Party.CONTROLLER,
        school_signer(),
        "198.51.100.7",
        Signing("J. de Vries", "Voorzitter", "vo-2026-0001"),
    )
    assert agreement.state is AgreementState.AWAITING_SIGNATURE
    agreement.sign(
        Party.PROCESSOR, company_signer(), "192.0.2.1", Signing("M. Bakker", "Directeur", "akkoord")
    )
    assert agreement.state is AgreementState.SIGNED
    assert agreement.signed_at is not None
    school = agreement.signature_of(Party.CONTROLLER)
    assert school is not None and school.ip == "198.51.100.7"
    assert school.signed_at.tzinfo is not None
    assert agreement.events[-1].to_state is AgreementState.SIGNED


@pytest.mark.parametrize(
    ("party", "signer", "error"),
    [
        (Party.CONTROLLER, company_signer, NotAuthorisedToSign),
        (Party.PROCESSOR, school_signer, NotAuthorisedToSign),
    ],
)
def test_only_authorised_signatories_sign(party: Party, signer: Any, error: type) -> None:
    agreement = agreement_in(AgreementState.AWAITING_SIGNATURE)
    with pytest.raises(error):
        agreement.sign(party, signer(), "", Signing("X", "Y", "AKKOORD"))
    assert agreement.signatures == []


def test_a_school_signatory_of_another_school_cannot_sign() -> None:
    user = school_signer()
    user.organisations = [Organisation(id=99, kind=OrganisationKind.SCHOOL, name="Ander")]
    with pytest.raises(NotAuthorisedToSign):
        agreement_in(AgreementState.AWAITING_SIGNATURE).sign(
            Party.CONTROLLER, user, "", Signing("X", "Y", "AKKOORD")
        )


def test_a_party_signs_once_and_must_type_the_confirmation() -> None:
    agreement = agreement_in(AgreementState.AWAITING_SIGNATURE)
    with pytest.raises(ConfirmationMismatch):
        agreement.sign(Party.PROCESSOR, company_signer(), "", Signing("M", "D", "ja hoor"))
    agreement.sign(Party.PROCESSOR, company_signer(), "", Signing("M", "D", "AKKOORD"))
    with pytest.raises(AlreadySigned):
        agreement.sign(Party.PROCESSOR, company_signer(), "", Signing("M", "D", "AKKOORD"))
    assert len(agreement.signatures) == 1


def test_reject_needs_a_reason() -> None:
    agreement = agreement_in(AgreementState.IN_REVIEW)
    with pytest.raises(IncompleteInput):
        agreement.reject(school_signer(), "", "   ")
    assert agreement.state is AgreementState.IN_REVIEW


def test_terminate_needs_a_reason() -> None:
    agreement = agreement_in(AgreementState.SIGNED)
    with pytest.raises(IncompleteInput, match="reden voor de beëindiging"):
        agreement.terminate(company_signer(), "", "  ")
    assert agreement.state is AgreementState.SIGNED


def test_withdraw_needs_a_reason_and_keeps_it() -> None:
    agreement = agreement_in(AgreementState.AWAITING_SIGNATURE)
    with pytest.raises(IncompleteInput):
        agreement.withdraw(company_signer(), "", "  ")
    assert agreement.state is AgreementState.AWAITING_SIGNATURE
    agreement.withdraw(company_signer(), "", " Verkeerde producten ")
    assert agreement.withdrawal_reason == "Verkeerde producten"
    assert agreement.withdrawn_at is not None
    assert agreement.events[-1].reason == "Verkeerde producten"


def test_a_reminder_waits_an_hour_after_the_last() -> None:
    agreement = agreement_in(AgreementState.IN_REVIEW)
    start = dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.UTC)
    agreement.remind(company_signer(), "", start)
    with pytest.raises(RemindedRecently) as caught:
        agreement.remind(company_signer(), "", start + dt.timedelta(minutes=59))
    assert "afgelopen uur" in str(caught.value.message)
    agreement.remind(company_signer(), "", start + dt.timedelta(hours=1))
    assert [e.action for e in agreement.events] == ["remind", "remind"]
    assert all(e.to_state is AgreementState.IN_REVIEW for e in agreement.events)


@pytest.mark.parametrize("state", sorted(FROZEN, key=lambda s: s.value), ids=lambda s: s.value)
def test_frozen_agreements_are_not_editable(state: AgreementState) -> None:
    with pytest.raises(AgreementImmutable):
        agreement_in(state).ensure_editable()
