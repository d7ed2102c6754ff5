"""Archival PDF rendering: HTML in, PDF/A-3b bytes out, touching only the package's assets."""

from . import errors
from .assembly import RenderedPart
from .errors import RenderError, RenderFailed, RenderTimeout
from .fetcher import ASSET_DIR, AssetURLFetcher
from .parts import render_in_parts
from .render import PdfAttachment, render_pdf
from .worker import render_in_worker, shutdown_workers

__all__ = [
    "ASSET_DIR",
    "AssetURLFetcher",
    "PdfAttachment",
    "RenderError",
    "RenderedPart",
    "RenderFailed",
    "RenderTimeout",
    "errors",
    "render_in_worker",
    "render_in_parts",
    "render_pdf",
    "shutdown_workers",
]
