"""Staff transitions on one agreement: send, cancel, terminate, withdraw, remind, replace,
sign, queue the signed PDF again and upload a signed scan, each through
`screen.run_transition`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import (
    flash,
    redirect,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.wrappers import Response

from register.agreements import bp
from register.agreements.documents.storage import MAX_SCAN_BYTES
from register.agreements.errors import StaleAgreement
from register.agreements.forms import ActionForm, ConfirmForm, ReasonForm, ScanForm, SignForm
from register.agreements.lifecycle import (
    delete_draft,
    move_agreement,
    remind_school,
    sign_agreement,
    supersede,
    upload_scan,
)
from register.agreements.models import Agreement
from register.agreements.sending import queue_send
from register.agreements.signed_pdf import retry_signed_pdf
from register.agreements.states import AgreementState, Party
from register.agreements.views.screen import (
    STAFF,
    client_ip,
    load_agreement,
    refusal,
    render_detail,
    run_transition,
    to_detail,
)
from register.auth.access import require
from register.auth.factors.session import require_recent_factor, signature_method
from register.auth.permissions import (
    can_manage_agreements,
    can_sign_for_company,
)
from register.db import current_session
from register.errors import DomainError
from register.extensions import db


def _transition(
    agreement_id: int, form: Any, run: Callable[[Agreement, Any], Any], done: str
) -> Response | Any:
    return run_transition(STAFF, agreement_id, form, run, done)


@bp.post("/<int:agreement_id>/verzenden")
@require(can_manage_agreements)
def send(agreement_id: int) -> Response:
    """Queue the send: a worker freezes the data, renders the PDF once and sends it."""
    return _transition(
        agreement_id,
        ActionForm(),
        lambda a, f: queue_send(
            current_session(),
            a,
            user=current_user,
            ip=client_ip(),
            expected_version=f.submitted_version(),
        ),
        _("De overeenkomst wordt opgemaakt en verzonden; deze pagina toont de voortgang."),
    )


@bp.post("/<int:agreement_id>/annuleren")
@require(can_manage_agreements)
def cancel(agreement_id: int) -> Response:
    """Cancel a draft (confirmed)."""
    return _transition(
        agreement_id,
        ConfirmForm(),
        lambda a, f: move_agreement(
            current_session(),
            a,
            "cancel",
            user=current_user,
            ip=client_ip(),
            expected_version=f.submitted_version(),
        ),
        _("Het concept is geannuleerd."),
    )


@bp.post("/<int:agreement_id>/verwijderen")
@require(can_manage_agreements)
def delete(agreement_id: int) -> Response | Any:
    """Delete a draft never sent (confirmed); whatever the school has seen stays."""
    agreement = load_agreement(agreement_id)
    number = agreement.number
    form = ConfirmForm()
    if not form.validate_on_submit():
        return render_detail(agreement, 400, confirm_form=form)
    try:
        delete_draft(current_session(), agreement, form.submitted_version())
        db.session.commit()
    except (DomainError, StaleDataError) as error:
        db.session.rollback()
        flash(refusal(error), "error")
        return to_detail(agreement_id)
    flash(_("Concept %(number)s is verwijderd.", number=number), "success")
    return redirect(url_for("agreements.index"))


@bp.post("/<int:agreement_id>/beeindigen")
@require(can_manage_agreements)
def terminate(agreement_id: int) -> Response:
    """Terminate a signed agreement, with a reason."""
    return _transition(
        agreement_id,
        ReasonForm(),
        lambda a, f: move_agreement(
            current_session(),
            a,
            "terminate",
            user=current_user,
            ip=client_ip(),
            reason=f.reason.data or "",
            expected_version=f.submitted_version(),
        ),
        _("De overeenkomst is beëindigd."),
    )


@bp.post("/<int:agreement_id>/intrekken")
@require(can_manage_agreements)
def withdraw(agreement_id: int) -> Response:
    """Withdraw an agreement that waits for the school, with a reason the school is told."""
    return _transition(
        agreement_id,
        ReasonForm(),
        lambda a, f: move_agreement(
            current_session(),
            a,
            "withdraw",
            user=current_user,
            ip=client_ip(),
            reason=f.reason.data or "",
            expected_version=f.submitted_version(),
        ),
        _("De overeenkomst is ingetrokken; de school krijgt daarvan bericht."),
    )


@bp.post("/<int:agreement_id>/herinneren")
@require(can_manage_agreements)
def remind(agreement_id: int) -> Response:
    """E-mail the school's reviewers or signatories a reminder now (at most once an hour)."""
    return _transition(
        agreement_id,
        ActionForm(),
        lambda a, f: remind_school(current_session(), a, user=current_user, ip=client_ip()),
        _("De school heeft een herinnering gekregen."),
    )


@bp.post("/<int:agreement_id>/vervangen")
@require(can_manage_agreements)
def replace(agreement_id: int) -> Response:
    """Start a new draft that will supersede this agreement (signed, or still with the school)."""
    agreement = load_agreement(agreement_id)
    form = ActionForm()
    try:
        if not form.validate_on_submit():
            raise StaleAgreement()
        new = supersede(
            current_session(),
            agreement,
            user_id=current_user.id,
            expected_version=form.submitted_version(),
        )
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return to_detail(agreement_id)
    if agreement.state is AgreementState.SIGNED:
        message = _(
            "Concept %(new)s vervangt %(old)s zodra het is ondertekend.",
            new=new.number,
            old=agreement.number,
        )
    else:
        message = _(
            "Concept %(new)s vervangt %(old)s zodra het is verzonden; de school krijgt daarvan "
            "bericht.",
            new=new.number,
            old=agreement.number,
        )
    flash(message, "success")
    return redirect(url_for("agreements.edit", agreement_id=new.id))


@bp.post("/<int:agreement_id>/ondertekenen")
@require(can_manage_agreements, can_sign_for_company)
def sign(agreement_id: int) -> Response:
    """Sign for the company (an authorised signatory of the processor)."""
    # Signing needs a second factor from the last five minutes (register/auth/factors).
    if ask := require_recent_factor(url_for("agreements.detail", agreement_id=agreement_id)):
        return ask
    return _transition(
        agreement_id,
        SignForm(),
        lambda a, f: sign_agreement(
            current_session(),
            a,
            Party.PROCESSOR,
            f.signing(signature_method()),
            user=current_user,
            ip=client_ip(),
            expected_version=f.submitted_version(),
        ),
        _("U heeft de overeenkomst namens de verwerker ondertekend."),
    )


@bp.post("/<int:agreement_id>/ondertekende-pdf")
@require(can_manage_agreements)
def retry_signed(agreement_id: int) -> Response:
    """Queue the signed PDF again after its job failed (the page follows the new job)."""
    return _transition(
        agreement_id,
        ActionForm(),
        lambda a, f: retry_signed_pdf(current_session(), a, user_id=current_user.id),
        _("De ondertekende pdf wordt opnieuw opgemaakt; deze pagina toont de voortgang."),
    )


@bp.post("/<int:agreement_id>/scan")
@require(can_manage_agreements)
def scan(agreement_id: int) -> Response:
    """Upload a wet-signed scan (PDF, checked by content), which completes signing."""
    return _transition(
        agreement_id,
        ScanForm(),
        lambda a, f: upload_scan(
            current_session(),
            a,
            f.scan.data.read(MAX_SCAN_BYTES + 1),
            user=current_user,
            ip=client_ip(),
            expected_version=f.submitted_version(),
        ),
        _("De ondertekende scan is opgeslagen; de overeenkomst is ondertekend."),
    )
