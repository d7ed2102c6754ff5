"""Named errors of exports and imports: `DomainError`s with a Dutch message for the user."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import gettext, ngettext

from register.errors import DomainError


class InvalidDate(DomainError):
    """A reference date that is malformed or lies in the future."""


class UnknownFormat(DomainError):
    """An export format that does not exist."""


class FileRejected(DomainError):
    """An uploaded file that is not a safe, readable XLSX workbook within the limits."""


@dataclass(frozen=True)
class Issue:
    """One problem in an import file, located by sheet, row and column."""

    sheet: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = f"Blad '{self.sheet}'"
        if self.row is not None:
            where += f", rij {self.row}"
        if self.column:
            where += f", kolom '{self.column}'"
        return f"{where}: {self.message}"


class ImportInvalid(DomainError):
    """The file was read but its content has errors; nothing was written."""

    def __init__(self, issues: list[Issue]) -> None:
        super().__init__(
            ngettext(
                "Het bestand bevat %(num)d fout; er is niets geïmporteerd.",
                "Het bestand bevat %(num)d fout(en); er is niets geïmporteerd.",
                len(issues),
            )
        )
        self.issues = issues


class ImportStale(ImportInvalid):
    """The file is sound, but rows are based on older versions than the register's and the
    user did not choose to overwrite them; nothing was written. `result` is the preview
    (with its conflicts), so the choice can be offered again without a new upload."""

    def __init__(self, issues: list[Issue], result: Any) -> None:
        super().__init__(issues)
        self.message = gettext(
            "De import is geweigerd: rijen zijn gebaseerd op een oudere versie dan het register."
        )
        self.result = result
