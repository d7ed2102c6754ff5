"""Named errors of the agreement-text package.

Problem descriptions carried by these errors are Dutch: they are shown to the people who
maintain the agreement texts (``flask agreements check``).
"""

from __future__ import annotations

from pathlib import Path


class TextsError(Exception):
    """Base class of every error raised by ``register.texts``."""


class UnknownTemplate(TextsError, LookupError):
    """No agreement template with this id and version exists."""

    def __init__(self, template_id: str, version: str) -> None:
        super().__init__(f"unknown agreement template {template_id!r} version {version!r}")
        self.template_id = template_id
        self.version = version


class InvalidTemplate(TextsError):
    """A template folder's metadata cannot be read (bad TOML, missing or mistyped keys)."""

    def __init__(self, folder: Path, problems: list[str]) -> None:
        super().__init__(f"invalid agreement template in {folder}: " + "; ".join(problems))
        self.folder = folder
        self.problems = problems


class TemplateChanged(TextsError):
    """The files of a template changed after its metadata (and hash) were loaded."""

    def __init__(self, key: str, expected: str, actual: str) -> None:
        super().__init__(
            f"agreement template {key} changed on disk: expected sha256 {expected}, "
            f"found {actual}; reload it with get_template()"
        )
        self.key = key
        self.expected = expected
        self.actual = actual


class InvalidContext(TextsError, ValueError):
    """The document context does not match the context schema (or the template)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("invalid agreement context: " + "; ".join(problems))
        self.problems = problems


class UnknownProduct(TextsError, LookupError):
    """A product index outside the context's ``products`` list."""

    def __init__(self, index: int, count: int) -> None:
        super().__init__(f"product index {index} out of range: the context has {count} products")
        self.index = index
        self.count = count
