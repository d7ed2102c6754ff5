"""The register as JSON, following docs/register-export.schema.json (versioned)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from register.exchange.columns import FORMAT_VERSION
from register.exchange.exporting.dataset import RegisterData

SCHEMA_ID = "https://verwerkingsregister.example/schemas/register-export-v1.json"
# Whose legal basis a record's purposes name: a processor acts on the school's basis.
_LEGAL_BASIS_HOLDER = {"controller": "own", "processor": "controller", "": "own"}


def export_document(data: RegisterData) -> dict[str, Any]:
    """The export as plain values: metadata, organisation, records, controllers, vocabularies."""
    return {
        "$schema": SCHEMA_ID,
        "format": "register-export",
        "format_version": FORMAT_VERSION,
        "generated_at": data.generated_at.astimezone(dt.UTC).isoformat(),
        "as_of": data.as_of.isoformat() if data.as_of else None,
        "reference_date": data.reference_date.isoformat(),
        "filter": data.filter.as_params(),
        "organisation": data.organisation,
        "activities": [
            {**record, "legal_basis_holder": _LEGAL_BASIS_HOLDER[record.get("role") or ""]}
            for record in data.records
        ],
        "controllers_by_product": data.controllers,
        "products": {
            code: {"name": data.product_names[code], "deletion_term": data.deletion_terms[code]}
            for code in sorted(data.product_names)
        },
        "vocabularies": data.vocabularies,
    }


def export_json(data: RegisterData) -> bytes:
    """The register as UTF-8 JSON bytes."""
    return json.dumps(export_document(data), ensure_ascii=False, indent=2).encode("utf-8")
