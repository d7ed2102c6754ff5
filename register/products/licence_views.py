"""Routes for licences: create, edit and end a school's licence for a product."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from register.auth.access import require
from register.auth.permissions import can_edit_register
from register.calendar import today
from register.extensions import db
from register.forms import attach_error
from register.products import bp
from register.products.forms import EndLicenceForm, LicenceForm
from register.products.licences import (
    STALE_MESSAGE,
    LicenceError,
    StaleLicence,
    create_licence,
    end_licence,
    update_licence,
)
from register.products.models import Licence, Product
from register.products.queries import school_choices


def _load(model: type, object_id: int) -> object:
    found = db.session.get(model, object_id)
    if found is None:
        abort(404)
    return found


def _licence_form(licence: Licence | None) -> tuple[LicenceForm, dict[str, object]]:
    """The form with the schools to choose from: those matching `?school=`, at most 50."""
    form = LicenceForm(obj=licence)
    search = request.args.get("school", "").strip()[:100]
    chosen = [
        _id(request.args.get("organisatie", "")),
        _id(request.form.get("organisation_id", "")),
    ]
    if licence is not None:
        chosen.append(licence.organisation_id)
    schools, more = school_choices(db.session, search, include=[c for c in chosen if c])
    choices = [(0, _("— kies een school —")), *schools]
    form.organisation_id.choices = [SelectChoice(value, label) for value, label in choices]
    if not form.is_submitted():
        if licence is None:
            form.organisation_id.data = chosen[0]
        else:
            form.version.data = str(licence.version)
    return form, {"school_search": search, "more_schools": more}


def _id(raw: str) -> int:
    return int(raw) if raw.isdigit() and len(raw) < 10 else 0


def _back(licence: Licence) -> Response:
    if request.args.get("terug") == "organisatie":
        return redirect(url_for("organisations.detail", organisation_id=licence.organisation_id))
    return redirect(url_for("products.detail", product_id=licence.product_id))


@bp.route("/<int:product_id>/licenties/nieuw", methods=["GET", "POST"])
@require(can_edit_register)
def create_licence_view(product_id: int) -> Response | str:
    """Give a school a licence for this product."""
    product = _load(Product, product_id)
    form, schools = _licence_form(None)
    if form.validate_on_submit():
        try:
            licence = create_licence(db.session, form.to_data(product.id))
        except LicenceError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            db.session.commit()
            flash(_("De licentie is toegevoegd."), "success")
            return _back(licence)
    return render_template(
        "products/licence_form.html", form=form, product=product, licence=None, **schools
    )


@bp.route("/licenties/<int:licence_id>/bewerken", methods=["GET", "POST"])
@require(can_edit_register)
def edit_licence(licence_id: int) -> Response | str | tuple[str, int]:
    """Change a licence's school, period or reference."""
    licence = _load(Licence, licence_id)
    form, schools = _licence_form(licence)
    conflict = False
    if form.validate_on_submit():
        try:
            update_licence(
                db.session, licence, form.to_data(licence.product_id), form.submitted_version()
            )
            db.session.commit()
        except (StaleLicence, StaleDataError):
            db.session.rollback()
            conflict = True
            form.version.data = str(licence.version)
        except LicenceError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            flash(_("De licentie is gewijzigd."), "success")
            return _back(licence)
    html = render_template(
        "products/licence_form.html",
        form=form,
        product=licence.product,
        licence=licence,
        conflict_message=STALE_MESSAGE if conflict else None,
        **schools,
    )
    return (html, 409) if conflict else html


@bp.route("/licenties/<int:licence_id>/beeindigen", methods=["GET", "POST"])
@require(can_edit_register)
def end_licence_view(licence_id: int) -> Response | str | tuple[str, int]:
    """End a licence on a chosen date (today by default)."""
    licence = _load(Licence, licence_id)
    form = EndLicenceForm()
    if not form.is_submitted():
        form.end_date.data = max(today(), licence.start_date)
        form.version.data = str(licence.version)
    conflict = False
    if form.validate_on_submit():
        try:
            end_licence(db.session, licence, form.end_date.data, form.submitted_version())
            db.session.commit()
        except (StaleLicence, StaleDataError):
            db.session.rollback()
            conflict = True
            form.version.data = str(licence.version)
        except LicenceError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            flash(_("De licentie is beëindigd."), "success")
            return _back(licence)
    html = render_template(
        "products/licence_end.html",
        form=form,
        licence=licence,
        conflict_message=STALE_MESSAGE if conflict else None,
    )
    return (html, 409) if conflict else html
