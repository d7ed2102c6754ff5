"""A WeasyPrint URL fetcher that serves only the package's own assets."""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher, URLFetcherResponse

ASSET_DIR = Path(__file__).resolve().parent / "assets"
ASSET_BASE_URL = ASSET_DIR.as_uri() + "/"

# Only these kinds of files are served from the asset folder, with these content types.
_CONTENT_TYPES = {
    ".css": "text/css; charset=utf-8",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".svg": "image/svg+xml",
}

logger = logging.getLogger(__name__)


class URLRefused(ValueError):
    """The fetcher refused a URL; WeasyPrint logs it and skips the resource."""


class AssetURLFetcher(URLFetcher):
    """Serve `file:` URLs inside the asset folder and inline `data:` URLs; refuse the rest.

    `data:` URLs are allowed because their content is already inside the document:
    decoding one reads no file and opens no connection, so it cannot leak anything the
    document's author does not already have. `render_pdf` also uses them to hand
    attachments (with their MIME type) to WeasyPrint.
    """

    def __init__(self, asset_dir: Path = ASSET_DIR) -> None:
        # The parent only ever sees `data:` URLs (see fetch); no redirect handler either.
        super().__init__(allowed_protocols=("data",), allow_redirects=False, timeout=5)
        self.asset_dir = asset_dir.resolve()

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        """Return the asset or inline data for `url`, or raise `URLRefused`."""
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            return self._fetch_asset(url)
        logger.warning("PDF rendering refused a non-asset URL: %.200s", url)
        raise URLRefused(f"URL scheme not allowed: {scheme or '(none)'}")

    def resolve_asset(self, url: str) -> Path:
        """Return the real path of the asset `url` points to, or raise `URLRefused`."""
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            raise URLRefused("file URL with a remote host")
        try:
            raw = Path(url2pathname(unquote(parts.path)))
            path = raw.resolve()
        except (OSError, ValueError) as exc:
            raise URLRefused("unreadable file URL") from exc
        if not raw.is_absolute() or not path.is_relative_to(self.asset_dir):
            raise URLRefused("file outside the PDF asset folder")
        if path.suffix.lower() not in _CONTENT_TYPES:
            raise URLRefused("file type not served as a PDF asset")
        if not path.is_file():
            raise URLRefused("no such asset")
        return path

    def _fetch_asset(self, url: str) -> URLFetcherResponse:
        try:
            path = self.resolve_asset(url)
        except URLRefused:
            logger.warning("PDF rendering refused a file URL: %.200s", url)
            raise
        return URLFetcherResponse(
            path.as_uri(),
            path.read_bytes(),
            headers={"Content-Type": _CONTENT_TYPES[path.suffix.lower()]},
        )
