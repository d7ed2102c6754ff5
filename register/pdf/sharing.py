"""Pages that many documents share, laid out once and stamped into each document's frame.

The agreements of a bulk round differ in a cover, an annex and a signature page; the rest
(clauses, Privacybijsluiters, Beveiligingsbijlage) is the same HTML for the same products.
WeasyPrint's layout is most of the cost of a PDF, so:

1. `render_shared` lays out the shared HTML once, without page furniture: `SharedPages`,
   the PDF with the first page and length of each segment (``section.shared-segment``)
   and its headings. Callers keep it (`register.pdf.shared_cache`).
2. Each document is its own HTML with, where a shared segment belongs, one blank
   `placeholder_html` page per shared page. `compose` lays that out in full, so its
   running header (the agreement number), "pagina X van Y", metadata, XMP, output intent
   and attachments are WeasyPrint's own, as for any document; then it draws every shared
   page over its placeholder as a form XObject (pikepdf's `add_overlay`, qpdf: the
   shared fonts and images are copied once per document) and rebuilds the outline from
   the headings of both, in page order.

Text extraction reads a stamped page as its header and footer, then the shared text.
Links inside shared pages are not carried over (the agreement texts have none).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, datetime

import pikepdf

from .assembly import Bookmark, page_marks
from .render import DEFAULT_VARIANT, PdfAttachment, render_document

# Shared pages carry no page furniture: each document's frame draws its own.
SHARED_CSS = "@page { @top-right { content: none; } @bottom-center { content: none; } }"
SEGMENT_PREFIX = "segment-"
_PLACEHOLDER = "shared-page-{}"


@dataclass(frozen=True, slots=True)
class SharedPages:
    """Shared pages as plain, picklable data: the PDF, its segments and headings."""

    pdf: bytes
    page_count: int
    # Segment id (``segment-<name>``) -> (index of its first page, number of pages).
    segments: dict[str, tuple[int, int]]
    bookmarks: tuple[Bookmark, ...]

    def placeholders(self, segment_ids: dict[str, str]) -> dict[str, str]:
        """For each name -> segment id, the placeholder HTML of that segment's pages."""
        return {name: placeholder_html(*self.segments[sid]) for name, sid in segment_ids.items()}


def placeholder_html(first: int, count: int) -> str:
    """Blank pages standing for shared pages ``first`` .. ``first + count - 1``."""
    return "".join(
        f'<div class="shared-page" id="{_PLACEHOLDER.format(index)}"></div>'
        for index in range(first, first + count)
    )


def render_shared(html: str, *, variant: str = DEFAULT_VARIANT) -> SharedPages:
    """Lay out and write the shared segments once; runs in a worker process."""
    document, _ = render_document(html, variant=variant, extra_css=SHARED_CSS)
    anchors, _links, bookmarks = page_marks(document)
    starts = sorted(
        (page, name) for name, (page, _x, _y) in anchors.items() if name.startswith(SEGMENT_PREFIX)
    )
    total = len(document.pages)
    ends = [page for page, _name in starts[1:]] + [total]
    segments = {name: (page, end - page) for (page, name), end in zip(starts, ends, strict=True)}
    return SharedPages(
        pdf=document.write_pdf(pdf_variant=variant),
        page_count=total,
        segments=segments,
        bookmarks=bookmarks,
    )


def compose(
    html: str,
    shared: SharedPages | None,
    *,
    attachments: tuple[PdfAttachment, ...] = (),
    variant: str = DEFAULT_VARIANT,
) -> bytes:
    """Lay out `html`, then stamp each shared page on its placeholder; runs in a worker."""
    document, fetcher = render_document(html, variant=variant)
    anchors, _links, own_marks = page_marks(document)
    now = datetime.now(UTC)
    pdf = document.write_pdf(
        attachments=[attachment.to_weasyprint(fetcher, now) for attachment in attachments],
        pdf_variant=variant,
    )
    places = {
        index: anchors[_PLACEHOLDER.format(index)][0]
        for index in range(shared.page_count if shared else 0)
        if _PLACEHOLDER.format(index) in anchors
    }
    if shared is None or not places:
        return pdf  # nothing shared: the document as WeasyPrint wrote it
    return _stamp(pdf, shared, places, own_marks)


def _stamp(
    pdf: bytes, shared: SharedPages, places: dict[int, int], own_marks: tuple[Bookmark, ...]
) -> bytes:
    with (
        pikepdf.open(io.BytesIO(pdf)) as out,
        pikepdf.open(io.BytesIO(shared.pdf)) as source,
    ):
        for index, page in places.items():
            out.pages[page].add_overlay(source.pages[index], rect=None)
        shared_marks = [
            Bookmark(mark.level, mark.label, places[mark.page], mark.x, mark.y)
            for mark in shared.bookmarks
            if mark.page in places
        ]
        _outline(out, sorted([*own_marks, *shared_marks], key=lambda m: (m.page, -m.y)))
        buffer = io.BytesIO()
        out.save(buffer)
        return buffer.getvalue()


def _outline(pdf: pikepdf.Pdf, marks: list[Bookmark]) -> None:
    # Each heading nests under the nearest preceding heading of a lower level.
    with pdf.open_outline() as outline:
        outline.root.clear()
        stack: list[tuple[int, pikepdf.OutlineItem]] = []
        for mark in marks:
            while stack and stack[-1][0] >= mark.level:
                stack.pop()
            item = pikepdf.OutlineItem(
                mark.label, mark.page, "XYZ", left=mark.x, top=mark.y, zoom=0
            )
            (stack[-1][1].children if stack else outline.root).append(item)
            stack.append((mark.level, item))
