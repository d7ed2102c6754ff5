"""Staff screens of the agreements feature: lists, detail, drafting, transitions, downloads.

Every view has one shape: load the agreement (404) → permission (`require`) → validate the
form → service → commit once → flash → redirect. The transitions (send, cancel, sign, ...)
all run through `run_transition`, which the school portal shares with its own `Screen`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask import (
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.wrappers import Response

from register.agreements import bp
from register.agreements.documents.downloads import send_document, send_leaflet
from register.agreements.documents.storage import (
    MAX_SCAN_BYTES,
    AgreementDrift,
    documents_of,
    leaflets_of,
)
from register.agreements.errors import ConfirmationMismatch, StaleAgreement
from register.agreements.forms import ActionForm, AgreementForm, ReasonForm, ScanForm, SignForm
from register.agreements.lifecycle import (
    cancel_agreement,
    remind_school,
    sign_agreement,
    supersede,
    terminate_agreement,
    upload_scan,
    withdraw_agreement,
)
from register.agreements.models import Agreement
from register.agreements.queries import (
    AgreementFilters,
    agreement_list,
    drift_list,
    processor_register,
    product_choices,
    uncovered_licences,
)
from register.agreements.sending import STEP_LABELS as SEND_STEPS
from register.agreements.sending import queue_send, send_job_of, sending
from register.agreements.services import (
    create_agreement,
    own_organisation,
    template_choices,
    update_draft,
)
from register.agreements.states import (
    ACTION_LABELS,
    STATE_BADGES,
    STATE_LABELS,
    AgreementState,
    Party,
)
from register.auth.access import require
from register.auth.factors.session import require_recent_factor, signature_method
from register.auth.permissions import (
    can_manage_agreements,
    can_read_agreements,
    can_sign_for_company,
)
from register.calendar import today
from register.db import current_session
from register.errors import DomainError
from register.extensions import db
from register.ids import parse_id
from register.organisations.models import Organisation, OrganisationKind
from register.pagination import page_number, paginate
from register.products.models import Licence, Product

LABELS = {"state_labels": STATE_LABELS, "state_badges": STATE_BADGES, "States": AgreementState}


def load_agreement(agreement_id: int) -> Agreement:
    """The agreement for staff (who see every agreement), or 404."""
    return db.get_or_404(Agreement, agreement_id)


def render_detail(agreement: Agreement, status: int = 200, **forms: Any) -> Any:
    """The detail page, with fresh forms unless a view passes some with errors."""
    version = {"version": agreement.version}
    defaults: dict[str, Any] = {
        "action_form": ActionForm(data=version),
        "reason_form": ReasonForm(data=version),
        "scan_form": ScanForm(data=version),
        "sign_form": SignForm(data={**version, "name": "", "function": ""}),
    }
    defaults.update(forms)
    html = render_template(
        "agreements/detail.html",
        agreement=agreement,
        documents=documents_of(current_session(), agreement),
        leaflets=leaflets_of(current_session(), agreement),
        drift=db.session.get(AgreementDrift, agreement.id),
        successors=db.session.scalars(
            sa.select(Agreement)
            .where(Agreement.supersedes_id == agreement.id)
            .order_by(Agreement.id)
        ).all(),
        action_labels=ACTION_LABELS,
        send_job=send_job_of(current_session(), agreement.id),
        send_steps=SEND_STEPS,
        signed_parties={s.party.value for s in agreement.signatures},
        **LABELS,
        **defaults,
    )
    return html if status == 200 else (html, status)


def prepare_form(form: AgreementForm, school: Organisation) -> None:
    """Offer the products the school holds licences for, and the valid text versions."""
    products = db.session.execute(
        sa.select(Product.id, Product.name)
        .where(
            Product.id.in_(
                sa.select(Licence.product_id).where(Licence.organisation_id == school.id)
            )
        )
        .order_by(Product.name)
    ).all()
    form.products.choices = [(pid, name) for pid, name in products]
    form.template.choices = template_choices()


def fill_defaults(form: AgreementForm, school: Organisation) -> None:
    """Prefill a new draft from the school's and the company's own contact data."""
    own = own_organisation(current_session())
    form.title.data = _("Verwerkersovereenkomst Digitale Onderwijsmiddelen")
    form.controller_privacy_name.data = school.privacy_contact_name
    form.controller_privacy_email.data = school.privacy_contact_email
    form.controller_privacy_phone.data = school.privacy_contact_phone
    form.processor_breach_name.data = own.privacy_contact_name
    form.processor_breach_email.data = own.privacy_contact_email
    form.processor_breach_phone.data = own.privacy_contact_phone
    form.products.data = [pid for pid, _name in form.products.choices]


def find_schools(text: str) -> list[Organisation]:
    """Up to 20 school boards whose name or BRIN contains the text."""
    return list(
        db.session.scalars(
            sa.select(Organisation)
            .where(
                Organisation.kind == OrganisationKind.SCHOOL,
                sa.or_(
                    Organisation.name.icontains(text, autoescape=True),
                    Organisation.brin.icontains(text, autoescape=True),
                ),
            )
            .order_by(Organisation.name)
            .limit(20)
        )
    )


# Running a transition from a form (staff screens and the portal) -------------------------


_FORM_NAMES = {ReasonForm: "reason_form", SignForm: "sign_form", ScanForm: "scan_form"}


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
    once. A wrong confirmation word shows the page again with the error at the field; other
    refusals (wrong state, stale version, missing data) are flashed in Dutch; nothing is
    half-written.
    """
    agreement = screen.load(agreement_id)
    if not form.validate_on_submit():
        return screen.render(agreement, 400, **{form_name(form): form})
    try:
        run(agreement, form)
        db.session.commit()
    except ConfirmationMismatch as error:
        db.session.rollback()
        form.confirmation.errors.append(str(error.message))
        return screen.render(screen.load(agreement_id), 400, sign_form=form)
    except (DomainError, StaleDataError) as error:
        db.session.rollback()
        flash(refusal(error), "error")
    else:
        flash(done, "success")
    return redirect(url_for(screen.endpoint, agreement_id=agreement_id))


