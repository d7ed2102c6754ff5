"""`AssetURLFetcher` on its own: what it serves and what it refuses."""

from __future__ import annotations

from pathlib import Path

import pytest

from register.pdf import ASSET_DIR, AssetURLFetcher
from register.pdf.fetcher import ASSET_BASE_URL, URLRefused


def test_serves_the_stylesheet_as_css() -> None:
    response = AssetURLFetcher().fetch(ASSET_BASE_URL + "document.css")
    try:
        assert response.content_type == "text/css"
        assert response.read() == (ASSET_DIR / "document.css").read_bytes()
    finally:
        response.close()


def test_serves_fonts_under_their_real_path() -> None:
    url = ASSET_BASE_URL + "fonts/../fonts/DejaVuSerif.ttf"
    response = AssetURLFetcher().fetch(url)
    try:
        assert response.url == (ASSET_DIR / "fonts" / "DejaVuSerif.ttf").as_uri()
        assert response.read()[:4] == b"\x00\x01\x00\x00"  # TrueType
    finally:
        response.close()


def test_serves_data_urls() -> None:
    response = AssetURLFetcher().fetch("data:application/json;base64,eyJhIjogMX0=")
    assert response.content_type == "application/json"
    assert response.read() == b'{"a": 1}'


REFUSED = {
    "etc-passwd": "file:///etc/passwd",
    "escape": f"{ASSET_BASE_URL}../fetcher.py",
    "encoded-escape": f"{ASSET_BASE_URL}%2e%2e/fetcher.py",
    "remote-host": "file://example.org/etc/passwd",
    "relative-file": "file:passwd",
    "not-an-asset-type": f"{ASSET_BASE_URL}fonts/LICENSE",
    "missing-asset": f"{ASSET_BASE_URL}missing.css",
    "directory": f"{ASSET_BASE_URL}fonts.css/",
    "nul-byte": f"{ASSET_BASE_URL}document.css%00.png",
    "http": "http://127.0.0.1:9/x.png",
    "https": "https://example.org/x.css",
    "ftp": "ftp://example.org/x",
    "gopher": "gopher://example.org/x",
    "no-scheme": "/etc/passwd",
}


@pytest.mark.parametrize("url", REFUSED.values(), ids=REFUSED.keys())
def test_refuses(url: str, opened_files: list[str]) -> None:
    with pytest.raises(URLRefused):
        AssetURLFetcher().fetch(url)
    assert opened_files == []


def test_refuses_a_symlink_out_of_the_asset_folder(tmp_path: Path) -> None:
    (tmp_path / "evil.css").symlink_to("/etc/passwd")
    (tmp_path / "good.css").write_text("p { color: red }")
    fetcher = AssetURLFetcher(asset_dir=tmp_path)
    assert fetcher.fetch((tmp_path / "good.css").as_uri()).read() == b"p { color: red }"
    with pytest.raises(URLRefused, match="outside"):
        fetcher.fetch((tmp_path / "evil.css").as_uri())


def test_redirect_handling_is_not_installed() -> None:
    handler_names = {type(handler).__name__ for handler in AssetURLFetcher().handlers}
    assert "HTTPRedirectHandler" not in handler_names
