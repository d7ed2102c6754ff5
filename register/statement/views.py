"""The privacy statement: the published versions (public), their review and publication, and
the cookie register (staff).

The public pages serve what was published, never the register live. The page of a version
is its stored HTML; the PDF is made from that same HTML by the job worker when the version
is published and stored (register.statement.document), so page and PDF say the same, an old
version reads as it was published, and no web process renders.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from register.activities.models import Activity, ActivityStatus, Role
from register.auth.access import public, require
from register.auth.permissions import can_edit_register, can_read_register
from register.error_pages import render_error
from register.errors import DomainError
from register.extensions import db, limiter
from register.statement import bp, cookies, publishing
from register.statement.document import statement_title, stored_pdf
from register.statement.errors import CookieStale
from register.statement.forms import ButtonForm, CookieForm, PublishForm
from register.statement.models import Cookie, CookieKind, StatementPublication
from register.submitting import commit_valid, run_create, run_versioned_change
from register.vocabularies.models import Term, Vocabulary


def _pdf_limit() -> str:
    return current_app.config["STATEMENT_PDF_RATE_LIMIT"]


def load_version(number: int) -> StatementPublication:
    """A published version by its number, or 404."""
    return db.first_or_404(
        sa.select(StatementPublication).where(StatementPublication.number == number)
    )


def load_cookie(cookie_id: int) -> Cookie:
    """A cookie of the register, or 404."""
    return db.get_or_404(Cookie, cookie_id)


def render_body(plain: dict[str, Any], publication: StatementPublication) -> str:
    """The statement's text for a version, as stored and shown from then on."""
    organisation = plain.get("organisation")
    with force_locale("nl"):  # the published text is the Dutch one, whoever publishes it
        return render_template(
            "statement/_content.html",
            statement=plain,
            name=organisation["name"] if organisation else _("Onze organisatie"),
            published_on=publication.published_on,
            number=publication.number,
        )


def _page(publication: StatementPublication | None, *, current: bool) -> str:
    return render_template(
        "statement/index.html",
        publication=publication,
        body=Markup(publication.body_html) if publication else None,  # noqa: S704 (our own stored, autoescaped render)
        title=statement_title(publication) if publication else _("Privacyverklaring"),
        current=current,
    )


