"""Named errors of exports and imports, each carrying a Dutch message for the user."""

from __future__ import annotations

from dataclasses import dataclass


class ExchangeError(Exception):
    """Base class: `message` is Dutch text fit for a user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidDate(ExchangeError):
    """A reference date that is malformed or lies in the future."""


class UnknownFormat(ExchangeError):
    """An export format that does not exist."""


class FileRejected(ExchangeError):
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


class ImportInvalid(ExchangeError):
    """The file was read but its content has errors; nothing was written."""

    def __init__(self, issues: list[Issue]) -> None:
        super().__init__(
            f"Het bestand bevat {len(issues)} fout(en); er is niets geïmporteerd."
            if len(issues) != 1
            else "Het bestand bevat 1 fout; er is niets geïmporteerd."
        )
        self.issues = issues
