"""The one lookup of the portal: an agreement of the signed-in user's own organisations."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from register.agreements.models import Agreement
from register.auth.scope import first_or_404, scope_to_user
from register.extensions import db


def within_portal(statement: sa.Select[Any], user: Any) -> sa.Select[Any]:
    """`statement` (on Agreement, or joining it) limited to what a contract manager may see:
    their own schools' agreements, once sent."""
    return scope_to_user(statement.where(Agreement.sent_count > 0), user, Agreement.school_id)


def portal_agreements(user: Any) -> sa.Select[Any]:
    """The agreements a contract manager may see: their own schools', once sent."""
    return within_portal(sa.select(Agreement), user)


def load_agreement_for(user: Any, agreement_id: int) -> Agreement:
    """The agreement if it belongs to one of the user's organisations; otherwise 404."""
    statement = (
        portal_agreements(user)
        .where(Agreement.id == agreement_id)
        .options(
            # The page names both parties, the products and the signatures: all read with
            # the row, in one query (a few products and at most two signatures).
            joinedload(Agreement.school),
            joinedload(Agreement.processor),
            joinedload(Agreement.products),
            joinedload(Agreement.signatures),
        )
    )
    return first_or_404(db.session, statement)
