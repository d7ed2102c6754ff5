"""Run PDF rendering in recycled, spawned worker processes with a hard timeout."""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
import traceback
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_EXCEPTION, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures import wait as futures_wait
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from .assembly import RenderedPart, assemble, render_part
from .errors import RenderFailed, RenderTimeout
from .render import DEFAULT_VARIANT, PdfAttachment, render_pdf
from .sharing import SharedPages, compose, render_shared

# The pool size is the setting PDF_WORKERS (`set_pool_size`, called by create_app).
MAX_WORKERS = 3
# Documents rendered in parts use at most this many workers, so one stays free for others.
PART_WORKERS = MAX_WORKERS - 1
# A fresh process every so many renders keeps leaks in Pango/fontconfig bounded. A new
# worker costs about a second of CPU (imports, fonts); the resident size of a worker stayed
# flat (+0.1 MB a render) over 40 agreement renders, so a round's many small renders
# (a frame and its stamped shared pages, two per agreement) pay a restart only every 125
# agreements per worker (at 100 a restart was ~0.02 CPU s per agreement).
MAX_TASKS_PER_CHILD = 250
DEFAULT_TIMEOUT = 60.0
# How often a PDF worker looks whether the process that started it is still there.
PARENT_CHECK_SECONDS = 1.0

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_executor: ProcessPoolExecutor | None = None
# At most MAX_WORKERS tasks are ever inside the pool: with a backlog, Python 3.11's pool
# stops replacing workers that retire at max_tasks_per_child and the backlog hangs
# forever (CPython gh-115634, fixed only in later releases). Never fewer slots than
# MAX_WORKERS would allow workers, so change both together.
_slots = threading.BoundedSemaphore(MAX_WORKERS)
_part_slots = threading.BoundedSemaphore(PART_WORKERS)


def render_in_worker(
    html: str,
    *,
    attachments: Sequence[PdfAttachment] = (),
    variant: str = DEFAULT_VARIANT,
    timeout: float = DEFAULT_TIMEOUT,
) -> bytes:
    """Render `html` like `render_pdf`, but in a worker process killed after `timeout` s."""
    # The timeout covers waiting for a free worker and, on first use, starting one (~1 s).
    return _run(render_task, html, tuple(attachments), variant, timeout=timeout)


def compose_in_worker(
    html: str,
    shared: SharedPages | None,
    *,
    attachments: Sequence[PdfAttachment] = (),
    variant: str = DEFAULT_VARIANT,
    timeout: float = DEFAULT_TIMEOUT,
) -> bytes:
    """`sharing.compose` (a document with shared pages stamped in) in a worker process."""
    return _run(_compose_task, html, shared, tuple(attachments), variant, timeout=timeout)


def run_task(task: Callable[..., Any], *args: Any, timeout: float) -> Any:
    """Run one of this module's worker `task`s on any free worker within `timeout`."""
    return _run(task, *args, timeout=timeout)


def run_side_by_side(
    calls: Sequence[tuple[Callable[..., Any], tuple[Any, ...]]], *, timeout: float
) -> list[Any]:
    """Run worker `calls` (task, arguments) on up to PART_WORKERS workers; results in order.

    The first failure stops the calls that have not started and is raised; `timeout`
    covers them all.
    """
    deadline = time.monotonic() + timeout
    failed = threading.Event()

    def one(task: Callable[..., Any], args: tuple[Any, ...]) -> Any:
        if failed.is_set():  # another call failed: do not start this one
            raise RenderFailed("een ander deel van het document mislukte.")
        if not _part_slots.acquire(timeout=max(deadline - time.monotonic(), 0)):
            raise RenderTimeout(timeout)
        try:
            return _run(task, *args, timeout=max(deadline - time.monotonic(), 0))
        except RenderTimeout:
            raise RenderTimeout(timeout) from None
        finally:
            _part_slots.release()

    threads = ThreadPoolExecutor(max_workers=PART_WORKERS, thread_name_prefix="pdf-part")
    futures = [threads.submit(one, task, args) for task, args in calls]
    try:
        futures_wait(futures, return_when=FIRST_EXCEPTION)
        for future in futures:
            if future.done() and (error := future.exception()) is not None:
                failed.set()
                raise error
        return [future.result() for future in futures]
    finally:
        # On failure the calls still running finish in the background; none start.
        threads.shutdown(wait=False, cancel_futures=True)


def assemble_in_worker(
    parts: Sequence[RenderedPart],
    footer: bytes,
    *,
    timeout: float = DEFAULT_TIMEOUT,
) -> bytes:
    """`assembly.assemble` in a worker process killed after `timeout` seconds."""
    return _run(_assemble_task, tuple(parts), footer, timeout=timeout)


def set_pool_size(workers: int) -> None:
    """Use `workers` worker processes from now on (at least 1); a running pool is stopped."""
    global MAX_WORKERS, PART_WORKERS, _slots, _part_slots
    workers = max(workers, 1)
    if workers == MAX_WORKERS:
        return
    shutdown_workers()
    MAX_WORKERS, PART_WORKERS = workers, max(workers - 1, 1)
    _slots = threading.BoundedSemaphore(MAX_WORKERS)
    _part_slots = threading.BoundedSemaphore(PART_WORKERS)


