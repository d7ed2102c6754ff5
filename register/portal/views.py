"""The school portal: a contract manager's own agreements, review, signing and downloads.

Every lookup goes through `load_agreement_for`, so another organisation's agreement,
document or leaflet is a 404 whatever the URL.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import joinedload, selectinload
from werkzeug.wrappers import Response

from register.agreements.drift import pending_drift, replacement_changes, require_drift_seen
from register.agreements.forms import ConfirmForm, ReasonForm, SignForm
from register.agreements.lifecycle import move_agreement, sign_agreement
from register.agreements.models import Agreement
from register.agreements.states import STATE_BADGES, AgreementState, Party
from register.agreements.views.screen import (
    Screen,
    add_download_routes,
    render_page,
    run_transition,
)
from register.auth.access import require
from register.auth.factors.session import require_recent_factor, signature_method
from register.auth.permissions import is_contract_manager
from register.db import current_session
from register.pagination import requested_page
from register.portal import bp
from register.portal.queries import load_agreement_for, portal_agreements, within_portal

LABELS: dict[str, Any] = {"state_labels": AgreementState.labels(), "state_badges": STATE_BADGES}


@bp.get("/")
@require(is_contract_manager)
def index() -> str:
    """The user's own organisations' agreements and their states."""
    statement = (
        portal_agreements(current_user)
        .options(joinedload(Agreement.school), selectinload(Agreement.products))
        .order_by(Agreement.id.desc())
    )
    page = requested_page(statement)
    return render_template("portal/index.html", page=page, **LABELS)


def _render(agreement: Agreement, status: int = 200, **forms: Any) -> Response:
    return render_page(
        "portal/detail.html",
        agreement,
        Party.CONTROLLER,
        status,
        forms,
        school_signed=agreement.signature_of(Party.CONTROLLER) is not None,
        replacement_changes=replacement_changes(current_session(), agreement),
        drift_changes=pending_drift(current_session(), agreement),
        **LABELS,
    )


@bp.get("/<int:agreement_id>")
@require(is_contract_manager)
def detail(agreement_id: int) -> Response:
    """One of the user's agreements: text, documents, state and what to do next (the page
    refreshes itself while the signed PDF is being prepared)."""
    return _render(_own_agreement(agreement_id))


def _acting(form: Any) -> dict[str, Any]:
    """Who acts, from where, on which version: what every school action records."""
    return {
        "user": current_user,
        "ip": request.remote_addr or "",
        "expected_version": form.submitted_version(),
    }


def _own_agreement(agreement_id: int) -> Agreement:
    return load_agreement_for(current_user, agreement_id)


def _act(agreement_id: int, form: Any, run: Callable[[Agreement, Any], Any], done: str) -> Any:
    screen = Screen(_own_agreement, _render, "portal.detail")
    return run_transition(screen, agreement_id, form, run, done)


@bp.post("/<int:agreement_id>/goedkeuren")
@require(is_contract_manager)
def approve(agreement_id: int) -> Response:
    """Approve the text of an agreement in review (confirmed)."""
    return _act(
        agreement_id,
        ConfirmForm(),
        lambda a, f: move_agreement(current_session(), a, "approve", **_acting(f)),
        _("U heeft de overeenkomst goedgekeurd. Zij kan nu worden ondertekend."),
    )


@bp.post("/<int:agreement_id>/afwijzen")
@require(is_contract_manager)
def reject(agreement_id: int) -> Response:
    """Reject an agreement in review, with a reason for the company."""
    return _act(
        agreement_id,
        ReasonForm(),
        lambda a, f: move_agreement(
            current_session(), a, "reject", reason=f.reason.data or "", **_acting(f)
        ),
        _("U heeft de overeenkomst afgewezen; de verwerker ontvangt uw reden."),
    )


@bp.post("/<int:agreement_id>/ondertekenen")
@require(is_contract_manager)
def sign(agreement_id: int) -> Response:
    """Sign for the school (authorised signatories only)."""
    # Issue 10: signing needs a second factor from the last five minutes (register/auth).
    if ask := require_recent_factor(url_for("portal.detail", agreement_id=agreement_id)):
        return ask
    return _act(
        agreement_id,
        SignForm(),
        _sign_for_school,
        _("U heeft de overeenkomst namens de school ondertekend."),
    )


def _sign_for_school(agreement: Agreement, form: SignForm) -> None:
    """Sign the agreement as sent, once the signer said they saw what changed since."""
    require_drift_seen(current_session(), agreement, bool(form.drift_seen.data))
    sign_agreement(
        current_session(),
        agreement,
        Party.CONTROLLER,
        form.signing(signature_method()),
        **_acting(form),
    )


# A download reads the agreement (within the portal's reach) and its document in one query.
add_download_routes(
    bp, lambda statement: within_portal(statement, current_user), is_contract_manager
)
