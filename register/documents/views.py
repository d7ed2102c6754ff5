"""The documents check on a staff page (privacy staff and auditors read it)."""

from __future__ import annotations

from flask import render_template

from register.auth.access import require
from register.auth.permissions import can_read_agreements
from register.db import current_session
from register.documents import bp
from register.documents.findings import register_findings


@bp.get("/controle")
@require(can_read_agreements)
def check() -> str:
    """Every empty, placeholder or contradicted item the documents would show."""
    findings = register_findings(current_session())
    return render_template(
        "documents/check.html",
        findings=findings,
        blocking=[f for f in findings if f.blocking],
    )
