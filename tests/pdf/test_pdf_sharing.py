"""Shared pages: laid out once per distinct HTML, stamped into each document's own frame."""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator

import pytest
from pypdf import PdfReader

from register.pdf import PdfAttachment, compose_in_worker, shared_cache, shared_pages, worker

DOCUMENT = (
    '<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>{title}</title></head>'
    "<body>{body}</body></html>"
)
SHARED = DOCUMENT.format(
    title="Gedeeld",
    body=(
        '<section class="shared-segment" id="segment-body"><h1>Artikelen</h1>'
        + "<p>Gedeelde bepaling.</p>" * 120
        + '</section><section class="shared-segment" id="segment-annex">'
        "<h1>Bijlage gedeeld</h1><p>Bijlagetekst.</p></section>"
    ),
)


@pytest.fixture(autouse=True)
def _fresh() -> Iterator[None]:
    shared_cache.clear()
    yield
    shared_cache.clear()


def _own(number: str, placeholders: str) -> str:
    return DOCUMENT.format(
        title=f"Overeenkomst {number}",
        body=(
            f'<header class="doc-ref">{number} · Model 4.0 versie 1</header>'
            f'<section class="cover"><h1>Voorblad {number}</h1></section>{placeholders}'
            f'<section class="annex"><h1>Eigen bijlage {number}</h1></section>'
        ),
    )


def _texts(data: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages]


def test_shared_pages_are_laid_out_once_and_each_frame_numbers_its_own_pages():
    pages = shared_pages(SHARED, timeout=60)
    again = shared_pages(SHARED, timeout=60)
    assert again is pages
    assert (shared_cache.stats.renders, shared_cache.stats.hits) == (1, 1)
    first, count = pages.segments["segment-body"]
    assert first == 0 and count >= 2
    assert pages.segments["segment-annex"] == (count, 1)

    placeholders = pages.placeholders({"body": "segment-body", "annex": "segment-annex"})
    for number in ("VO-2026-0001", "VO-2026-0002"):
        html = _own(number, placeholders["body"] + placeholders["annex"])
        attachment = PdfAttachment(name=f"{number}.json", data=b"{}", mime_type="application/json")
        pdf = compose_in_worker(html, pages, attachments=(attachment,), timeout=60)
        texts = _texts(pdf)
        total = 1 + pages.page_count + 1
        assert len(texts) == total
        for index, text in enumerate(texts, start=1):
            assert number in text and f"pagina {index} van {total}" in text
        assert "Voorblad" in texts[0] and "Artikelen" in texts[1] and "Bijlage gedeeld" in texts[-2]
        assert "Gedeelde bepaling." in texts[2]
        assert f"Eigen bijlage {number}" in texts[-1]
        reader = PdfReader(io.BytesIO(pdf))
        assert list(reader.attachments) == [f"{number}.json"]
        titles = [item.title for item in reader.outline]
        assert titles == [
            f"Voorblad {number}",
            "Artikelen",
            "Bijlage gedeeld",
            f"Eigen bijlage {number}",
        ]
        assert [reader.get_destination_page_number(item) for item in reader.outline] == [
            0,
            1,
            total - 2,
            total - 1,
        ]
        xmp = reader.xmp_metadata
        assert xmp is not None
        raw = xmp.stream.get_data().decode()
        assert "pdfaid" in raw and "3" in raw


def test_threads_asking_for_the_same_pages_wait_for_one_render():
    results = []

    def ask() -> None:
        results.append(shared_pages(SHARED, timeout=60))

    threads = [threading.Thread(target=ask) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 3 and all(result is results[0] for result in results)
    assert (shared_cache.stats.renders, shared_cache.stats.hits) == (1, 2)
    shared_pages(SHARED.replace("Gedeelde bepaling.", "Andere bepaling."), timeout=60)
    assert shared_cache.stats.renders == 2


def test_a_document_without_placeholders_is_written_as_it_is():
    html = _own("VO-2026-0003", "")
    texts = _texts(compose_in_worker(html, None, timeout=60))
    assert len(texts) == 2 and "pagina 2 van 2" in texts[1]


@pytest.fixture(scope="module", autouse=True)
def _fresh_workers() -> Iterator[None]:
    worker.shutdown_workers()
    yield
    worker.shutdown_workers()