# Lists and downloads -----------------------------------------------------------------------


def _per_page() -> int:
    return int(current_app.config["PAGE_SIZE"])


@bp.get("/")
@require(can_read_agreements)
def index() -> str:
    """All agreements, filtered by state, product, school and drift, paginated in SQL."""
    filters = AgreementFilters.from_args(request.args)
    page = paginate(
        current_session(),
        agreement_list(filters),
        page_number(request.args.get("page")),
        _per_page(),
    )
    return render_template(
        "agreements/index.html",
        page=page,
        filters=filters,
        products=product_choices(current_session()),
        **LABELS,
    )


@bp.get("/zonder-overeenkomst")
@require(can_read_agreements)
def uncovered() -> str:
    """Current licences of schools without a pending or signed agreement for the product."""
    filters = AgreementFilters.from_args(request.args)
    statement = uncovered_licences(today(), filters.product_id, filters.school)
    page = paginate(
        current_session(), statement, page_number(request.args.get("page")), _per_page()
    )
    return render_template(
        "agreements/uncovered.html",
        page=page,
        filters=filters,
        products=product_choices(current_session()),
    )


@bp.get("/<int:agreement_id>")
@require(can_read_agreements)
def detail(agreement_id: int) -> Response:
    """One agreement: parties, products, state history, documents, signatures, drift."""
    agreement = load_agreement(agreement_id)
    response = make_response(render_detail(agreement))
    if sending(send_job_of(current_session(), agreement.id)):
        response.headers["Refresh"] = "3"  # follow the send job without a script
    return response


