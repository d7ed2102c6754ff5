"""Routes of the products feature: products (list, detail, create, edit, (de)activate) and
the licences of schools for them (create, edit, end)."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from register.auth.access import require
from register.auth.permissions import can_edit_register, can_read_register
from register.calendar import today
from register.characters import search_text
from register.db import current_session
from register.errors import DomainError, Stale
from register.extensions import db
from register.ids import parse_id
from register.organisations.queries import ActiveStatus
from register.pagination import requested_page
from register.products import bp
from register.products.errors import StaleLicence, StaleProduct
from register.products.forms import (
    ActiveForm,
    EndLicenceForm,
    LicenceForm,
    ProductForm,
)
from register.products.models import Licence, Product, ProductKind
from register.products.queries import licences_of_product, product_list, school_choices
from register.products.services import (
    create_licence,
    create_product,
    end_licence,
    set_product_active,
    update_licence,
    update_product,
)
from register.submitting import EditOutcome, run_create, run_versioned_change, run_versioned_edit


def load_product(product_id: int) -> Product:
    """The product or 404."""
    return db.get_or_404(Product, product_id)


@bp.get("/")
@require(can_read_register)
def index() -> str:
    """All products with their number of licences."""
    status = ActiveStatus.from_arg(request.args.get("status"))
    sort = request.args.get("sort", "name")
    search = search_text(request.args.get("q"))
    page = requested_page(product_list(search, status, sort))
    return render_template(
        "products/index.html",
        page=page,
        kinds=ProductKind.labels(),
        status=status,
        sort=sort,
        q=search,
    )


@bp.get("/<int:product_id>")
@require(can_read_register)
def detail(product_id: int) -> str:
    """One product and its licences (paginated)."""
    product = load_product(product_id)
    licences = requested_page(licences_of_product(product.id))
    return render_template(
        "products/detail.html",
        product=product,
        licences=licences,
        kinds=ProductKind.labels(),
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
    created = run_create(
        form,
        lambda: create_product(current_session(), form.to_command()),
        lambda product: url_for("products.detail", product_id=product.id),
        lambda product: _("Product %(name)s is toegevoegd.", name=product.name),
    )
    if created is not None:
        return created
    return render_template("products/form.html", form=form, product=None)


def _render_edit(
    template: str, outcome: EditOutcome, stale: type[Stale], **context: Any
) -> str | tuple[str, int]:
    """The edit page again; after a stale save with the conflict, as 409."""
    conflict = outcome is EditOutcome.STALE
    html = render_template(
        template, conflict_message=stale.message if conflict else None, **context
    )
    return (html, 409) if conflict else html


@bp.route("/<int:product_id>/bewerken", methods=["GET", "POST"])
@require(can_edit_register)
def edit(product_id: int) -> Response | str | tuple[str, int]:
    """Change a product; a stale form overwrites nothing and keeps what was typed."""
    product = load_product(product_id)
    form = _load_form(product)
    outcome = run_versioned_edit(
        form,
        lambda version: update_product(current_session(), product, form.to_command(), version),
        product,
    )
    if outcome is EditOutcome.SAVED:
        flash(_("De wijzigingen in %(name)s zijn opgeslagen.", name=product.name), "success")
        return redirect(url_for("products.detail", product_id=product.id))
    return _render_edit("products/form.html", outcome, StaleProduct, form=form, product=product)


def _set_active(product_id: int, active: bool) -> Response:
    product = load_product(product_id)
    run_versioned_change(
        ActiveForm(),
        lambda version: set_product_active(current_session(), product, active, version),
        DomainError,
        StaleProduct.message,
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


def _licence_form(licence: Licence | None) -> tuple[LicenceForm, dict[str, object]]:
    """The form with the schools to choose from: those matching `?school=`, at most 50."""
    form = LicenceForm(obj=licence)
    search = search_text(request.args.get("school"))
    chosen = [
        _id(request.args.get("organisatie", "")),
        _id(request.form.get("organisation_id", "")),
    ]
    if licence is not None:
        chosen.append(licence.organisation_id)
    schools, more = school_choices(current_session(), search, include=[c for c in chosen if c])
    choices = [(0, _("— kies een school —")), *schools]
    form.organisation_id.choices = [SelectChoice(value, label) for value, label in choices]
    if not form.is_submitted():
        if licence is None:
            form.organisation_id.data = chosen[0]
        else:
            form.version.data = str(licence.version)
    return form, {"school_search": search, "more_schools": more}


def _id(raw: str | None) -> int:
    return parse_id(raw) or 0


def _back(licence: Licence) -> str:
    if request.args.get("terug") == "organisatie":
        return url_for("organisations.detail", organisation_id=licence.organisation_id)
    return url_for("products.detail", product_id=licence.product_id)


@bp.route("/<int:product_id>/licenties/nieuw", methods=["GET", "POST"])
@require(can_edit_register)
def create_licence_view(product_id: int) -> Response | str:
    """Give a school a licence for this product."""
    product = load_product(product_id)
    form, schools = _licence_form(None)
    created = run_create(
        form,
        lambda: create_licence(current_session(), form.to_command(product.id)),
        _back,
        _("De licentie is toegevoegd."),
    )
    if created is not None:
        return created
    return render_template(
        "products/licence_form.html", form=form, product=product, licence=None, **schools
    )


@bp.route("/licenties/<int:licence_id>/bewerken", methods=["GET", "POST"])
@require(can_edit_register)
def edit_licence(licence_id: int) -> Response | str | tuple[str, int]:
    """Change a licence's school, period or reference."""
    licence = db.get_or_404(Licence, licence_id)
    form, schools = _licence_form(licence)
    outcome = run_versioned_edit(
        form,
        lambda version: update_licence(
            current_session(), licence, form.to_command(licence.product_id), version
        ),
        licence,
    )
    if outcome is EditOutcome.SAVED:
        flash(_("De licentie is gewijzigd."), "success")
        return redirect(_back(licence))
    return _render_edit(
        "products/licence_form.html",
        outcome,
        StaleLicence,
        form=form,
        product=licence.product,
        licence=licence,
        **schools,
    )


@bp.route("/licenties/<int:licence_id>/beeindigen", methods=["GET", "POST"])
@require(can_edit_register)
def end_licence_view(licence_id: int) -> Response | str | tuple[str, int]:
    """End a licence on a chosen date (today by default)."""
    licence = db.get_or_404(Licence, licence_id)
    form = EndLicenceForm()
    if not form.is_submitted():
        form.end_date.data = max(today(), licence.start_date)
        form.version.data = str(licence.version)
    outcome = run_versioned_edit(
        form,
        lambda version: end_licence(current_session(), licence, form.end_date.data, version),
        licence,
    )
    if outcome is EditOutcome.SAVED:
        flash(_("De licentie is beëindigd."), "success")
        return redirect(_back(licence))
    return _render_edit(
        "products/licence_end.html", outcome, StaleLicence, form=form, licence=licence
    )
