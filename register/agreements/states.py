"""The agreement life cycle: states (with their Dutch labels) and the allowed transitions."""

from __future__ import annotations

import enum

from flask_babel import lazy_gettext as _l

from register.db import LabelledEnum


class AgreementState(LabelledEnum):
    DRAFT = "draft", _l("Concept")
    IN_REVIEW = "in_review", _l("Ter beoordeling bij de school")
    AWAITING_SIGNATURE = "awaiting_signature", _l("Wacht op ondertekening")
    SIGNED = "signed", _l("Ondertekend")
    CANCELLED = "cancelled", _l("Geannuleerd")
    TERMINATED = "terminated", _l("Beëindigd")
    SUPERSEDED = "superseded", _l("Vervangen")
    WITHDRAWN = "withdrawn", _l("Ingetrokken")


class Party(enum.Enum):
    CONTROLLER = "controller"
    PROCESSOR = "processor"


PARTY_NAMES = {Party.CONTROLLER: _l("de school"), Party.PROCESSOR: _l("de verwerker")}


# Badge kinds of `_macros.badge` per state.
STATE_BADGES = {
    AgreementState.DRAFT: "neutral",
    AgreementState.IN_REVIEW: "info",
    AgreementState.AWAITING_SIGNATURE: "warn",
    AgreementState.SIGNED: "ok",
    AgreementState.CANCELLED: "neutral",
    AgreementState.TERMINATED: "danger",
    AgreementState.SUPERSEDED: "neutral",
    AgreementState.WITHDRAWN: "neutral",
}

ACTION_LABELS = {
    "create": _l("Opgesteld"),
    "send": _l("Verzonden ter beoordeling"),
    "approve": _l("Goedgekeurd door de school"),
    "reject": _l("Afgewezen door de school"),
    "cancel": _l("Geannuleerd"),
    "sign": _l("Ondertekend"),
    "complete_signing": _l("Volledig ondertekend"),
    "upload_scan": _l("Natte handtekening (scan) geüpload"),
    "terminate": _l("Beëindigd"),
    "supersede": _l("Vervangen door een nieuwe overeenkomst"),
    "withdraw": _l("Ingetrokken door de verwerker"),
    "remind": _l("Herinnering gestuurd"),
}

S = AgreementState
# action -> (states it may start from, state it leads to; None: stays, decided by the method).
TRANSITIONS: dict[str, tuple[frozenset[AgreementState], AgreementState | None]] = {
    "send": (frozenset({S.DRAFT}), S.IN_REVIEW),
    "approve": (frozenset({S.IN_REVIEW}), S.AWAITING_SIGNATURE),
    "reject": (frozenset({S.IN_REVIEW}), S.DRAFT),
    "cancel": (frozenset({S.DRAFT}), S.CANCELLED),
    "sign": (frozenset({S.AWAITING_SIGNATURE}), None),
    "upload_scan": (frozenset({S.AWAITING_SIGNATURE}), S.SIGNED),
    "terminate": (frozenset({S.SIGNED}), S.TERMINATED),
    # A signed agreement once its successor is signed; one still with the school once its
    # successor is sent (`lifecycle.supersede`).
    "supersede": (frozenset({S.SIGNED, S.IN_REVIEW, S.AWAITING_SIGNATURE}), S.SUPERSEDED),
    "withdraw": (frozenset({S.IN_REVIEW, S.AWAITING_SIGNATURE}), S.WITHDRAWN),
    "remind": (frozenset({S.IN_REVIEW, S.AWAITING_SIGNATURE}), None),
}

# States in which the agreement (and its documents) never change again, apart from the
# transitions out of `signed` and the drift flags kept beside it.
FROZEN = frozenset({S.SIGNED, S.TERMINATED, S.SUPERSEDED})
# States that cover a school's licence for a product ("pending or signed").
COVERING = frozenset({S.IN_REVIEW, S.AWAITING_SIGNATURE, S.SIGNED})
# States in which the agreement is still being worked on or is in force.
LIVE = frozenset({S.DRAFT, S.IN_REVIEW, S.AWAITING_SIGNATURE, S.SIGNED})
