"""The agreement page and the one way a transition runs from it (staff and portal).

`Screen` says where a transition happens (how to load the agreement within the user's
reach, how to show it, the URL of its page); `run_transition` loads, validates the form,
runs the service, commits once and flashes the result or the Dutch reason it was refused.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import EllipsisType
from typing import Any

import sqlalchemy as sa
from flask import (
    Blueprint,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.wrappers import Response

from register.agreements.documents.downloads import send_document, send_leaflet
from register.agreements.documents.reading import Reach, stored_documents
from register.agreements.documents.storage import AgreementDocument, AgreementDrift, DocumentKind
from register.agreements.drift import pending_drift
from register.agreements.errors import (
    ConfirmationMismatch,
    DriftNotAcknowledged,
    StaleAgreement,
)
from register.agreements.forms import ActionForm, ConfirmForm, ReasonForm, ScanForm, SignForm
from register.agreements.models import Agreement
from register.agreements.sending import STEP_LABELS as SEND_STEPS
from register.agreements.sending import send_job_of
from register.agreements.signed_pdf import signed_online, signed_pdf_job_to_follow
from register.agreements.states import (
    ACTION_LABELS,
    STATE_BADGES,
    AgreementState,
    Party,
)
from register.auth.access import require
from register.auth.scope import first_or_404
from register.db import current_session
from register.errors import DomainError
from register.extensions import db
from register.jobs.models import Job
from register.submitting import attach_error

LABELS: dict[str, Any] = {
    "state_labels": AgreementState.labels(),
    "state_badges": STATE_BADGES,
    "States": AgreementState,
}


def load_agreement(agreement_id: int) -> Agreement:
    """The agreement for staff (who see every agreement), or 404."""
    return db.get_or_404(Agreement, agreement_id)


def render_page(
    template: str,
    agreement: Agreement,
    signer: Party,
    status: int,
    forms: dict[str, Any],
    *,
    following: Job | None = None,
    **context: Any,
) -> Response:
    """An agreement's page (staff or portal): the agreement, its documents and leaflets, and
    the transition forms, fresh with the agreement's version unless a view passes some with
    errors (`forms`); the sign form proposes `signer`'s representative.

    The page refreshes itself while the signed PDF's job, or the job a view is `following`,
    is unfinished; a page with errors never does, so what was typed stays."""
    # The job before the documents: a job read as done has stored its PDF, so the page never
    # shows the PDF as being prepared while it stops refreshing.
    signed_pdf_job = signed_pdf_job_to_follow(current_session(), agreement)
    version = {"version": agreement.version}
    page_forms: dict[str, Any] = {
        "confirm_form": ConfirmForm(data=version),
        "reason_form": ReasonForm(data=version),
        "sign_form": SignForm(data={**version, **agreement.representative(signer)}),
        **forms,
    }
    documents, leaflets = stored_documents(current_session(), agreement)
    html = render_template(
        template,
        agreement=agreement,
        documents=documents,
        leaflets=leaflets,
        **signed_pdf_state(agreement, documents, signed_pdf_job),
        action_labels=ACTION_LABELS,
        **context,
        **page_forms,
    )
    response = make_response(html, status)
    return follow_jobs(response, following, signed_pdf_job) if status == 200 else response


def signed_pdf_state(
    agreement: Agreement, documents: dict[DocumentKind, AgreementDocument], job: Job | None
) -> dict[str, Any]:
    """Whether the page waits for the worker's signed PDF, its latest `job` (`signed_pdf`),
    and whether that job still runs (the page then refreshes itself: no reason to type)."""
    waiting = signed_online(agreement) and DocumentKind.SIGNED not in documents
    job = job if waiting else None
    return {
        "signed_pdf_waiting": waiting,
        "signed_pdf_job": job,
        "signed_pdf_preparing": job is not None and not job.finished,
    }


def follow_jobs(response: Response, *jobs: Job | None) -> Response:
    """Refresh the page every few seconds while one of `jobs` is queued or running."""
    if any(job is not None and not job.finished for job in jobs):
        response.headers["Refresh"] = "3"  # follow the job without a script
    return response


def render_detail(
    agreement: Agreement,
    status: int = 200,
    *,
    send_job: Job | None | EllipsisType = ...,
    **forms: Any,
) -> Response:
    """The detail page, with fresh forms unless a view passes some with errors; the page
    follows the agreement's send job, which the view may have read before the agreement
    (`send_job`) so that a job read as done has its work on the page."""
    if isinstance(send_job, EllipsisType):
        send_job = send_job_of(current_session(), agreement.id)
    version = {"version": agreement.version}
    return render_page(
        "agreements/detail.html",
        agreement,
        Party.PROCESSOR,
        status,
        {"action_form": ActionForm(data=version), "scan_form": ScanForm(data=version), **forms},
        drift=db.session.get(AgreementDrift, agreement.id),
        pending_changes=pending_drift(current_session(), agreement),
        successors=db.session.scalars(
            sa.select(Agreement)
            .where(Agreement.supersedes_id == agreement.id)
            .order_by(Agreement.id)
        ).all(),
        following=send_job,
        send_job=send_job,
        send_steps=SEND_STEPS,
        signed_parties={s.party.value for s in agreement.signatures},
        **LABELS,
    )


# Running a transition from a form (staff screens and the portal) -------------------------


_FORM_NAMES = {
    ConfirmForm: "confirm_form",
    ReasonForm: "reason_form",
    SignForm: "sign_form",
    ScanForm: "scan_form",
}


@dataclass(frozen=True, slots=True)
class Screen:
    """Where a transition happens: how to load the agreement, show it, and its URL."""

    load: Callable[[int], Agreement]  # 404 outside the user's reach
    render: Callable[..., Any]  # render(agreement, status, **forms)
    endpoint: str  # the detail page, with `agreement_id`


def form_name(form: Any) -> str:
    """The name the detail template gives this kind of form."""
    return _FORM_NAMES.get(type(form), "action_form")


def refusal(error: DomainError | StaleDataError) -> str:
    """Why a change was refused, in Dutch; a concurrent write caught at flush reads as stale."""
    return str(error.message if isinstance(error, DomainError) else StaleAgreement.message)


def run_transition(
    screen: Screen,
    agreement_id: int,
    form: Any,
    run: Callable[[Agreement, Any], Any],
    done: str,
) -> Any:
    """Run `run(agreement, form)` and commit; flash `done` or the reason it was refused.

    Load the agreement (scoped by the screen), validate the form, run the service, commit
    once. A wrong confirmation word, or signing changed data without saying so, shows the
    page again with the error at the field; other
    refusals (wrong state, stale version, missing data) are flashed in Dutch; nothing is
    half-written.
    """
    agreement = screen.load(agreement_id)
    if not form.validate_on_submit():
        return screen.render(agreement, 400, **{form_name(form): form})
    try:
        run(agreement, form)
        db.session.commit()
    except (ConfirmationMismatch, DriftNotAcknowledged) as error:
        db.session.rollback()
        attach_error(form, error)
        return screen.render(screen.load(agreement_id), 400, sign_form=form)
    except (DomainError, StaleDataError) as error:
        db.session.rollback()
        flash(refusal(error), "error")
    else:
        flash(done, "success")
    return redirect(url_for(screen.endpoint, agreement_id=agreement_id))


def client_ip() -> str:
    """The address the audit trail records for this request."""
    return request.remote_addr or ""


def to_detail(agreement_id: int) -> Response:
    """Back to the agreement's page."""
    return redirect(url_for("agreements.detail", agreement_id=agreement_id))


