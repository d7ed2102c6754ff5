"""Staff routes that change agreements: prepare, send, cancel, terminate, supersede, sign."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.wrappers import Response

from register.agreements import bp
from register.agreements.documents import MAX_SCAN_BYTES
from register.agreements.errors import AgreementError, StaleAgreement
from register.agreements.forms import ActionForm, AgreementForm, ReasonForm, ScanForm, SignForm
from register.agreements.models import Agreement
from register.agreements.pages import (
    fill_defaults,
    find_schools,
    load_agreement,
    prepare_form,
    render_detail,
)
from register.agreements.services import (
    cancel_agreement,
    create_agreement,
    supersede,
    terminate_agreement,
    update_draft,
)
from register.agreements.signing import send_agreement, sign_agreement, upload_scan
from register.agreements.states import Party
from register.agreements.transitions import Screen, run_transition
from register.auth.access import require
from register.auth.factors.session import require_recent_factor, session_method
from register.auth.permissions import can_manage_agreements, can_sign_for_company
from register.extensions import db
from register.organisations.models import Organisation, OrganisationKind


def _ip() -> str:
    return request.remote_addr or ""


def _timeout() -> float:
    return float(current_app.config["PDF_RENDER_TIMEOUT"])


def _to_detail(agreement_id: int) -> Response:
    return redirect(url_for("agreements.detail", agreement_id=agreement_id))


@bp.route("/nieuw", methods=["GET", "POST"])
@require(can_manage_agreements)
def create() -> Response | str:
    """Prepare a new agreement: first choose the school, then fill in the particulars."""
    school_id = request.args.get("school", type=int)
    school = db.session.get(Organisation, school_id) if school_id else None
    if school is None or school.kind is not OrganisationKind.SCHOOL:
        query = (request.args.get("q") or "").strip()[:100]
        matches = find_schools(query) if query else []
        return render_template("agreements/choose_school.html", query=query, matches=matches)
    form = AgreementForm()
    prepare_form(form, school)
    if request.method == "GET":
        try:
            fill_defaults(form, school)
        except AgreementError as error:
            flash(str(error.message), "error")
    if form.validate_on_submit():
        try:
            agreement = create_agreement(
                db.session, form.to_command(school.id), user_id=current_user.id
            )
        except AgreementError as error:
            db.session.rollback()
            form.form_errors.append(str(error.message))
        else:
            db.session.commit()
            flash(_("Concept %(number)s is opgesteld.", number=agreement.number), "success")
            return _to_detail(agreement.id)
    return render_template("agreements/form.html", form=form, school=school, agreement=None)


@bp.route("/<int:agreement_id>/wijzigen", methods=["GET", "POST"])
@require(can_manage_agreements)
def edit(agreement_id: int) -> Response | str:
    """Change a draft (optimistic locking through the version field)."""
    agreement = load_agreement(agreement_id)
    if not agreement.can("send"):
        flash(_("Alleen een concept kan worden gewijzigd."), "error")
        return _to_detail(agreement.id)
    form = AgreementForm(obj=None)
    prepare_form(form, agreement.school)
    if request.method == "GET":
        form.version.data = str(agreement.version)
        form.products.data = [p.id for p in agreement.products]
        form.template.data = f"{agreement.template_id}/{agreement.template_version}"
        form.title.data = agreement.title
        form.term_start.data, form.term_end.data = agreement.term_start, agreement.term_end
        form.notice_period_months.data = agreement.notice_period_months
        form.fill_particulars(agreement.particulars)
        form.deviations.data = "\n".join(
            f"{d['article']}: {d['text']}" for d in agreement.deviations
        )
    if form.validate_on_submit():
        try:
            update_draft(
                db.session,
                agreement,
                form.to_command(agreement.school_id),
                expected_version=form.submitted_version(),
            )
            db.session.commit()
        except (AgreementError, StaleDataError) as error:
            db.session.rollback()
            form.form_errors.append(str(getattr(error, "message", StaleAgreement.message)))
        else:
            flash(_("Concept %(number)s is gewijzigd.", number=agreement.number), "success")
            return _to_detail(agreement.id)
    return render_template(
        "agreements/form.html", form=form, school=agreement.school, agreement=agreement
    )


STAFF = Screen(load_agreement, render_detail, "agreements.detail")


def _transition(
    agreement_id: int, form: Any, run: Callable[[Agreement, Any], Any], done: str
) -> Response | Any:
    return run_transition(STAFF, agreement_id, form, run, done)


@bp.post("/<int:agreement_id>/verzenden")
@require(can_manage_agreements)
def send(agreement_id: int) -> Response:
    """Freeze the data, render the PDF once and send the agreement to the school."""
    return _transition(
        agreement_id,
        ActionForm(),
        lambda a, f: send_agreement(
            db.session,
            a,
            user=current_user,
            ip=_ip(),
            timeout=_timeout(),
            expected_version=f.submitted_version(),
        ),
        _("De overeenkomst is opgemaakt en ter beoordeling naar de school gestuurd."),
    )


@bp.post("/<int:agreement_id>/annuleren")
@require(can_manage_agreements)
def cancel(agreement_id: int) -> Response:
    """Cancel a draft."""
    return _transition(
        agreement_id,
        ActionForm(),
        lambda a, f: cancel_agreement(
            db.session, a, user=current_user, ip=_ip(), expected_version=f.submitted_version()
        ),
        _("Het concept is geannuleerd."),
    )


@bp.post("/<int:agreement_id>/beeindigen")
@require(can_manage_agreements)
def terminate(agreement_id: int) -> Response:
    """Terminate a signed agreement, with a reason."""
    return _transition(
        agreement_id,
        ReasonForm(),
        lambda a, f: terminate_agreement(
            db.session,
            a,
            user=current_user,
            ip=_ip(),
            reason=f.reason.data or "",
            expected_version=f.submitted_version(),
        ),
        _("De overeenkomst is beëindigd."),
    )


@bp.post("/<int:agreement_id>/vervangen")
@require(can_manage_agreements)
def replace(agreement_id: int) -> Response:
    """Start a new draft that will supersede this signed agreement."""
    agreement = load_agreement(agreement_id)
    form = ActionForm()
    try:
        if not form.validate_on_submit():
            raise StaleAgreement()
        new = supersede(
            db.session,
            agreement,
            user_id=current_user.id,
            expected_version=form.submitted_version(),
        )
        db.session.commit()
    except AgreementError as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return _to_detail(agreement_id)
    flash(
        _(
            "Concept %(new)s vervangt %(old)s zodra het is ondertekend.",
            new=new.number,
            old=agreement.number,
        ),
        "success",
    )
    return redirect(url_for("agreements.edit", agreement_id=new.id))


@bp.post("/<int:agreement_id>/ondertekenen")
@require(can_manage_agreements, can_sign_for_company)
def sign(agreement_id: int) -> Response:
    """Sign for the company (an authorised signatory of the processor)."""
    # Issue 10: signing needs a second factor from the last five minutes (register/auth).
    if ask := require_recent_factor(url_for("agreements.detail", agreement_id=agreement_id)):
        return ask
    return _transition(
        agreement_id,
        SignForm(),
        lambda a, f: sign_agreement(
            db.session,
            a,
            Party.PROCESSOR,
            user=current_user,
            ip=_ip(),
            name=f.name.data or "",
            function=f.function.data or "",
            confirmation=f.confirmation.data or "",
            timeout=_timeout(),
            expected_version=f.submitted_version(),
            method=session_method().value,
        ),
        _("U heeft de overeenkomst namens de verwerker ondertekend."),
    )


@bp.post("/<int:agreement_id>/scan")
@require(can_manage_agreements)
def scan(agreement_id: int) -> Response:
    """Upload a wet-signed scan (PDF, checked by content), which completes signing."""
    return _transition(
        agreement_id,
        ScanForm(),
        lambda a, f: upload_scan(
            db.session,
            a,
            f.scan.data.read(MAX_SCAN_BYTES + 1),
            user=current_user,
            ip=_ip(),
            expected_version=f.submitted_version(),
        ),
        _("De ondertekende scan is opgeslagen; de overeenkomst is ondertekend."),
    )
