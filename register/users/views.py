"""Admin screens for users: list, invite, edit, (de)activate and password-reset links."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from register.audit.concurrency import StaleObject, check_version
from register.auth.access import require
from register.auth.factors.services import has_second_factor
from register.auth.factors.services import reset_second_factor as reset_factor
from register.auth.models import TokenPurpose, User
from register.auth.notices import send_invitation, send_second_factor_reset
from register.auth.permissions import can_manage_users
from register.auth.tokens import LIFETIME
from register.characters import search_text
from register.db import utcnow
from register.extensions import db
from register.form_tokens import commit_created, first_result
from register.pagination import requested_page
from register.submitting import attach_error, commit_valid
from register.users import bp
from register.users.errors import UserError
from register.users.forms import UserFilterForm, UserForm
from register.users.organisations import organisation_reference
from register.users.queries import user_list_query
from register.users.services import (
    deactivate_user,
    invite_user,
    reactivate_user,
    reset_password_link,
    update_user,
)


def load_user(user_id: int) -> User:
    """The user with this id, or 404."""
    return db.get_or_404(User, user_id)


def _form_data(user: User) -> dict[str, object]:
    return {
        "name": user.name,
        "email": user.email,
        "role": user.role.value,
        "organisations": "\n".join(organisation_reference(o) for o in user.organisations),
        "is_signatory": user.is_signatory,
        "function": user.function,
        "version": str(user.version),
    }


def _link_page(user: User, raw_token: str, purpose: TokenPurpose) -> str:
    link = url_for("auth.set_password", token=raw_token, _external=True)
    return render_template(
        "users/link.html",
        user=user,
        link=link,
        purpose=purpose.value,
        expires_at=utcnow() + LIFETIME[purpose],
    )


@bp.get("/")
@require(can_manage_users)
def index() -> str:
    """List users with search, role and status filters, paginated in SQL."""
    filters = UserFilterForm(request.args)
    statement = user_list_query(
        q=search_text(filters.q.data),
        role=filters.role.data or "",
        active=filters.active.data or "",
    )
    page = requested_page(statement)
    return render_template("users/index.html", page=page, filters=filters)


@bp.route("/uitnodigen", methods=["GET", "POST"])
@require(can_manage_users)
def invite() -> Response | str:
    """Invite a user: create the account and e-mail the one-time link to choose a password.

    Without a mail server configured the link is shown once, for the admin to hand over.
    """
    form = UserForm()
    if (first := first_result(form)) is not None:
        return first
    if form.validate_on_submit():
        try:
            user, raw_token = invite_user(form.to_command())
            mailed = send_invitation(user, raw_token)
        except UserError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            if (twin := commit_created(form, url_for("users.edit", user_id=user.id))) is not None:
                return twin
            if not mailed:
                return _link_page(user, raw_token, TokenPurpose.INVITE)
            flash(
                _("De uitnodiging is per e-mail naar %(email)s verstuurd.", email=user.email),
                "success",
            )
            return redirect(url_for("users.edit", user_id=user.id))
    return render_template("users/form.html", form=form, user=None)


@bp.route("/<int:user_id>", methods=["GET", "POST"])
@require(can_manage_users)
def edit(user_id: int) -> Response | str:
    """Change a user's details, role, schools and signatory flag."""
    user = load_user(user_id)
    form = UserForm(data=_form_data(user) if request.method == "GET" else None)

    def change() -> None:
        check_version(user, form.version.data)
        update_user(user, form.to_command())

    if commit_valid(form, change, StaleObject.message):
        flash(_("De gegevens van %(name)s zijn opgeslagen.", name=user.name), "success")
        return redirect(url_for("users.edit", user_id=user.id))
    return render_template(
        "users/form.html", form=form, user=user, second_factor=has_second_factor(user)
    )


@bp.post("/<int:user_id>/deactiveren")
@require(can_manage_users)
def deactivate(user_id: int) -> Response:
    """Deactivate a user; their sessions end at once."""
    user = load_user(user_id)
    try:
        check_version(user, request.form.get("version"))
        deactivate_user(user, current_user._get_current_object())
    except StaleObject as error:
        flash(str(error.message), "error")
    except UserError as error:
        db.session.rollback()
        flash(str(error.message), "error")
    else:
        db.session.commit()
        flash(_("%(name)s is gedeactiveerd en overal afgemeld.", name=user.name), "success")
    return redirect(url_for("users.edit", user_id=user_id))


@bp.post("/<int:user_id>/activeren")
@require(can_manage_users)
def reactivate(user_id: int) -> Response:
    """Reactivate a deactivated user."""
    user = load_user(user_id)
    try:
        check_version(user, request.form.get("version"))
    except StaleObject as error:
        flash(str(error.message), "error")
    else:
        reactivate_user(user)
        db.session.commit()
        flash(_("%(name)s is weer actief.", name=user.name), "success")
    return redirect(url_for("users.edit", user_id=user_id))


@bp.post("/<int:user_id>/wachtwoordlink")
@require(can_manage_users)
def reset_password(user_id: int) -> Response | str:
    """Create a one-time link with which the user chooses a new password."""
    user = load_user(user_id)
    try:
        check_version(user, request.form.get("version"))
        raw_token = reset_password_link(user)
    except StaleObject as error:
        flash(str(error.message), "error")
        return redirect(url_for("users.edit", user_id=user_id))
    except UserError as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return redirect(url_for("users.edit", user_id=user_id))
    db.session.commit()
    purpose = TokenPurpose.RESET if user.password_hash else TokenPurpose.INVITE
    return _link_page(user, raw_token, purpose)


@bp.post("/<int:user_id>/tweede-factor")
@require(can_manage_users)
def reset_second_factor(user_id: int) -> Response:
    """Remove a user's authenticator app and recovery codes (lost phone); sessions end."""
    user = load_user(user_id)
    try:
        check_version(user, request.form.get("version"))
    except StaleObject as error:
        flash(str(error.message), "error")
        return redirect(url_for("users.edit", user_id=user_id))
    reset_factor(user)
    send_second_factor_reset(user)
    db.session.commit()
    flash(
        _(
            "De tweede factor van %(name)s is verwijderd. Bij de volgende aanmelding stelt "
            "%(name)s een nieuwe in.",
            name=user.name,
        ),
        "success",
    )
    return redirect(url_for("users.edit", user_id=user_id))
