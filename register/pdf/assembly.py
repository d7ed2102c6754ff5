"""One long PDF from parts rendered apart: continuous page numbers, one outline, links.

WeasyPrint lays out one document in one process at roughly 60-90 ms a page. A document of
hundreds of pages is therefore cut into parts that render in parallel worker processes
(`render_part`) and are put together afterwards (`assemble`):

- every part is laid out without the page footer; `assemble` stamps the stylesheet's footer
  ("pagina X van Y") on the joined pages from a document of blank pages, so the numbers run
  on across parts;
- an internal link whose anchor lies in another part becomes a link annotation to the page
  and position of that anchor;
- the headings of all parts (WeasyPrint's bookmarks) become one outline, nested by level.

Parts start on a new page. The first part's metadata (title, XMP, PDF/A output intent) is
the document's.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import cast

from pypdf import PdfReader, PdfWriter
from pypdf.annotations import Link
from pypdf.constants import AnnotationFlag
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    Fit,
    IndirectObject,
    NameObject,
)
from weasyprint import Document

from .render import DEFAULT_VARIANT, render_document

# The parts leave the footer to `assemble`; WeasyPrint pixels are 0.75 PDF points.
PART_CSS = "@page { @bottom-center { content: none; } }"
PX_TO_PT = 0.75
# The name of the stamped footer among each page's XObjects.
FOOTER_NAME = "RegisterFooter"


@dataclass(frozen=True, slots=True)
class Bookmark:
    """A heading: its level, label and position (part page index, x, y in PDF points)."""

    level: int
    label: str
    page: int
    x: float
    y: float


@dataclass(frozen=True, slots=True)
class PartLink:
    """An internal link to an anchor outside its part: page index and rectangle in points."""

    page: int
    target: str
    rect: tuple[float, float, float, float]


@dataclass(frozen=True, slots=True)
class RenderedPart:
    """A rendered part as plain, picklable data."""

    pdf: bytes
    page_count: int
    page_size: tuple[float, float]
    anchors: dict[str, tuple[int, float, float]] = field(default_factory=dict)
    links: tuple[PartLink, ...] = ()
    bookmarks: tuple[Bookmark, ...] = ()


def render_part(html: str, *, variant: str = DEFAULT_VARIANT) -> RenderedPart:
    """Lay out and write one part; runs in a worker process."""
    document, _ = render_document(html, variant=variant, extra_css=PART_CSS)
    anchors, links, bookmarks = page_marks(document)
    outside = tuple(link for link in links if link.target not in anchors)
    with _quiet_missing_anchors():
        pdf = document.write_pdf(pdf_variant=variant)
    first = document.pages[0]
    return RenderedPart(
        pdf=pdf,
        page_count=len(document.pages),
        page_size=(first.width * PX_TO_PT, first.height * PX_TO_PT),
        anchors=anchors,
        links=outside,
        bookmarks=bookmarks,
    )


def page_marks(
    document: Document,
) -> tuple[dict[str, tuple[int, float, float]], list[PartLink], tuple[Bookmark, ...]]:
    """A laid-out document's anchors (name -> page index, x, y), internal links, headings.

    Positions are in PDF points from the bottom left of their page.
    """
    anchors: dict[str, tuple[int, float, float]] = {}
    links: list[PartLink] = []
    bookmarks: list[Bookmark] = []
    for index, page in enumerate(document.pages):
        height = page.height
        # WeasyPrint 70 gives anchors and link areas as corners (x1, y1, x2, y2), in CSS
        # pixels from the top left (its docstrings still say points and (x, y, w, h)).
        for name, (x, y, *_corner) in page.anchors.items():
            anchors.setdefault(name, (index, x * PX_TO_PT, (height - y) * PX_TO_PT))
        for level, label, (x, y), _state in page.bookmarks:
            bookmarks.append(Bookmark(level, label, index, x * PX_TO_PT, (height - y) * PX_TO_PT))
        for kind, target, (x1, y1, x2, y2), _box in page.links:
            if kind == "internal":
                rect = (x1, height - y2, x2, height - y1)
                links.append(PartLink(index, target, tuple(v * PX_TO_PT for v in rect)))
    return anchors, links, tuple(bookmarks)


def assemble(parts: Sequence[RenderedPart], footer: bytes) -> bytes:
    """Join `parts` into one PDF, stamp the pages of `footer` on them, link and outline.

    `footer` is `furniture_html(total)` rendered: a page of page furniture for every page.
    """
    if not parts:
        raise ValueError("nothing to assemble")
    if len({part.page_size for part in parts}) != 1:
        raise ValueError("parts with different page sizes cannot share one footer")
    offsets = _offsets(parts)
    total = offsets[-1] + parts[-1].page_count
    footers = PdfReader(io.BytesIO(footer))
    if len(footers.pages) != total:
        raise ValueError(f"footer document has {len(footers.pages)} pages, expected {total}")
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(parts[0].pdf)))
    writer.root_object.pop(NameObject("/Outlines"), None)
    for part in parts[1:]:
        writer.append(PdfReader(io.BytesIO(part.pdf)), import_outline=False)
    _stamp(writer, footers)
    _link_across_parts(writer, parts, offsets)
    _outline(writer, parts, offsets)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def furniture_html(pages: int) -> str:
    """Blank pages that carry only the stylesheet's page furniture (the footer)."""
    blank = '<div style="break-after: page"></div>' * (pages - 1) + "<div></div>"
    return (
        f'<!doctype html><html lang="nl"><head><title>-</title></head><body>{blank}</body></html>'
    )


