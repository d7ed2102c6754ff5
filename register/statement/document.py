"""The statement as a PDF: rendered in a worker once per distinct text, then served from memory.

The page is public, so an anonymous visitor must not be able to keep the PDF workers busy:
the bytes of the last few distinct documents are kept per process and re-rendered only when
the register (and therefore the HTML) changed.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict

from register.pdf import render_in_worker

CACHE_SIZE = 4

_lock = threading.Lock()
_cache: OrderedDict[str, bytes] = OrderedDict()


def statement_pdf(html: str, *, timeout: float) -> bytes:
    """The PDF of `html`, from the cache when the same document was rendered before."""
    key = hashlib.sha256(html.encode()).hexdigest()
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    data = render_in_worker(html, timeout=timeout)
    with _lock:
        _cache[key] = data
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return data


def clear_cache() -> None:
    """Forget every cached PDF (tests; a deploy starts empty anyway)."""
    with _lock:
        _cache.clear()
