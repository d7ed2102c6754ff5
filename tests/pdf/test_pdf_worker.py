"""`render_in_worker`: real spawned workers, real timeouts and real failures."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from register.config import PROJECT_ROOT
from register.pdf import PdfAttachment, RenderFailed, RenderTimeout, render_in_worker, worker


@pytest.fixture(scope="module", autouse=True)
def _fresh_workers() -> Iterator[None]:
    worker.shutdown_workers()
    yield
    worker.shutdown_workers()


@pytest.fixture
def warm_workers(make_document: Callable[..., str]) -> None:
    """Make sure a pool exists, so worker start-up does not eat into a short timeout."""
    render_in_worker(make_document("<p>Opwarmen</p>"))


def _is_gone(pid: int, within: float) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


def test_render_in_worker_returns_the_pdf(
    make_document: Callable[..., str],
    page_texts: Callable[[bytes], list[str]],
    attachment_blobs: Callable[[bytes], list[bytes]],
) -> None:
    snapshot = PdfAttachment("snapshot.json", b'{"versie": 1}', "Momentopname", "application/json")
    pdf = render_in_worker(make_document("<p>Uit de werker</p>"), attachments=[snapshot])
    assert "Uit de werker" in page_texts(pdf)[0]
    assert attachment_blobs(pdf) == [b'{"versie": 1}']


@pytest.mark.usefixtures("warm_workers")
def test_timeout_kills_the_stuck_worker_and_later_renders_work(
    tmp_path: Path, make_document: Callable[..., str], page_texts: Callable[[bytes], list[str]]
) -> None:
    pid_file = tmp_path / "pid"
    started = time.monotonic()
    with pytest.raises(RenderTimeout) as caught:
        worker._run(worker._slow_task, 60, str(pid_file), timeout=1.5)
    assert 1.4 < time.monotonic() - started < 5
    assert caught.value.message == "Het document kon niet binnen 1.5 seconden worden opgemaakt."
    assert _is_gone(int(pid_file.read_text()), within=5)

    pdf = render_in_worker(make_document("<p>Daarna weer goed</p>"), timeout=30)
    assert "Daarna weer goed" in page_texts(pdf)[0]


def test_broken_input_raises_render_failed(make_document: Callable[..., str]) -> None:
    too_deep = "<div>" * 300 + "x" + "</div>" * 300  # WeasyPrint's layout recurses per level
    with pytest.raises(RenderFailed) as caught:
        render_in_worker(make_document(too_deep), timeout=30)
    assert caught.value.message.startswith("Het document kon niet worden opgemaakt: ")
    assert "RecursionError" in caught.value.detail


def test_unknown_variant_raises_render_failed(make_document: Callable[..., str]) -> None:
    with pytest.raises(RenderFailed, match="unknown PDF variant"):
        render_in_worker(make_document("<p>x</p>"), variant="pdf/z-9", timeout=30)


def test_a_crashed_worker_raises_render_failed_and_the_pool_recovers(
    make_document: Callable[..., str], page_texts: Callable[[bytes], list[str]]
) -> None:
    with pytest.raises(RenderFailed) as caught:
        worker._run(worker._crash_task, timeout=30)
    assert "onverwacht gestopt" in caught.value.message
    pdf = render_in_worker(make_document("<p>Hersteld</p>"), timeout=30)
    assert "Hersteld" in page_texts(pdf)[0]


@pytest.mark.slow
def test_recycled_workers_under_concurrent_load_do_not_hang(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Python 3.11 stops replacing workers that retire at max_tasks_per_child once a
    # backlog is queued, and the backlog then hangs forever (CPython gh-115634): six
    # simultaneous tasks on workers that retire after two tasks each reproduce it.
    # The in-flight limit in worker._run must keep every task flowing.
    worker.shutdown_workers()
    monkeypatch.setattr(worker, "MAX_TASKS_PER_CHILD", 2)
    outcomes: list[object] = []

    def client() -> None:
        try:
            outcomes.append(worker._run(worker._slow_task, 0.2, timeout=30))
        except Exception as exc:  # collected and asserted below
            outcomes.append(exc)

    threads = [threading.Thread(target=client) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert outcomes == [b""] * 6
    worker.shutdown_workers()


def _spawned_children(parent: int) -> list[int]:
    """The pool workers (`spawn_main`) whose parent is `parent`, read from /proc."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            command = (stat.parent / "cmdline").read_bytes()
        except OSError:
            continue  # ended while we looked
        if int(fields[1]) == parent and b"spawn_main" in command:
            found.append(int(stat.parent.name))
    return found


def _has_exited(pid: int, within: float) -> bool:
    """Whether `pid` is gone or a zombie (exited, not yet reaped by its new parent)."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            return True
        if state in ("Z", "X"):
            return True
        time.sleep(0.1)
    return False


def test_pdf_workers_exit_when_the_process_that_started_them_is_killed() -> None:
    """A job worker killed with SIGKILL cannot shut its pool down: its PDF workers notice
    that their parent is gone and exit within seconds instead of staying idle for ever."""
    script = (
        "import time\n"
        "from register.pdf import render_in_worker\n"
        "render_in_worker('<html><body><p>Opwarmen</p></body></html>')\n"
        "print('ready', flush=True)\n"
        "time.sleep(600)\n"
    )
    parent = subprocess.Popen(  # noqa: S603  (our own interpreter and script)
        [sys.executable, "-c", script], cwd=PROJECT_ROOT, stdout=subprocess.PIPE, text=True
    )
    try:
        assert parent.stdout is not None
        assert parent.stdout.readline().strip() == "ready"
        children = _spawned_children(parent.pid)
        assert children, "the render started no pool worker"
    finally:
        parent.kill()
        parent.wait(timeout=10)
    left = [
        pid for pid in children if not _has_exited(pid, within=10 * worker.PARENT_CHECK_SECONDS)
    ]
    assert left == []
