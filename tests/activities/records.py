"""Plain record dicts for completeness and diff tests (the shape of `activity_record`)."""

from __future__ import annotations

import copy
from typing import Any

COMPLETE_CONTROLLER: dict[str, Any] = {
    "format": 1,
    "id": 1,
    "name": "Nieuwsbrief",
    "description": "Versturen van de nieuwsbrief",
    "role": "controller",
    "status": "draft",
    "product": None,
    "department": "Marketing",
    "owner": "Hoofd marketing",
    "joint_controller": "",
    "processing_categories": "",
    "storage_location": "Mailsysteem",
    "data_source": "Betrokkene zelf",
    "automated_decision_making": False,
    "automated_decision_logic": "",
    "security_description": "",
    "rights_available": "",
    "dpia": {"required": False, "status": "not_needed", "link": ""},
    "review_date": "2027-01-01",
    "purposes": [
        {
            "purpose": "Nieuwsbrief versturen",
            "legal_basis": "Toestemming",
            "legal_basis_reference": "AVG art. 6 lid 1 sub a",
            "special_condition": None,
            "legitimate_interest": "",
            "lia_link": "",
        }
    ],
    "data_subjects": ["Abonnees"],
    "data_categories": [
        {
            "category": "E-mailadres",
            "data_subject": "Abonnees",
            "required": True,
            "special_category": False,
            "criminal_data": False,
            "national_identifier": False,
        }
    ],
    "recipient_categories": ["Geen ontvangers buiten de organisatie"],
    "recipients": [],
    "subprocessors": [],
    "transfers": [],
    "retention": [
        {
            "data_category": None,
            "period": "Tot afmelding",
            "trigger": "afmelding",
            "reason": "Nodig om te versturen",
            "legal_exception": "",
        }
    ],
    "security_measures": [{"label": "Versleuteling", "group": "Technisch"}],
    "retired_at": None,
    "retired_reason": "",
}

COMPLETE_PROCESSOR: dict[str, Any] = {
    **copy.deepcopy(COMPLETE_CONTROLLER),
    "name": "DOENIN leeromgeving",
    "role": "processor",
    "product": {"code": "DOENIN", "name": "DOENIN"},
    "processing_categories": "Opslag en weergave van leerresultaten",
    "recipient_categories": [],
    "subprocessors": [
        {"name": "Hoster BV", "service": "Hosting", "location": "Nederland", "safeguard": "ISO"}
    ],
}


def record(base: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """A deep copy of `base` with top-level keys replaced."""
    out = copy.deepcopy(base)
    out.update(copy.deepcopy(changes))
    return out