def shutdown_workers(timeout: float = 10.0) -> None:
    """Stop the worker processes, killing any still busy after `timeout` seconds."""
    global _executor
    with _lock:
        executor, _executor = _executor, None
    if executor is None:
        return
    processes = _processes_of(executor)
    # shutdown(wait=False) would drop the pool's process table while its manager thread may
    # still replace a retired worker (a CPython 3.11 race: TypeError in that thread). Wait
    # in a helper thread instead, and kill what is still busy when the time is up.
    stopper = threading.Thread(
        target=executor.shutdown, kwargs={"wait": True, "cancel_futures": True}, daemon=True
    )
    stopper.start()
    stopper.join(timeout)
    if stopper.is_alive():
        for process in {*processes, *_processes_of(executor)}:
            process.kill()
        stopper.join(timeout)


def _get_executor() -> ProcessPoolExecutor:
    global _executor
    with _lock:
        if _executor is None:
            _executor = ProcessPoolExecutor(
                max_workers=MAX_WORKERS,
                mp_context=multiprocessing.get_context("spawn"),
                max_tasks_per_child=MAX_TASKS_PER_CHILD,
                initializer=_exit_with_parent,
                initargs=(os.getpid(),),
            )
        return _executor


def _exit_with_parent(parent: int) -> None:
    """In a PDF worker: exit once the process that started it is gone. A job worker killed
    with SIGKILL cannot shut its pool down, and its PDF workers would stay behind, idle,
    holding their memory for ever."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(0)

    threading.Thread(target=watch, name="watch-parent", daemon=True).start()


def _run(task: Callable[..., Any], *args: Any, timeout: float) -> Any:
    deadline = time.monotonic() + timeout
    if not _slots.acquire(timeout=timeout):
        logger.error("No PDF worker became free within %g s", timeout)
        raise RenderTimeout(timeout)
    try:
        return _run_in_slot(task, args, timeout, deadline)
    finally:
        _slots.release()


def _run_in_slot(
    task: Callable[..., Any], args: tuple[Any, ...], timeout: float, deadline: float
) -> Any:
    executor = _get_executor()
    try:
        future = executor.submit(task, *args)
    except RuntimeError:  # broken by another caller's timeout, or shut down meanwhile
        _discard(executor)
        executor = _get_executor()
        future = executor.submit(task, *args)
    try:
        return future.result(timeout=max(deadline - time.monotonic(), 0))
    except FutureTimeout:
        logger.error("PDF rendering timed out after %g s; killing the workers", timeout)
        _discard(executor, kill=True)
        raise RenderTimeout(timeout) from None
    except BrokenProcessPool as exc:
        logger.error("A PDF worker process died: %s", exc)
        _discard(executor, kill=True)
        raise RenderFailed("het opmaakproces is onverwacht gestopt.", str(exc)) from exc
    except Exception as exc:
        logger.error("PDF rendering failed:\n%s", exc)
        raise RenderFailed("er trad een fout op tijdens het opmaken.", str(exc)) from exc


def _discard(executor: ProcessPoolExecutor, *, kill: bool = False) -> None:
    """Forget `executor` so the next render creates a new pool; optionally kill its workers."""
    global _executor
    with _lock:
        if _executor is executor:
            _executor = None
    if kill:
        # Python 3.11 has no public way to stop a running task: kill the processes. The
        # pool's manager thread then marks it broken, fails other pending futures with
        # BrokenProcessPool and reaps the processes.
        for process in _processes_of(executor):
            process.kill()
    executor.shutdown(wait=False, cancel_futures=True)


def _processes_of(executor: ProcessPoolExecutor) -> list[BaseProcess]:
    # A private attribute, but the only handle on the workers before Python 3.14.
    return list((getattr(executor, "_processes", None) or {}).values())


def render_task(html: str, attachments: tuple[PdfAttachment, ...], variant: str) -> bytes:
    """`render_pdf`, run in the worker."""
    try:
        return render_pdf(html, attachments=attachments, variant=variant)
    except Exception:
        # Ship a plain, always-picklable error with the worker's traceback as its text.
        raise RuntimeError(traceback.format_exc()) from None


def part_task(html: str, variant: str) -> RenderedPart:
    """`assembly.render_part`, run in the worker (for `run_side_by_side`)."""
    try:
        return render_part(html, variant=variant)
    except Exception:
        raise RuntimeError(traceback.format_exc()) from None


def shared_task(html: str, variant: str) -> SharedPages:
    """`sharing.render_shared`, run in the worker."""
    try:
        return render_shared(html, variant=variant)
    except Exception:
        raise RuntimeError(traceback.format_exc()) from None


def _compose_task(
    html: str,
    shared: SharedPages | None,
    attachments: tuple[PdfAttachment, ...],
    variant: str,
) -> bytes:
    # Runs in the worker.
    try:
        return compose(html, shared, attachments=attachments, variant=variant)
    except Exception:
        raise RuntimeError(traceback.format_exc()) from None


def _assemble_task(parts: tuple[RenderedPart, ...], footer: bytes) -> bytes:
    # Runs in the worker.
    try:
        return assemble(parts, footer)
    except Exception:
        raise RuntimeError(traceback.format_exc()) from None


def _slow_task(seconds: float, pid_file: str = "") -> bytes:  # runs in the worker; tests only
    if pid_file:
        Path(pid_file).write_text(str(os.getpid()))
    time.sleep(seconds)
    return b""


def _crash_task() -> bytes:  # runs in the worker; tests only
    os._exit(70)
