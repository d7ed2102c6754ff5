"""A long document rendered in parts on parallel workers, its front listing their pages."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from .assembly import RenderedPart, furniture_html
from .errors import RenderFailed, RenderTimeout
from .render import DEFAULT_VARIANT
from .worker import assemble_in_worker, part_task, render_task, run_side_by_side

PageNumbers = dict[str, int]


def render_in_parts(
    front: Callable[[PageNumbers], str],
    bodies: Sequence[str],
    *,
    variant: str = DEFAULT_VARIANT,
    timeout: float,
) -> bytes:
    """One PDF of `front(numbers)` followed by the `bodies`, all within `timeout` seconds.

    `front` gets the page number of every anchor in the bodies (e.g. for a table of
    contents); it is called first with none to measure its length, so its length must not
    depend on the numbers. The bodies render in parallel; see `assembly` for the joining.
    """
    try:
        return _render(front, bodies, variant, time.monotonic() + timeout)
    except RenderTimeout:
        raise RenderTimeout(timeout) from None  # the whole limit, not what was left of it


def _render(
    front: Callable[[PageNumbers], str], bodies: Sequence[str], variant: str, deadline: float
) -> bytes:
    def left() -> float:
        return max(deadline - time.monotonic(), 0.0)

    draft, *parts = run_side_by_side(
        [(part_task, (html, variant)) for html in (front({}), *bodies)], timeout=left()
    )
    numbers = page_numbers(draft.page_count, parts)
    total = draft.page_count + sum(part.page_count for part in parts)
    final, footer = run_side_by_side(
        [
            (part_task, (front(numbers), variant)),
            (render_task, (furniture_html(total), (), variant)),
        ],
        timeout=left(),
    )
    if final.page_count != draft.page_count:
        raise RenderFailed(
            "de inhoudsopgave veranderde van lengte.",
            f"front part: {draft.page_count} pages as a draft, {final.page_count} numbered",
        )
    return assemble_in_worker([final, *parts], footer, timeout=left())


def page_numbers(front_pages: int, parts: Sequence[RenderedPart]) -> PageNumbers:
    """The page of every anchor in `parts` when they follow `front_pages` pages."""
    numbers: PageNumbers = {}
    first_page = front_pages + 1
    for part in parts:
        for anchor, (page, _x, _y) in part.anchors.items():
            numbers.setdefault(anchor, first_page + page)
        first_page += part.page_count
    return numbers
