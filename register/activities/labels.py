"""Dutch labels of the activity enums, for forms, filters and pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from register.activities.models import ActivityStatus, DpiaStatus, Role

ROLE_LABELS = {
    Role.CONTROLLER: _l("Verwerkingsverantwoordelijke"),
    Role.PROCESSOR: _l("Verwerker"),
}

STATUS_LABELS = {
    ActivityStatus.DRAFT: _l("Concept"),
    ActivityStatus.ACTIVE: _l("Actief"),
    ActivityStatus.RETIRED: _l("Beëindigd"),
}

STATUS_BADGES = {
    ActivityStatus.DRAFT: "info",
    ActivityStatus.ACTIVE: "ok",
    ActivityStatus.RETIRED: "neutral",
}

DPIA_LABELS = {
    DpiaStatus.NOT_NEEDED: _l("Niet nodig"),
    DpiaStatus.NOT_STARTED: _l("Nog niet gestart"),
    DpiaStatus.IN_PROGRESS: _l("Bezig"),
    DpiaStatus.COMPLETED: _l("Afgerond"),
}
