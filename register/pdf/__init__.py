"""Archival PDF rendering: HTML in, PDF/A-3b bytes out, touching only the package's assets.

Documents that share most of their pages (the agreements of a round) lay the shared pages
out once (`shared_pages`, cached per process) and stamp them into each document's own
frame (`compose_in_worker`); see `sharing`.
"""

from . import errors
from .assembly import RenderedPart
from .errors import RenderError, RenderFailed, RenderTimeout
from .fetcher import ASSET_DIR, AssetURLFetcher
from .parts import render_in_parts
from .render import PdfAttachment, render_pdf
from .shared_cache import shared_pages
from .sharing import SharedPages
from .worker import compose_in_worker, render_in_worker, shutdown_workers

__all__ = [
    "ASSET_DIR",
    "AssetURLFetcher",
    "PdfAttachment",
    "RenderError",
    "RenderedPart",
    "RenderFailed",
    "RenderTimeout",
    "SharedPages",
    "compose_in_worker",
    "errors",
    "render_in_worker",
    "render_in_parts",
    "render_pdf",
    "shared_pages",
    "shutdown_workers",
]