STAFF = Screen(load_agreement, render_detail, "agreements.detail")


def add_download_routes(
    blueprint: Blueprint, reach: Reach, permission: Callable[[Any], bool]
) -> None:
    """The download routes of an agreement's page on `blueprint` (staff and portal alike):
    `.document`, a stored PDF (the original, the signed PDF or the scan), and `.leaflet`, a
    product's Privacybijsluiter stored when the agreement was sent. Both are audited and
    committed once; `reach` keeps the agreement within the user's reach (404): it limits a
    statement on Agreement, so a download reads the agreement and its document at once."""

    @blueprint.get("/<int:agreement_id>/document/<kind>")
    @require(permission)
    def document(agreement_id: int, kind: str) -> Response:
        """Download a stored PDF (the original, the signed PDF or the scan), audited."""
        response = send_document(current_session(), reach, agreement_id, kind)
        db.session.commit()
        return response

    @blueprint.get("/<int:agreement_id>/bijsluiter/<int:index>")
    @require(permission)
    def leaflet(agreement_id: int, index: int) -> Response:
        """Download a product's Privacybijsluiter, stored when the agreement was sent."""
        agreement = first_or_404(
            db.session, reach(sa.select(Agreement).where(Agreement.id == agreement_id))
        )
        response = send_leaflet(current_session(), agreement, index)
        db.session.commit()
        return response
