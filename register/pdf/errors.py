"""Errors raised when a PDF cannot be rendered; each carries a Dutch message for users."""

from __future__ import annotations


class RenderError(Exception):
    """Base class: `message` is Dutch text fit for a user, `detail` is for the log."""

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(detail or message)
        self.message = message
        self.detail = detail

    def __reduce__(self) -> tuple[type, tuple[object, ...]]:
        return (type(self), (self.message, self.detail))


class RenderTimeout(RenderError):
    """Rendering took longer than the allowed time; the worker was killed."""

    def __init__(self, timeout: float) -> None:
        super().__init__(
            f"Het document kon niet binnen {timeout:g} seconden worden opgemaakt.",
            f"PDF rendering exceeded {timeout:g} s",
        )
        self.timeout = timeout

    def __reduce__(self) -> tuple[type, tuple[object, ...]]:
        return (RenderTimeout, (self.timeout,))


class RenderFailed(RenderError):
    """Rendering raised an error or the worker process died."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"Het document kon niet worden opgemaakt: {reason}", detail)
        self.reason = reason

    def __reduce__(self) -> tuple[type, tuple[object, ...]]:
        return (RenderFailed, (self.reason, self.detail))
