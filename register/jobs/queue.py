"""The Huey instance, bound to the configured storage, and the `@job` decorator."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any, ParamSpec, TypeVar
from urllib.parse import urlsplit

from flask import Flask
from huey import Huey
from huey.api import TaskWrapper
from huey.storage import MemoryStorage, RedisStorage, SqliteStorage

from register.config import ConfigurationError
from register.extensions import db

P = ParamSpec("P")
R = TypeVar("R")

# One queue per process, bound by init_queue(). Until then tasks go to memory (never run).
queue = Huey("register", storage_class=MemoryStorage, results=False)
_bound: dict[str, Flask] = {}


def storage_settings(url: str) -> tuple[type[Any], dict[str, Any]]:
    """Storage class and arguments for `sqlite:///path` or `redis://host:port/db`."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        return SqliteStorage, {"filename": parts.path}
    if parts.scheme in {"redis", "rediss", "unix"}:
        return RedisStorage, {"url": url}
    if parts.scheme == "memory":
        return MemoryStorage, {}
    raise ConfigurationError(
        f"REGISTER_QUEUE_URL must start with sqlite:///, redis:// or rediss://, not {url!r}"
    )


def init_queue(app: Flask) -> None:
    """Bind the queue to the app's storage; tasks run in this app's context."""
    url = app.config.get("QUEUE_URL")
    if not url:
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{Path(app.instance_path) / 'jobs.db'}"
        app.config["QUEUE_URL"] = url
    storage_class, kwargs = storage_settings(url)
    # Several queues in one Redis database are kept apart by name (the key prefix).
    name = app.config["QUEUE_NAME"]
    current = queue.storage
    same = (
        type(current) is storage_class
        and queue.name == name
        and getattr(current, "filename", None) == kwargs.get("filename")
        and queue.storage_kwargs == kwargs
    )
    if not same:
        if hasattr(current, "close"):
            current.close()
        queue.name = name
        queue.storage_class = storage_class
        queue.storage_kwargs = kwargs
        queue.storage = queue.create_storage()
    _bound["app"] = app


def bound_app() -> Flask:
    """The app the worker runs tasks for."""
    try:
        return _bound["app"]
    except KeyError:
        raise RuntimeError("register.jobs.queue.init_queue(app) was not called") from None


def job(
    *, retries: int = 0, retry_delay: float = 0, retry_backoff: float = 0, name: str | None = None
) -> Callable[[Callable[P, R]], TaskWrapper]:
    """A Huey task that runs inside the app context and ends its own transaction.

    The function commits what it wants kept; anything left is rolled back, and an exception
    lets Huey retry (`retries`, first after `retry_delay` s, each next one `retry_backoff`
    times later).
    """

    def decorate(function: Callable[P, R]) -> TaskWrapper:
        @functools.wraps(function)
        def in_app_context(*args: P.args, **kwargs: P.kwargs) -> R:
            with bound_app().app_context():
                try:
                    return function(*args, **kwargs)
                finally:
                    db.session.rollback()

        return queue.task(
            retries=retries,
            retry_delay=retry_delay,
            retry_backoff=retry_backoff,
            name=name or f"{function.__module__}.{function.__name__}",
        )(in_app_context)

    return decorate
