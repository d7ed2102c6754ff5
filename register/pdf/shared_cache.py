"""The shared pages of this process's documents, laid out once per distinct HTML.

`shared_pages(html)` answers from a bounded LRU cache kept in the calling process (the web
or job worker, which lives long; the PDF workers are recycled every few renders), keyed by
the SHA-256 of the shared HTML: the HTML is all the layout depends on, so equal keys give
equal pages. Threads asking for the same key while it renders wait for that one render.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass

from .errors import RenderTimeout
from .render import DEFAULT_VARIANT
from .sharing import SharedPages
from .worker import run_task, shared_task

# A round works through one or a few product sets at a time; an entry is ~0.1-0.5 MB.
KEPT = 16

_lock = threading.Lock()
_cache: OrderedDict[str, SharedPages] = OrderedDict()
_pending: dict[str, Future[SharedPages]] = {}


@dataclass(slots=True)
class CacheStats:
    """How often the cache answered (hits) and how often it had to render (renders)."""

    hits: int = 0
    renders: int = 0


stats = CacheStats()


def shared_pages(html: str, *, timeout: float, variant: str = DEFAULT_VARIANT) -> SharedPages:
    """The laid-out pages of the shared `html`, rendered in a worker only on a miss."""
    key = hashlib.sha256(f"{variant}\n{html}".encode()).hexdigest()
    with _lock:
        cached = _cache.get(key)
        if cached is not None:
            _cache.move_to_end(key)
            stats.hits += 1
            return cached
        future = _pending.get(key)
        owner = future is None
        if future is None:
            future = _pending[key] = Future()
            stats.renders += 1
        else:
            stats.hits += 1
    if not owner:
        try:
            return future.result(timeout=timeout)
        except FutureTimeout:
            raise RenderTimeout(timeout) from None
    try:
        pages: SharedPages = run_task(shared_task, html, variant, timeout=timeout)
    except BaseException as error:
        with _lock:
            _pending.pop(key, None)
        future.set_exception(error)
        raise
    with _lock:
        _cache[key] = pages
        while len(_cache) > KEPT:
            _cache.popitem(last=False)
        _pending.pop(key, None)
    future.set_result(pages)
    return pages


def clear() -> None:
    """Forget every cached entry and reset the counts (tests)."""
    with _lock:
        _cache.clear()
        stats.hits = stats.renders = 0
