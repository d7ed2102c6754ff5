"""Render HTML to an archival PDF with the package's own stylesheet, fonts and fetcher."""

from __future__ import annotations

import base64
import functools
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from weasyprint import CSS, HTML, Attachment, Document
from weasyprint.pdf import VARIANTS
from weasyprint.text.fonts import FontConfiguration

from register.characters import xml_text

from .fetcher import ASSET_BASE_URL, AssetURLFetcher

STYLESHEET_URL = ASSET_BASE_URL + "document.css"
DEFAULT_VARIANT = "pdf/a-3b"

_MIME_TYPE = re.compile(r"[A-Za-z0-9][\w.+-]*/[A-Za-z0-9][\w.+-]*")

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PdfAttachment:
    """A file embedded in the PDF with relationship "Data", e.g. a JSON snapshot."""

    name: str
    data: bytes
    description: str = ""
    mime_type: str = "application/octet-stream"

    def __post_init__(self) -> None:
        if not isinstance(self.data, bytes):
            raise TypeError("PdfAttachment.data must be bytes")
        if not self.name or "/" in self.name or "\\" in self.name:
            raise ValueError(f"invalid attachment name: {self.name!r}")
        if not _MIME_TYPE.fullmatch(self.mime_type):
            raise ValueError(f"invalid MIME type: {self.mime_type!r}")

    def to_weasyprint(self, fetcher: AssetURLFetcher, now: datetime) -> Attachment:
        """Build a fresh (single-use) WeasyPrint attachment for one render."""
        # A data: URL carries the MIME type to WeasyPrint, which otherwise guesses it
        # from the file name; the fetcher decodes it without any file or network access.
        encoded = base64.b64encode(self.data).decode("ascii")
        return Attachment(
            url=f"data:{self.mime_type};base64,{encoded}",
            url_fetcher=fetcher,
            name=self.name,
            description=self.description,
            created=now,
            modified=now,
            relationship="Data",
        )


def render_pdf(
    html: str,
    *,
    attachments: Sequence[PdfAttachment] = (),
    variant: str = DEFAULT_VARIANT,
) -> bytes:
    """Render `html` to PDF bytes with the asset stylesheet, embedded fonts and attachments."""
    document, fetcher = render_document(html, variant=variant)
    now = datetime.now(UTC)
    return document.write_pdf(
        attachments=[attachment.to_weasyprint(fetcher, now) for attachment in attachments],
        pdf_variant=variant,
    )


def render_document(
    html: str, *, variant: str = DEFAULT_VARIANT, extra_css: str = ""
) -> tuple[Document, AssetURLFetcher]:
    """Lay out `html` with the asset stylesheet (and `extra_css` after it): the pages."""
    if variant not in VARIANTS:
        raise ValueError(f"unknown PDF variant: {variant!r}")
    fetcher, font_config, house_style = _house_style()
    stylesheets = [house_style]
    if extra_css:
        stylesheets.append(CSS(string=extra_css, url_fetcher=fetcher, font_config=font_config))
    # Stored text from before the forms refused what XML cannot hold would make the PDF/A's
    # XMP metadata (its title and author) ill-formed and print stray glyphs: a space takes
    # its place.
    document = HTML(string=xml_text(html), base_url=ASSET_BASE_URL, url_fetcher=fetcher)
    _neutralise_base(document)
    rendered = document.render(
        stylesheets=stylesheets, font_config=font_config, pdf_variant=variant
    )
    return rendered, fetcher


@functools.cache
def _house_style() -> tuple[AssetURLFetcher, FontConfiguration, CSS]:
    """The asset stylesheet, parsed once per process with its fonts loaded once.

    Parsing it registers every @font-face font with a fresh fontconfig configuration, which
    cost more per render than anything else around WeasyPrint's own work; the parsed sheet
    and the fonts do not change, so every render shares them.
    """
    fetcher = AssetURLFetcher()
    font_config = FontConfiguration()
    return (
        fetcher,
        font_config,
        CSS(url=STYLESHEET_URL, url_fetcher=fetcher, font_config=font_config),
    )


def _neutralise_base(document: HTML) -> None:
    # WeasyPrint lets a <base href> in the document replace base_url; relative URLs must
    # keep resolving inside the asset folder (the fetcher refuses the rest regardless).
    if document.base_url != ASSET_BASE_URL:
        logger.warning("Ignoring <base href> in a PDF document: %.200s", document.base_url)
        document.base_url = ASSET_BASE_URL