def _stamp(writer: PdfWriter, footers: PdfReader) -> None:
    # Each footer page becomes a form XObject drawn after the page's own content, which is
    # wrapped in q/Q so its graphics state cannot leak. Unlike pypdf's merge_page this
    # leaves the (large, compressed) page content alone.
    save = writer._add_object(_stream(b"q\n"))  # pypdf has no public add_object
    restore_and_draw = writer._add_object(_stream(f"\nQ\nq /{FOOTER_NAME} Do Q\n".encode()))
    for page, footer_page in zip(writer.pages, footers.pages, strict=True):
        contents = footer_page.get_contents()
        assert contents is not None  # a rendered footer page always draws something
        form = _stream(contents.get_data())
        form.update(
            {
                NameObject("/Type"): NameObject("/XObject"),
                NameObject("/Subtype"): NameObject("/Form"),
                NameObject("/BBox"): footer_page.mediabox,
                NameObject("/Resources"): footer_page["/Resources"].clone(writer),
            }
        )
        resources = DictionaryObject(cast(DictionaryObject, page["/Resources"].get_object()))
        xobjects = DictionaryObject(resources.get("/XObject", DictionaryObject()).get_object())
        xobjects[NameObject(f"/{FOOTER_NAME}")] = writer._add_object(form.flate_encode())
        resources[NameObject("/XObject")] = xobjects
        page[NameObject("/Resources")] = resources
        contents = page.raw_get("/Contents")  # the reference: a stream must stay indirect
        resolved = contents.get_object()
        existing = list(resolved) if isinstance(resolved, ArrayObject) else [contents]
        page[NameObject("/Contents")] = ArrayObject([save, *existing, restore_and_draw])


def _stream(data: bytes) -> DecodedStreamObject:
    stream = DecodedStreamObject()
    stream.set_data(data)
    return stream


def _offsets(parts: Sequence[RenderedPart]) -> list[int]:
    offsets, start = [], 0
    for part in parts:
        offsets.append(start)
        start += part.page_count
    return offsets


def _anchor_index(
    parts: Sequence[RenderedPart], offsets: Sequence[int]
) -> dict[str, tuple[int, float, float]]:
    found: dict[str, tuple[int, float, float]] = {}
    for part, offset in zip(parts, offsets, strict=True):
        for name, (page, x, y) in part.anchors.items():
            found.setdefault(name, (offset + page, x, y))
    return found


def _link_across_parts(
    writer: PdfWriter, parts: Sequence[RenderedPart], offsets: Sequence[int]
) -> None:
    anchors = _anchor_index(parts, offsets)
    for part, offset in zip(parts, offsets, strict=True):
        for link in part.links:
            if link.target not in anchors:
                continue
            target_page, x, y = anchors[link.target]
            annotation = Link(
                rect=link.rect,
                border=[0, 0, 0],
                target_page_index=target_page,
                fit=Fit.xyz(left=x, top=y, zoom=0),
            )
            annotation.flags = AnnotationFlag.PRINT  # PDF/A: annotations must print
            writer.add_annotation(offset + link.page, annotation)


def _outline(writer: PdfWriter, parts: Sequence[RenderedPart], offsets: Sequence[int]) -> None:
    # Each heading nests under the nearest preceding heading of a lower level.
    stack: list[tuple[int, IndirectObject]] = []
    for part, offset in zip(parts, offsets, strict=True):
        for mark in part.bookmarks:
            while stack and stack[-1][0] >= mark.level:
                stack.pop()
            parent = stack[-1][1] if stack else None
            item = writer.add_outline_item(
                title=mark.label,
                page_number=offset + mark.page,
                parent=parent,
                fit=Fit.xyz(left=mark.x, top=mark.y, zoom=0),
            )
            stack.append((mark.level, item))


@contextmanager
def _quiet_missing_anchors() -> Iterator[None]:
    # A part links to anchors in other parts on purpose; `assemble` resolves those.
    weasy = logging.getLogger("weasyprint")

    def keep(record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("No anchor #")

    weasy.addFilter(keep)
    try:
        yield
    finally:
        weasy.removeFilter(keep)
