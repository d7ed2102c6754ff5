"""Agreement texts: discover, check and render the templates in ``agreements/``.

The templates are data (``agreements/<template-id>/<version>/``); this package finds them
(``catalogue``), renders them in a sandbox from a context of plain values (``sandbox``,
schema in ``schema`` and ``docs/agreement-context.md``) and checks them (``check``).
"""

from .catalogue import Annex, TemplateInfo, get_template, list_templates
from .check import check_all, check_template, format_report
from .errors import (
    InvalidContext,
    InvalidTemplate,
    TemplateChanged,
    TextsError,
    UnknownProduct,
    UnknownTemplate,
)
from .sample import edge_case_context, sample_context
from .sandbox import render_document, render_leaflet
from .schema import validate_context

__all__ = [
    "Annex",
    "InvalidContext",
    "InvalidTemplate",
    "TemplateChanged",
    "TemplateInfo",
    "TextsError",
    "UnknownProduct",
    "UnknownTemplate",
    "check_all",
    "check_template",
    "edge_case_context",
    "format_report",
    "get_template",
    "list_templates",
    "render_document",
    "render_leaflet",
    "sample_context",
    "validate_context",
]
