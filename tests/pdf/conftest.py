"""Fixtures for the PDF package tests: document builder, PDF readers, spies."""

from __future__ import annotations

import io
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from pypdf import PdfReader

DOC_REF = "VO-2026-0001 · Model 4.0 versie 1"

# An audit hook cannot be removed, so it is installed once and records only while a
# test holds the `opened_files` fixture.
_recording: list[list[str]] = []


def _audit(event: str, args: tuple[object, ...]) -> None:
    if _recording and event == "open" and isinstance(args[0], str | bytes):
        path = args[0].decode(errors="replace") if isinstance(args[0], bytes) else args[0]
        _recording[-1].append(path)


sys.addaudithook(_audit)


@pytest.fixture
def opened_files() -> Iterator[list[str]]:
    """Paths Python opened (builtin `open` and friends) during the test."""
    paths: list[str] = []
    _recording.append(paths)
    yield paths
    _recording.remove(paths)


@pytest.fixture(scope="session")
def make_document() -> Callable[..., str]:
    """Return a builder of a complete document (lang, title, author, doc-ref header)."""

    def build(
        body: str,
        *,
        title: str = "Verwerkersovereenkomst",
        head: str = "",
        author: str = "Gemeente Voorbeeld",
        description: str = "Overeenkomst volgens Model 4.0",
    ) -> str:
        return (
            '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8">'
            f"<title>{title}</title>"
            f'<meta name="author" content="{author}">'
            f'<meta name="description" content="{description}">{head}</head>'
            f'<body><header class="doc-ref">{DOC_REF}</header>{body}</body></html>'
        )

    return build


@pytest.fixture(scope="session")
def read_pdf() -> Callable[[bytes], PdfReader]:
    """Return a function that parses PDF bytes with pypdf."""

    def read(data: bytes) -> PdfReader:
        assert data.startswith(b"%PDF-")
        return PdfReader(io.BytesIO(data))

    return read


@pytest.fixture(scope="session")
def page_texts(read_pdf: Callable[[bytes], PdfReader]) -> Callable[[bytes], list[str]]:
    """Return a function giving the extracted text of every page."""

    def texts(data: bytes) -> list[str]:
        return [page.extract_text() for page in read_pdf(data).pages]

    return texts


@pytest.fixture(scope="session")
def attachment_blobs(read_pdf: Callable[[bytes], PdfReader]) -> Callable[[bytes], list[bytes]]:
    """Return a function giving every embedded file: document level and link annotations."""

    def blobs(data: bytes) -> list[bytes]:
        reader = read_pdf(data)
        found = [blob for items in reader.attachments.values() for blob in items]
        for page in reader.pages:
            for annotation in page.get("/Annots") or []:
                annotation = annotation.get_object()
                if annotation.get("/Subtype") == "/FileAttachment":
                    stream = annotation["/FS"].get_object()["/EF"]["/F"].get_object()
                    found.append(stream.get_data())
        return found

    return blobs


@dataclass
class Loopback:
    """A real HTTP server on 127.0.0.1 that records every request it receives."""

    port: int
    requests: list[str] = field(default_factory=list)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


@pytest.fixture
def loopback() -> Iterator[Loopback]:
    """Start a recording HTTP server on a free loopback port for one test."""
    seen: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def _record(self) -> None:
            seen.append(f"{self.command} {self.path}")
            self.send_response(302)  # would bounce a follower to a local file
            self.send_header("Location", "file:///etc/passwd")
            self.end_headers()

        do_GET = do_HEAD = do_POST = _record  # noqa: N815

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Loopback(port=server.server_address[1], requests=seen)
    finally:
        server.shutdown()
        server.server_close()
