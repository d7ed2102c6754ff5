"""Drafting: choose the school, then fill in or change the particulars of a draft."""

from __future__ import annotations

import sqlalchemy as sa
from flask import (
    flash,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.wrappers import Response

from register.agreements import bp
from register.agreements.forms import AgreementForm
from register.agreements.models import Agreement
from register.agreements.services import (
    DEFAULT_TITLE,
    create_agreement,
    default_particulars,
    template_choices,
    update_draft,
)
from register.agreements.views.screen import (
    load_agreement,
    refusal,
    to_detail,
)
from register.auth.access import require
from register.auth.permissions import (
    can_manage_agreements,
)
from register.characters import search_text
from register.db import current_session
from register.errors import DomainError
from register.extensions import db
from register.form_tokens import commit_created, first_result
from register.ids import parse_id
from register.organisations.models import Organisation, OrganisationKind
from register.products.models import Licence, Product


def prepare_form(
    form: AgreementForm, school: Organisation, agreement: Agreement | None = None
) -> None:
    """Offer the products the school holds licences for, and the text versions it may use."""
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
    form.template.choices = template_choices(
        predecessor=agreement.supersedes if agreement else None
    )


def fill_defaults(form: AgreementForm, school: Organisation) -> None:
    """Prefill a new draft from the school's and the company's own contact data."""
    form.title.data = str(DEFAULT_TITLE)
    form.fill_particulars(default_particulars(current_session(), school))
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


@bp.route("/nieuw", methods=["GET", "POST"])
@require(can_manage_agreements)
def create() -> Response | str:
    """Prepare a new agreement: first choose the school, then fill in the particulars."""
    school_id = parse_id(request.args.get("school"))
    school = db.session.get(Organisation, school_id) if school_id else None
    if school is None or school.kind is not OrganisationKind.SCHOOL:
        query = search_text(request.args.get("q"))
        matches = find_schools(query) if query else []
        return render_template("agreements/choose_school.html", query=query, matches=matches)
    form = AgreementForm()
    prepare_form(form, school)
    if request.method == "GET":
        try:
            fill_defaults(form, school)
        except DomainError as error:
            flash(str(error.message), "error")
    if (done := first_result(form)) is not None:
        return done
    if form.validate_on_submit():
        try:
            agreement = create_agreement(
                current_session(), form.to_command(school.id), user_id=current_user.id
            )
        except DomainError as error:
            db.session.rollback()
            form.form_errors.append(str(error.message))
        else:
            location = url_for("agreements.detail", agreement_id=agreement.id)
            if (twin := commit_created(form, location)) is not None:
                return twin
            flash(_("Concept %(number)s is opgesteld.", number=agreement.number), "success")
            return to_detail(agreement.id)
    return render_template("agreements/form.html", form=form, school=school, agreement=None)


@bp.route("/<int:agreement_id>/wijzigen", methods=["GET", "POST"])
@require(can_manage_agreements)
def edit(agreement_id: int) -> Response | str:
    """Change a draft (optimistic locking through the version field)."""
    agreement = load_agreement(agreement_id)
    if not agreement.can("send"):
        flash(_("Alleen een concept kan worden gewijzigd."), "error")
        return to_detail(agreement.id)
    form = AgreementForm(obj=None)
    prepare_form(form, agreement.school, agreement)
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
            return to_detail(agreement.id)
    return render_template(
        "agreements/form.html", form=form, school=agreement.school, agreement=agreement
    )