@bp.get("/<int:agreement_id>/document/<kind>")
@require(can_read_agreements)
def document(agreement_id: int, kind: str) -> Response:
    """Download a stored PDF (the original, the signed PDF or the scan), audited."""
    response = send_document(current_session(), load_agreement(agreement_id), kind)
    db.session.commit()
    return response


@bp.get("/<int:agreement_id>/bijsluiter/<int:index>")
@require(can_read_agreements)
def leaflet(agreement_id: int, index: int) -> Response:
    """Download a product's Privacybijsluiter, stored when the agreement was sent."""
    response = send_leaflet(current_session(), load_agreement(agreement_id), index)
    db.session.commit()
    return response


@bp.get("/drift")
@require(can_read_agreements)
def drift() -> str:
    """Signed agreements whose register data changed: which schools to notify of what."""
    page = paginate(
        current_session(), drift_list(), page_number(request.args.get("page")), _per_page()
    )
    return render_template("agreements/drift.html", page=page)


@bp.get("/verwerkersregister")
@require(can_read_agreements)
def processor_record() -> str:
    """Art. 30(2): per product every controller (school) with a licence and its agreement."""
    filters = AgreementFilters.from_args(request.args)
    page = paginate(
        current_session(),
        processor_register(filters.product_id),
        page_number(request.args.get("page")),
        _per_page(),
    )
    return render_template(
        "agreements/processor_record.html",
        page=page,
        filters=filters,
        products=product_choices(current_session()),
        **LABELS,
    )


# Drafting and transitions ------------------------------------------------------------------


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
    school_id = parse_id(request.args.get("school"))
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
        except DomainError as error:
            flash(str(error.message), "error")
    if form.validate_on_submit():
        try:
            agreement = create_agreement(
                current_session(), form.to_command(school.id), user_id=current_user.id
            )
        except DomainError as error:
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
                current_session(),
                agreement,
                form.to_command(agreement.school_id),
                expected_version=form.submitted_version(),
            )
            db.session.commit()
        except (DomainError, StaleDataError) as error:
            db.session.rollback()
            form.form_errors.append(refusal(error))
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
    """Queue the send: a worker freezes the data, renders the PDF once and sends it."""
    return _transition(
        agreement_id,
        ActionForm(),
        lambda a, f: queue_send(
            current_session(),
            a,
            user=current_user,
            ip=_ip(),
            expected_version=f.submitted_version(),
        ),
        _("De overeenkomst wordt opgemaakt en verzonden; deze pagina toont de voortgang."),
    )


@bp.post("/<int:agreement_id>/annuleren")
@require(can_manage_agreements)
def cancel(agreement_id: int) -> Response:
    """Cancel a draft."""
    return _transition(
        agreement_id,
        ActionForm(),
        lambda a, f: cancel_agreement(
            current_session(),
            a,
            user=current_user,
            ip=_ip(),
            expected_version=f.submitted_version(),
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
            current_session(),
            a,
            user=current_user,
            ip=_ip(),
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
        lambda a, f: withdraw_agreement(
            current_session(),
            a,
            user=current_user,
            ip=_ip(),
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
        lambda a, f: remind_school(current_session(), a, user=current_user, ip=_ip()),
        _("De school heeft een herinnering gekregen."),
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
            current_session(),
            agreement,
            user_id=current_user.id,
            expected_version=form.submitted_version(),
        )
        db.session.commit()
    except DomainError as error:
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
            user=current_user,
            ip=_ip(),
            name=f.name.data or "",
            function=f.function.data or "",
            confirmation=f.confirmation.data or "",
            timeout=_timeout(),
            expected_version=f.submitted_version(),
            method=signature_method(),
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
            current_session(),
            a,
            f.scan.data.read(MAX_SCAN_BYTES + 1),
            user=current_user,
            ip=_ip(),
            expected_version=f.submitted_version(),
        ),
        _("De ondertekende scan is opgeslagen; de overeenkomst is ondertekend."),
    )
