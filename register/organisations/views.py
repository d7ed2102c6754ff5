"""Routes of the organisations feature: list, detail, create, edit, (de)activate."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from register.auth.access import require
from register.auth.permissions import can_edit_register, can_read_register
from register.db import current_session
from register.errors import DomainError
from register.extensions import db
from register.organisations import bp
from register.organisations.errors import StaleOrganisation
from register.organisations.forms import ActiveForm, OrganisationForm
from register.organisations.models import Organisation, OrganisationKind
from register.organisations.queries import (
    OrganisationFilter,
    activities_using,
    organisation_list,
)
from register.organisations.services import (
    create_organisation,
    set_organisation_active,
    update_organisation,
)
from register.pagination import page_number, paginate, requested_page
from register.products.queries import licences_of_organisation
from register.submitting import EditOutcome, run_create, run_versioned_change, run_versioned_edit


def load_organisation(organisation_id: int) -> Organisation:
    """The organisation or 404."""
    return db.get_or_404(Organisation, organisation_id)


@bp.get("/")
@require(can_read_register)
def index() -> str:
    """All organisations, filtered by kind and status, searched and sorted."""
    filters = OrganisationFilter.from_args(request.args)
    page = requested_page(organisation_list(filters))
    return render_template(
        "organisations/index.html", page=page, filters=filters, kinds=OrganisationKind.labels()
    )


@bp.get("/<int:organisation_id>")
@require(can_read_register)
def detail(organisation_id: int) -> str:
    """One organisation: identifiers, address, contacts, licences and where it is used."""
    organisation = load_organisation(organisation_id)
    size = current_app.config["PAGE_SIZE"]
    licences = None
    if organisation.kind is OrganisationKind.SCHOOL:
        statement = licences_of_organisation(organisation.id)
        licences = paginate(
            current_session(), statement, page_number(request.args.get("page")), size
        )
    activities = None
    if organisation.kind in (OrganisationKind.SUBPROCESSOR, OrganisationKind.RECIPIENT):
        activities = db.session.scalars(activities_using(organisation.id).limit(100)).all()
    return render_template(
        "organisations/detail.html",
        organisation=organisation,
        kinds=OrganisationKind.labels(),
        licences=licences,
        activities=activities,
        active_form=ActiveForm(data={"version": organisation.version}),
    )


@bp.route("/nieuw", methods=["GET", "POST"])
@require(can_edit_register)
def create() -> Response | str:
    """Add an organisation."""
    form = OrganisationForm()
    if not form.is_submitted():
        form.kind.data = request.args.get("soort", OrganisationKind.SCHOOL.value)
        form.country.data = "Nederland"
    created = run_create(
        form,
        lambda: create_organisation(current_session(), form.to_command()),
        lambda organisation: url_for("organisations.detail", organisation_id=organisation.id),
        _("Organisatie %(name)s is toegevoegd.", name=form.name.data),
    )
    if created is not None:
        return created
    return render_template("organisations/form.html", form=form, organisation=None)


@bp.route("/<int:organisation_id>/bewerken", methods=["GET", "POST"])
@require(can_edit_register)
def edit(organisation_id: int) -> Response | str | tuple[str, int]:
    """Change an organisation; a stale form overwrites nothing and shows the conflict."""
    organisation = load_organisation(organisation_id)
    form = OrganisationForm(obj=organisation)
    if not form.is_submitted():
        form.kind.data = organisation.kind.value
        form.version.data = str(organisation.version)
    outcome = run_versioned_edit(
        form,
        lambda version: update_organisation(
            current_session(), organisation, form.to_command(), version
        ),
        organisation,
    )
    if outcome is EditOutcome.SAVED:
        flash(_("De wijzigingen in %(name)s zijn opgeslagen.", name=organisation.name), "success")
        return redirect(url_for("organisations.detail", organisation_id=organisation.id))
    conflict = form.differences(organisation) if outcome is EditOutcome.STALE else None
    html = render_template(
        "organisations/form.html",
        form=form,
        organisation=organisation,
        conflict=conflict,
        conflict_message=StaleOrganisation.message if conflict is not None else None,
    )
    return (html, 409) if conflict is not None else html


def _set_active(organisation_id: int, active: bool) -> Response:
    organisation = load_organisation(organisation_id)
    run_versioned_change(
        ActiveForm(),
        lambda version: set_organisation_active(current_session(), organisation, active, version),
        DomainError,
        StaleOrganisation.message,
        _("%(name)s is weer actief.", name=organisation.name)
        if active
        else _("%(name)s is gedeactiveerd.", name=organisation.name),
    )
    return redirect(url_for("organisations.detail", organisation_id=organisation_id))


@bp.post("/<int:organisation_id>/deactiveren")
@require(can_edit_register)
def deactivate(organisation_id: int) -> Response:
    """Deactivate an organisation (it stays in the register and its history)."""
    return _set_active(organisation_id, False)


@bp.post("/<int:organisation_id>/activeren")
@require(can_edit_register)
def reactivate(organisation_id: int) -> Response:
    """Make a deactivated organisation active again."""
    return _set_active(organisation_id, True)
