"""Documents must not pull local files or network resources into a PDF."""

from __future__ import annotations

import http.client
from collections.abc import Callable
from typing import Any

import pytest
from weasyprint import HTML

from register.pdf import ASSET_DIR, render_pdf
from register.pdf.fetcher import ASSET_BASE_URL

SECRET = "/etc/passwd"
PACKAGE_DIR = ASSET_DIR.parent


@pytest.fixture(autouse=True)
def _passwd_is_a_real_secret() -> None:
    with open(SECRET, "rb") as passwd:
        assert b"root:" in passwd.read()


def _assert_no_secret(pdf: bytes, texts: list[str], blobs: list[bytes]) -> None:
    assert b"root:" not in pdf
    assert not any("root:" in text for text in texts)
    assert not any(b"root:" in blob for blob in blobs)


LOCAL_FILE_ATTACKS = {
    "img": '<img src="file:///etc/passwd">',
    "link-attachment": '<link rel="attachment" href="file:///etc/passwd">',
    "a-attachment": '<a rel="attachment" href="file:///etc/passwd">x</a>',
    "base-href": '<base href="file:///etc/"><img src="passwd">'
    '<link rel="attachment" href="passwd"><a rel="attachment" href="passwd">x</a>',
    "stylesheet": '<link rel="stylesheet" href="file:///etc/passwd">',
    "css-url": "<style>@import url(file:///etc/passwd); p { background: url(/etc/passwd) }"
    "</style><p>x</p>",
    "localhost-host": '<a rel="attachment" href="file://localhost/etc/passwd">x</a>',
}


@pytest.mark.parametrize("markup", LOCAL_FILE_ATTACKS.values(), ids=LOCAL_FILE_ATTACKS.keys())
def test_local_files_stay_out(
    markup: str,
    make_document: Callable[..., str],
    page_texts: Callable[[bytes], list[str]],
    attachment_blobs: Callable[[bytes], list[bytes]],
    opened_files: list[str],
) -> None:
    pdf = render_pdf(make_document(f"<p>Tekst</p>{markup}"))
    _assert_no_secret(pdf, page_texts(pdf), attachment_blobs(pdf))
    assert attachment_blobs(pdf) == []
    assert SECRET not in opened_files  # refused before the file is ever opened
    assert "Tekst" in page_texts(pdf)[0]


def test_the_checks_above_do_detect_a_leak(
    make_document: Callable[..., str],
    page_texts: Callable[[bytes], list[str]],
    attachment_blobs: Callable[[bytes], list[bytes]],
    opened_files: list[str],
) -> None:
    """Control: WeasyPrint's default fetcher embeds the file, and the checks notice."""
    html = make_document(LOCAL_FILE_ATTACKS["link-attachment"])
    pdf = HTML(string=html).write_pdf()
    with pytest.raises(AssertionError):
        _assert_no_secret(pdf, page_texts(pdf), attachment_blobs(pdf))
    assert SECRET in opened_files


def test_base_href_does_not_move_relative_urls(
    make_document: Callable[..., str], attachment_blobs: Callable[[bytes], list[bytes]]
) -> None:
    # With <base> honoured, "document.css" would resolve under /tmp and fail; neutralised,
    # it still resolves inside the asset folder and is embedded as-is.
    markup = '<base href="file:///tmp/elsewhere/"><a rel="attachment" href="document.css">x</a>'
    pdf = render_pdf(make_document(markup))
    assert attachment_blobs(pdf) == [(ASSET_DIR / "document.css").read_bytes()]


ESCAPES = {
    "dot-dot": f"{ASSET_BASE_URL}../fetcher.py",
    "encoded-dot-dot": f"{ASSET_BASE_URL}%2e%2e/fetcher.py",
    "relative-dot-dot": "../fetcher.py",
    "fonts-dot-dot": "fonts/../../fetcher.py",
}


@pytest.mark.parametrize("url", ESCAPES.values(), ids=ESCAPES.keys())
def test_asset_folder_escape_is_refused(
    url: str,
    make_document: Callable[..., str],
    attachment_blobs: Callable[[bytes], list[bytes]],
    opened_files: list[str],
) -> None:
    markup = (
        f'<img src="{url}"><link rel="attachment" href="{url}">'
        f'<a rel="attachment" href="{url}">x</a>'
    )
    pdf = render_pdf(make_document(markup))
    assert attachment_blobs(pdf) == []
    assert str(PACKAGE_DIR / "fetcher.py") not in opened_files


def test_no_network_requests(
    loopback: Any,  # conftest.Loopback
    make_document: Callable[..., str],
    attachment_blobs: Callable[[bytes], list[bytes]],
) -> None:
    # Control: the server is reachable and records what it receives.
    connection = http.client.HTTPConnection("127.0.0.1", loopback.port, timeout=5)
    connection.request("GET", "/control")
    connection.getresponse().read()
    connection.close()
    assert loopback.requests == ["GET /control"]
    loopback.requests.clear()

    markup = (
        f'<img src="{loopback.url("/x.png")}">'
        f'<link rel="stylesheet" href="{loopback.url("/x.css")}">'
        f'<link rel="attachment" href="{loopback.url("/x.json")}">'
        f'<a rel="attachment" href="{loopback.url("/y.json")}">x</a>'
        f'<style>@import url("{loopback.url("/i.css")}");'
        f'@font-face {{ font-family: Remote; src: url("{loopback.url("/f.ttf")}") }}'
        f'p {{ font-family: Remote; background: url("{loopback.url("/bg.png")}") }}</style>'
        f'<base href="{loopback.url("/")}"><img src="relative.png"><p>x</p>'
    )
    pdf = render_pdf(make_document(markup))
    assert loopback.requests == []
    assert attachment_blobs(pdf) == []


def test_data_urls_are_served(
    make_document: Callable[..., str], attachment_blobs: Callable[[bytes], list[bytes]]
) -> None:
    pdf = render_pdf(make_document('<a rel="attachment" href="data:text/plain,hallo">x</a>'))
    assert attachment_blobs(pdf) == [b"hallo"]
