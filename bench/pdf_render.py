"""Benchmark `render_pdf` against a bare WeasyPrint render, and the warm worker path.

    .venv/bin/python -m bench.pdf_render [--runs 10]

Measured 4 December 2026 on a quiet 2-core machine, `--runs 8`: render_pdf / bare 1.40 before,
1.05 after `hyphenate-limit-zone: 8%` in document.css (justified paragraphs with
`hyphens: auto` made WeasyPrint lay out each line again for every hyphenation it tried); bare +
document.css / bare 1.49 before, 1.09 after; the warm worker 1.36 before, 1.06 after. A
run an hour later, with the machine slower (bare 866 ms against 642): 1.14, 1.16 and 1.18.
"""

from __future__ import annotations

import argparse
import io
import statistics
import time
from collections.abc import Callable

from pypdf import PdfReader
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from register.pdf import ASSET_DIR, PdfAttachment, render_in_worker, render_pdf, shutdown_workers

SENTENCE = (
    "De verwerker verwerkt de persoonsgegevens uitsluitend in opdracht van de "
    "verwerkingsverantwoordelijke en treft passende technische en organisatorische "
    "maatregelen om een op het risico afgestemd beveiligingsniveau te waarborgen. "
)


def build_document(articles: int = 11) -> str:
    """Return a text-heavy agreement of about ten A4 pages."""
    parts = [
        '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8">',
        "<title>Verwerkersovereenkomst</title>",
        '<meta name="author" content="Gemeente Voorbeeld"></head><body>',
        '<header class="doc-ref">VO-2026-0001 · Model 4.0 versie 1</header>',
        "<h1>Verwerkersovereenkomst</h1>",
    ]
    for number in range(1, articles + 1):
        parts.append(f"<h2>Artikel {number}</h2><ol class='clauses'>")
        parts.extend(f"<li><p>{SENTENCE * 3}</p></li>" for _ in range(4))
        parts.append("</ol>")
    parts.append("</body></html>")
    return "".join(parts)


def measure(label: str, render: Callable[[], bytes], runs: int) -> list[float]:
    """Run `render` once to warm up, then `runs` times; print and return the wall times."""
    render()
    timings, cpu = [], []
    for _ in range(runs):
        started, cpu_started = time.perf_counter(), time.process_time()
        render()
        timings.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
    median = statistics.median(timings)
    p95 = statistics.quantiles(timings, n=20, method="inclusive")[18]
    print(
        f"{label:<28} median {median * 1000:7.1f} ms   p95 {p95 * 1000:7.1f} ms"
        f"   this process's CPU median {statistics.median(cpu) * 1000:7.1f} ms"
    )
    return timings


def _bare_with_stylesheet(html: str) -> bytes:
    # The same typography with WeasyPrint's defaults (fetcher, no PDF/A, no attachment):
    # separates the cost of the stylesheet from the cost of the package's plumbing.
    fonts = FontConfiguration()
    stylesheet = CSS(filename=ASSET_DIR / "document.css", font_config=fonts)
    return HTML(string=html, base_url=str(ASSET_DIR)).write_pdf(
        stylesheets=[stylesheet], font_config=fonts
    )


def main() -> None:
    """Print render timings for the bare, packaged and worker paths."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=10)
    runs = parser.parse_args().runs

    html = build_document()
    snapshot = [
        PdfAttachment("snapshot.json", b'{"versie": 1}', "Momentopname", "application/json")
    ]
    bare_pages = len(HTML(string=html).render().pages)
    our_pages = len(PdfReader(io.BytesIO(render_pdf(html))).pages)
    print(f"document: {len(html) // 1024} KiB HTML; {our_pages} pages styled, {bare_pages} bare")
    print(f"runs: {runs} (after one warm-up each)")

    bare = measure("bare HTML().write_pdf()", lambda: HTML(string=html).write_pdf(), runs)
    styled = measure("bare + document.css", lambda: _bare_with_stylesheet(html), runs)
    packaged = measure(
        "render_pdf (PDF/A-3b)", lambda: render_pdf(html, attachments=snapshot), runs
    )
    started = time.perf_counter()
    render_in_worker(html)
    print(f"{'render_in_worker cold start':<28} {(time.perf_counter() - started) * 1000:7.1f} ms")
    worker = measure("render_in_worker (warm)", lambda: render_in_worker(html), runs)
    shutdown_workers()

    base = statistics.median(bare)
    print(f"ratio render_pdf / bare:       {statistics.median(packaged) / base:.2f}")
    print(f"ratio bare + document.css / bare: {statistics.median(styled) / base:.2f}")
    print(f"ratio render_in_worker / bare: {statistics.median(worker) / base:.2f}")


if __name__ == "__main__":  # required: the worker pool spawns processes that import this
    main()
