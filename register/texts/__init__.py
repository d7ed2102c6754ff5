"""Agreement texts: discover, check and render the templates in ``agreements/``.

The templates are data (``agreements/<template-id>/<version>/``); this package finds them
(``catalogue``), renders them in a sandbox from a context of plain values (``sandbox``,
schema in ``schema`` and ``docs/agreement-context.md``) and checks them (``check``). A
rendered document is a sequence of segments (``parts``): those particular to one agreement
and, in a template with a cover, those every agreement with the same products shares.
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
from .parts import DocumentParts, Segment, segment_id
from .sample import edge_case_context, sample_context
from .sandbox import document_parts, leaflet_parts, render_document, render_leaflet
from .schema import validate_context

__all__ = [
    "Annex",
    "DocumentParts",
    "InvalidContext",
    "InvalidTemplate",
    "TemplateChanged",
    "TemplateInfo",
    "TextsError",
    "UnknownProduct",
    "Segment",
    "UnknownTemplate",
    "check_all",
    "check_template",
    "document_parts",
    "edge_case_context",
    "format_report",
    "get_template",
    "leaflet_parts",
    "list_templates",
    "render_document",
    "render_leaflet",
    "sample_context",
    "segment_id",
    "validate_context",
]
