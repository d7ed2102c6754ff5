"""Jobs tests: the queue on SQLite and on the machine's Redis, and workers as processes."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask

from register.config import PROJECT_ROOT
from register.jobs.queue import queue

REDIS_URL = os.environ.get("REGISTER_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture(params=["sqlite", "redis"])
def queue_settings(request: pytest.FixtureRequest, tmp_path: Any) -> Iterator[dict[str, str]]:
    """Queue settings for an app: a SQLite file, or Redis under a name of its own."""
    if request.param == "sqlite":
        yield {"QUEUE_URL": f"sqlite:///{tmp_path / 'jobs.db'}"}
        return
    # A key prefix per test run keeps parallel runs (and other engineers) apart.
    yield {"QUEUE_URL": REDIS_URL, "QUEUE_NAME": f"register-test-{uuid.uuid4().hex[:12]}"}
    queue.flush()


@pytest.fixture
def worker_process(database_url: str) -> Callable[..., subprocess.Popen[str]]:
    """Start `flask --app register worker ...` as a separate process for `app`'s settings."""
    started: list[subprocess.Popen[str]] = []

    def start(app: Flask, *args: str) -> subprocess.Popen[str]:
        config = app.config
        env = {
            **os.environ,
            "REGISTER_ENV": "development",
            "REGISTER_SECRET_KEY": "test-secret-key-not-for-production",
            "REGISTER_DATABASE_URL": database_url,
            "REGISTER_QUEUE_URL": config["QUEUE_URL"],
            "REGISTER_MAIL_URL": config["MAIL_URL"] or "",
            "REGISTER_JOB_LEASE_SECONDS": str(config["JOB_LEASE_SECONDS"]),
            "REGISTER_MAIL_RETRY_DELAY": "1",
        }
        if config.get("QUEUE_NAME"):
            env["REGISTER_QUEUE_NAME"] = config["QUEUE_NAME"]
        process = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "register", "worker", *args],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)
