"""Routes of the vocabularies: the lists, their terms, and (for admins) changes to them."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from register.auth.access import require
from register.auth.permissions import can_manage_vocabularies, can_read_register
from register.extensions import db
from register.pagination import page_number, paginate
from register.submitting import EditOutcome, run_create, run_versioned_change, run_versioned_edit
from register.vocabularies import bp
from register.vocabularies.errors import StaleTerm, TermError
from register.vocabularies.forms import ActiveForm, TermForm
from register.vocabularies.labels import BY_SLUG, VOCABULARIES
from register.vocabularies.models import Term, Vocabulary
from register.vocabularies.services import create_term, set_term_active, update_term


def load_vocabulary(slug: str) -> Vocabulary:
    """The vocabulary for a URL slug, or 404."""
    vocabulary = BY_SLUG.get(slug)
    if vocabulary is None:
        abort(404)
    return vocabulary


def load_term(term_id: int) -> Term:
    """The term or 404."""
    return db.get_or_404(Term, term_id)


@bp.get("/")
@require(can_read_register)
def index() -> str:
    """Every vocabulary with its number of active and deactivated terms."""
    rows = db.session.execute(
        sa.select(Term.vocabulary, Term.is_active, sa.func.count()).group_by(
            Term.vocabulary, Term.is_active
        )
    )
    counts: dict[tuple[Vocabulary, bool], int] = {(v, a): n for v, a, n in rows}
    return render_template("vocabularies/index.html", vocabularies=VOCABULARIES, counts=counts)


@bp.get("/<slug>")
@require(can_read_register)
def terms(slug: str) -> str:
    """The terms of one vocabulary, active ones first, in their order."""
    vocabulary = load_vocabulary(slug)
    statement = (
        sa.select(Term)
        .where(Term.vocabulary == vocabulary)
        .order_by(Term.is_active.desc(), Term.group, Term.sort_order, Term.label, Term.id)
    )
    page = paginate(db.session, statement, page_number(request.args.get("page")), 100)
    return render_template(
        "vocabularies/terms.html",
        vocabulary=vocabulary,
        info=VOCABULARIES[vocabulary],
        slug=slug,
        page=page,
        active_forms={t.id: ActiveForm(data={"version": t.version}) for t in page.items},
    )


@bp.route("/<slug>/nieuw", methods=["GET", "POST"])
@require(can_manage_vocabularies)
def create(slug: str) -> Response | str:
    """Add a term to a vocabulary."""
    vocabulary = load_vocabulary(slug)
    form = TermForm()
    created = run_create(
        form,
        lambda: create_term(db.session, vocabulary, form.to_command()),
        lambda _term: url_for("vocabularies.terms", slug=slug),
        lambda term: _("‘%(label)s’ is toegevoegd.", label=term.label),
    )
    if created is not None:
        return created
    return render_template(
        "vocabularies/form.html",
        form=form,
        vocabulary=vocabulary,
        info=VOCABULARIES[vocabulary],
        slug=slug,
        term=None,
    )


@bp.route("/termen/<int:term_id>/bewerken", methods=["GET", "POST"])
@require(can_manage_vocabularies)
def edit(term_id: int) -> Response | str | tuple[str, int]:
    """Change a term; a stale form overwrites nothing and keeps what was typed."""
    term = load_term(term_id)
    slug = VOCABULARIES[term.vocabulary][0]
    form = TermForm(obj=term)
    if not form.is_submitted():
        form.version.data = str(term.version)
    outcome = run_versioned_edit(
        form, lambda version: update_term(db.session, term, form.to_command(), version), term
    )
    if outcome is EditOutcome.SAVED:
        flash(_("‘%(label)s’ is gewijzigd.", label=term.label), "success")
        return redirect(url_for("vocabularies.terms", slug=slug))
    conflict = outcome is EditOutcome.STALE
    html = render_template(
        "vocabularies/form.html",
        form=form,
        vocabulary=term.vocabulary,
        info=VOCABULARIES[term.vocabulary],
        slug=slug,
        term=term,
        conflict_message=StaleTerm.message if conflict else None,
    )
    return (html, 409) if conflict else html


def _set_active(term_id: int, active: bool) -> Response:
    term = load_term(term_id)
    run_versioned_change(
        ActiveForm(),
        lambda version: set_term_active(db.session, term, active, version),
        TermError,
        StaleTerm.message,
        _("‘%(label)s’ is weer actief.", label=term.label)
        if active
        else _(
            "‘%(label)s’ is gedeactiveerd: bestaande verwerkingen houden de term, "
            "nieuwe kunnen hem niet meer kiezen.",
            label=term.label,
        ),
    )
    return redirect(url_for("vocabularies.terms", slug=VOCABULARIES[term.vocabulary][0]))


@bp.post("/termen/<int:term_id>/deactiveren")
@require(can_manage_vocabularies)
def deactivate(term_id: int) -> Response:
    """Deactivate a term (it stays on the activities that use it)."""
    return _set_active(term_id, False)


@bp.post("/termen/<int:term_id>/activeren")
@require(can_manage_vocabularies)
def reactivate(term_id: int) -> Response:
    """Make a deactivated term active again."""
    return _set_active(term_id, True)
