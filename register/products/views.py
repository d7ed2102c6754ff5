"""Routes of the products feature: products (list, detail, create, edit, (de)activate) and
the licences of schools for them (create, edit, end)."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from register.auth.access import require
from register.auth.permissions import can_edit_register, can_read_register
from register.calendar import today
from register.extensions import db
from register.forms import attach_error, run_versioned_change
from register.organisations.validators import search_text
from register.pagination import page_number, paginate
from register.products import bp
from register.products.forms import (
    KIND_LABELS,
    ActiveForm,
    EndLicenceForm,
    LicenceForm,
    ProductForm,
)
from register.products.models import Licence, Product
from register.products.queries import licences_of_product, product_list, school_choices
from register.products.services import (
    STALE_LICENCE_MESSAGE,
    STALE_PRODUCT_MESSAGE,
    LicenceError,
    ProductError,
    StaleLicence,
    StaleProduct,
    create_licence,
    create_product,
    end_licence,
    set_product_active,
    update_licence,
    update_product,
)


def load_product(product_id: int) -> Product:
    """The product or 404."""
    product = db.session.get(Product, product_id)
    if product is None:
        abort(404)
    return product


@bp.get("/")
@require(can_read_register)
def index() -> str:
    """All products with their number of licences."""
    status = request.args.get("status", "actief")
    status = status if status in {"actief", "inactief", "alle"} else "actief"
    sort = request.args.get("sort", "name")
    search = search_text(request.args.get("q"))
    page = paginate(
        db.session,
        product_list(search, status, sort),
        page_number(request.args.get("page")),
        current_app.config["PAGE_SIZE"],
    )
    return render_template(
        "products/index.html", page=page, kinds=KIND_LABELS, status=status, sort=sort, q=search
    )


@bp.get("/<int:product_id>")
@require(can_read_register)
def detail(product_id: int) -> str:
    """One product and its licences (paginated)."""
    product = load_product(product_id)
    licences = paginate(
        db.session,
        licences_of_product(product.id),
        page_number(request.args.get("page")),
        current_app.config["PAGE_SIZE"],
    )
    return render_template(
        "products/detail.html",
        product=product,
        licences=licences,
        kinds=KIND_LABELS,
        active_form=ActiveForm(data={"version": product.version}),
    )


def _load_form(product: Product | None) -> ProductForm:
    form = ProductForm(obj=product)
    if not form.is_submitted() and product is not None:
        form.kind.data = product.kind.value
        form.target_groups.data = product.target_group_list
        form.version.data = str(product.version)
    return form


@bp.route("/nieuw", methods=["GET", "POST"])
@require(can_edit_register)
def create() -> Response | str:
    """Add a product."""
    form = _load_form(None)
    if form.validate_on_submit():
        try:
            product = create_product(db.session, form.to_data())
        except ProductError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            db.session.commit()
            flash(_("Product %(name)s is toegevoegd.", name=product.name), "success")
            return redirect(url_for("products.detail", product_id=product.id))
    return render_template("products/form.html", form=form, product=None)


@bp.route("/<int:product_id>/bewerken", methods=["GET", "POST"])
@require(can_edit_register)
def edit(product_id: int) -> Response | str | tuple[str, int]:
    """Change a product; a stale form overwrites nothing and keeps what was typed."""
    product = load_product(product_id)
    form = _load_form(product)
    conflict = False
    if form.validate_on_submit():
        try:
            update_product(db.session, product, form.to_data(), form.submitted_version())
            db.session.commit()
        except (StaleProduct, StaleDataError):
            db.session.rollback()
            conflict = True
            form.version.data = str(product.version)
        except ProductError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            flash(_("De wijzigingen in %(name)s zijn opgeslagen.", name=product.name), "success")
            return redirect(url_for("products.detail", product_id=product.id))
    html = render_template(
        "products/form.html",
        form=form,
        product=product,
        conflict_message=STALE_PRODUCT_MESSAGE if conflict else None,
    )
    return (html, 409) if conflict else html


def _set_active(product_id: int, active: bool) -> Response:
    product = load_product(product_id)
    run_versioned_change(
        ActiveForm(),
        lambda version: set_product_active(db.session, product, active, version),
        ProductError,
        STALE_PRODUCT_MESSAGE,
        _("%(name)s is weer actief.", name=product.name)
        if active
        else _("%(name)s is gedeactiveerd.", name=product.name),
    )
    return redirect(url_for("products.detail", product_id=product_id))


@bp.post("/<int:product_id>/deactiveren")
@require(can_edit_register)
def deactivate(product_id: int) -> Response:
    """Deactivate a product (it stays in the register and its history)."""
    return _set_active(product_id, False)


@bp.post("/<int:product_id>/activeren")
@require(can_edit_register)
def reactivate(product_id: int) -> Response:
    """Make a deactivated product active again."""
    return _set_active(product_id, True)


# Licences --------------------------------------------------------------------------------


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
        conflict_message=STALE_LICENCE_MESSAGE if conflict else None,
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
        conflict_message=STALE_LICENCE_MESSAGE if conflict else None,
    )
    return (html, 409) if conflict else html
