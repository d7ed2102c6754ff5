"""A school's own breaches in the portal: those it was told about, and nothing else.

Every lookup is scoped to the contract manager's organisations through their notices, so
another school's breach (or one no school was told about) is a 404 whatever the URL.
"""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from register.auth.access import require
from register.auth.permissions import is_contract_manager
from register.auth.scope import first_or_404
from register.breaches import bp
from register.breaches.models import Breach
from register.breaches.services import school_breaches
from register.extensions import db
from register.pagination import requested_page


@bp.get("/school")
@require(is_contract_manager)
def school_index() -> str:
    """The breaches the user's schools were told about."""
    page = requested_page(school_breaches(sorted(current_user.organisation_ids)))
    return render_template("breaches/school_index.html", page=page)


@bp.get("/school/<int:breach_id>")
@require(is_contract_manager)
def school_detail(breach_id: int) -> str:
    """One breach the user's school was told about: facts, effects, measures, the notice."""
    ids = sorted(current_user.organisation_ids)
    breach = first_or_404(db.session, school_breaches(ids).where(Breach.id == breach_id))
    notices = [n for n in breach.notices if n.organisation_id in ids]
    return render_template("breaches/school_detail.html", breach=breach, notices=notices)