def _pdf(publication: StatementPublication | None) -> Response | tuple[str, int, dict[str, str]]:
    if publication is None:
        abort(404)
    data = stored_pdf(db.session, publication)
    if data is None:  # the worker renders it just after publishing
        page, code = render_error(
            503, _("De PDF van deze versie wordt nog opgemaakt. Probeer het zo opnieuw.")
        )
        return page, code, {"Retry-After": "30"}
    response = current_app.response_class(data, mimetype="application/pdf")
    name = f"privacyverklaring-{publication.number}.pdf"
    response.headers["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@bp.get("")
@public
def index() -> str:
    """The last published privacy statement."""
    return _page(publishing.latest(db.session), current=True)


@bp.get("/pdf")
@public
@limiter.limit(_pdf_limit)
def pdf() -> Response | tuple[str, int, dict[str, str]]:
    """The last published privacy statement as a PDF document."""
    return _pdf(publishing.latest(db.session))


@bp.get("/versies")
@public
def versions() -> str:
    """Every published version with its date, newest first."""
    rows = db.session.scalars(
        sa.select(StatementPublication).order_by(StatementPublication.number.desc())
    ).all()
    return render_template("statement/versions.html", versions=rows)


@bp.get("/versies/<int:number>")
@public
def version(number: int) -> str:
    """One published version, as it was published."""
    publication = load_version(number)
    latest = publishing.latest(db.session)
    return _page(publication, current=latest is not None and latest.id == publication.id)


@bp.get("/versies/<int:number>/pdf")
@public
@limiter.limit(_pdf_limit)
def version_pdf(number: int) -> Response | tuple[str, int, dict[str, str]]:
    """One published version as a PDF document."""
    return _pdf(load_version(number))


@bp.get("/wijzigingen")
@require(can_read_register)
def review() -> str:
    """What publishing now would change, by section, and whether it may be published."""
    _, plain = publishing.candidate(db.session)
    current = publishing.latest(db.session)
    form = PublishForm(reviewed=publishing.fingerprint(plain))
    return render_template(
        "statement/review.html",
        current=current,
        changes=publishing.changes(current.content if current else None, plain),
        problems=publishing.problems(plain),
        form=form,
    )


@bp.post("/publiceren")
@require(can_edit_register)
def publish() -> Response:
    """Publish the reviewed statement as the next version."""
    form = PublishForm()
    if not form.validate_on_submit():
        flash(_("Het formulier is verlopen. Bekijk de wijzigingen opnieuw."), "error")
        return redirect(url_for("statement.review"))
    try:
        publication = publishing.publish_statement(
            db.session,
            expected=form.reviewed.data or "",
            user_id=current_user.id,
            render=render_body,
        )
    except DomainError as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return redirect(url_for("statement.review"))
    db.session.commit()
    flash(
        _("Versie %(number)d van de privacyverklaring is gepubliceerd.", number=publication.number),
        "success",
    )
    return redirect(url_for("statement.index"))


def _choose(form: CookieForm) -> None:
    bases = db.session.execute(
        sa.select(Term.id, Term.label)
        .where(Term.vocabulary == Vocabulary.LEGAL_BASIS, Term.is_active.is_(True))
        .order_by(Term.sort_order, Term.label)
    ).all()
    form.legal_basis_id.choices = [SelectChoice(None, "—")] + [
        SelectChoice(row.id, row.label) for row in bases
    ]
    activities = db.session.execute(
        sa.select(Activity.id, Activity.name)
        .where(Activity.role == Role.CONTROLLER, Activity.status != ActivityStatus.RETIRED)
        .order_by(Activity.name)
    ).all()
    form.activity_id.choices = [SelectChoice(None, "—")] + [
        SelectChoice(row.id, row.name) for row in activities
    ]


@bp.get("/cookies")
@require(can_read_register)
def cookie_index() -> str:
    """The cookie register."""
    rows = db.session.scalars(sa.select(Cookie).order_by(Cookie.kind, Cookie.name)).all()
    return render_template(
        "statement/cookies.html", cookies=rows, kinds=CookieKind.labels(), button=ButtonForm()
    )


@bp.route("/cookies/nieuw", methods=["GET", "POST"])
@require(can_edit_register)
def cookie_create() -> Response | str:
    """Record a cookie."""
    form = CookieForm()
    _choose(form)
    created = run_create(
        form,
        lambda: cookies.create_cookie(db.session, form.to_command()),
        lambda _cookie: url_for("statement.cookie_index"),
        _("De cookie is vastgelegd."),
    )
    if created is not None:
        return created
    return render_template("statement/cookie_form.html", form=form, cookie=None)


@bp.route("/cookies/<int:cookie_id>/bewerken", methods=["GET", "POST"])
@require(can_edit_register)
def cookie_edit(cookie_id: int) -> Response | str:
    """Change what the register says about a cookie."""
    cookie = load_cookie(cookie_id)
    form = CookieForm(obj=cookie)  # the submitted values, when submitted
    _choose(form)
    if not form.is_submitted():
        form.version.data = str(cookie.version)
        form.kind.data = cookie.kind.value
    if commit_valid(
        form,
        lambda: cookies.update_cookie(
            db.session, cookie, form.to_command(), version=form.submitted_version()
        ),
        CookieStale.message,
    ):
        flash(_("De cookie is gewijzigd."), "success")
        return redirect(url_for("statement.cookie_index"))
    return render_template("statement/cookie_form.html", form=form, cookie=cookie)


@bp.post("/cookies/<int:cookie_id>/verwijderen")
@require(can_edit_register)
def cookie_delete(cookie_id: int) -> Response:
    """Remove a cookie the websites no longer place."""
    cookie = load_cookie(cookie_id)
    run_versioned_change(
        ButtonForm(),
        lambda version: cookies.delete_cookie(db.session, cookie, version=version),
        DomainError,
        CookieStale.message,
        _("De cookie is verwijderd."),
    )
    return redirect(url_for("statement.cookie_index"))
