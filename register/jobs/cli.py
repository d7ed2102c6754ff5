"""`flask --app register worker [--burst]`: run the background jobs."""

from __future__ import annotations

import logging

import click
from flask import current_app

from register.jobs.queue import queue
from register.jobs.worker import run_burst, run_worker


@click.command("worker")
@click.option("--burst", is_flag=True, help="Run until nothing is queued, then exit.")
@click.option("--workers", default=2, show_default=True, help="Worker threads.")
@click.option(
    "--wait",
    default=0.0,
    show_default=True,
    help="With --burst: also wait up to this many seconds for scheduled retries.",
)
def worker_command(burst: bool, workers: int, wait: float) -> None:
    """Run the background jobs (e-mail, documents, exports)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if burst:
        done = run_burst(app, wait_scheduled=wait)
        click.echo(f"{done} job(s) run; {queue.scheduled_count()} scheduled for later.")
        return
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    # The storage's kind only: the queue URL may carry a password.
    click.echo(f"Worker with {workers} thread(s) on {type(queue.storage).__name__}.")
    run_worker(app, workers=workers)
