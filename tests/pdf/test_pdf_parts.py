"""`render_in_parts`: parts rendered by real workers, joined into one numbered PDF."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator

import pytest
from pypdf import PdfReader
from pypdf.generic import Destination

from register.pdf import RenderFailed, RenderTimeout, render_in_parts, worker
from register.pdf.assembly import furniture_html
from register.pdf.parts import page_numbers

SECTIONS = {"alfa": "Alfa", "bravo": "Bravo", "charlie": "Charlie", "delta": "Delta"}


@pytest.fixture(scope="module", autouse=True)
def _fresh_workers() -> Iterator[None]:
    worker.shutdown_workers()
    yield
    worker.shutdown_workers()


def _front(make_document: Callable[..., str]) -> Callable[[dict[str, int]], str]:
    def front(numbers: dict[str, int]) -> str:
        entries = "".join(
            f'<li><a href="#{anchor}">{name}</a> <span>{numbers.get(anchor, "")}</span></li>'
            for anchor, name in SECTIONS.items()
        )
        return make_document(f"<h1>Voorblad</h1><h2>Inhoud</h2><ol>{entries}</ol>", title="Deel")

    return front


def _body(make_document: Callable[..., str], heading: str, *anchors: str) -> str:
    sections = '<div class="page-break"></div>'.join(
        f'<h2 id="{anchor}">{SECTIONS[anchor]}</h2><p>Tekst van {SECTIONS[anchor]}.</p>'
        for anchor in anchors
    )
    return make_document(f"<h1>{heading}</h1>{sections}")


@pytest.fixture(scope="module")
def joined(make_document: Callable[..., str]) -> PdfReader:
    pdf = render_in_parts(
        _front(make_document),
        [
            _body(make_document, "Hoofdstuk 1", "alfa", "bravo"),
            _body(make_document, "Hoofdstuk 2", "charlie"),
            make_document('<h2 id="delta">Delta</h2><p>Tekst van Delta.</p>'),
        ],
        timeout=60,
    )
    return PdfReader(io.BytesIO(pdf))


def test_page_numbers_run_on_across_parts(joined: PdfReader) -> None:
    texts = [page.extract_text() for page in joined.pages]
    # The front; alfa and bravo (a page each); charlie; delta.
    assert len(texts) == 5
    for number, text in enumerate(texts, start=1):
        assert text.count(f"pagina {number} van 5") == 1, text


def test_the_front_lists_the_page_of_every_section(joined: PdfReader) -> None:
    texts = [page.extract_text() for page in joined.pages]
    for anchor, name in SECTIONS.items():
        match = re.search(rf"{name} (\d+)", texts[0])
        assert match, texts[0]
        assert f"Tekst van {name}" in texts[int(match.group(1)) - 1], anchor


def test_contents_links_point_across_parts_to_their_sections(joined: PdfReader) -> None:
    links = [a.get_object() for a in joined.pages[0]["/Annots"]]
    assert len(links) == len(SECTIONS)
    texts = [page.extract_text() for page in joined.pages]
    targets = []
    for link in links:
        assert link["/Subtype"] == "/Link"
        assert link["/F"] == 4  # printable, as PDF/A requires
        target = joined.get_page_number(link["/Dest"][0].get_object())
        targets.append(target)
        assert link["/Dest"][1] == "/XYZ"
    assert targets == [1, 2, 3, 4]
    for target, name in zip(targets, SECTIONS.values(), strict=True):
        assert name in texts[target]


def test_one_outline_nests_the_headings_of_all_parts(joined: PdfReader) -> None:
    def tree(items: list) -> list:
        result: list = []
        for item in items:
            if isinstance(item, list):
                result[-1] = (result[-1], tree(item))
            else:
                assert isinstance(item, Destination)
                result.append(item.title)
        return result

    assert tree(joined.outline) == [
        ("Voorblad", ["Inhoud"]),
        ("Hoofdstuk 1", ["Alfa", "Bravo"]),
        ("Hoofdstuk 2", ["Charlie", "Delta"]),
    ]
    delta = joined.outline[-1][-1]
    assert joined.get_destination_page_number(delta) == 4


def test_the_first_part_gives_metadata_and_pdf_a_identification(joined: PdfReader) -> None:
    assert joined.metadata is not None and joined.metadata.title == "Deel"
    assert "/OutputIntents" in joined.trailer["/Root"]
    xmp = joined.xmp_metadata
    assert xmp is not None
    packet = xmp.stream.get_data()
    assert re.search(rb'pdfaid:part(="|>)3', packet) and re.search(rb'conformance(="|>)B', packet)


def test_every_font_on_every_page_is_embedded(joined: PdfReader) -> None:
    def fonts(resources: dict) -> Iterator[dict]:
        for font in (resources.get("/Font") or {}).values():
            yield font.get_object()
        for xobject in (resources.get("/XObject") or {}).values():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Form":
                yield from fonts(xobject["/Resources"])

    for page in joined.pages:
        seen = list(fonts(page["/Resources"]))
        assert len(seen) >= 2  # the page's text and the stamped footer
        for font in seen:
            descendant = font["/DescendantFonts"][0].get_object()
            descriptor = descendant["/FontDescriptor"].get_object()
            assert {"/FontFile2", "/FontFile3"} & set(descriptor), font["/BaseFont"]


def test_a_failing_part_raises_render_failed(make_document: Callable[..., str]) -> None:
    too_deep = "<div>" * 300 + "x" + "</div>" * 300  # WeasyPrint's layout recurses per level
    with pytest.raises(RenderFailed) as caught:
        render_in_parts(
            _front(make_document),
            [make_document("<p>goed</p>"), make_document(too_deep)],
            timeout=60,
        )
    assert "RecursionError" in caught.value.detail


def test_the_time_limit_covers_all_parts(make_document: Callable[..., str]) -> None:
    many = [make_document("<p>deel</p>" * 400) for _ in range(6)]
    with pytest.raises(RenderTimeout) as caught:
        render_in_parts(_front(make_document), many, timeout=0.5)
    assert caught.value.message == "Het document kon niet binnen 0.5 seconden worden opgemaakt."


def test_page_numbers_follow_the_front_and_the_earlier_parts() -> None:
    from register.pdf import RenderedPart

    parts = [
        RenderedPart(b"", 3, (595, 842), anchors={"a": (0, 1, 2), "b": (2, 1, 2)}),
        RenderedPart(b"", 2, (595, 842), anchors={"c": (1, 1, 2), "a": (0, 1, 2)}),
    ]
    assert page_numbers(4, parts) == {"a": 5, "b": 7, "c": 9}


def test_furniture_is_one_blank_page_per_page() -> None:
    html = furniture_html(3)
    assert html.count("<div") == 3 and html.count("break-after: page") == 2
