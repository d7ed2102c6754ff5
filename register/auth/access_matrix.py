"""The access matrix: parsed from docs/access.md, or derived from each view's access rule.

docs/access.md is the single statement of who may do what. Every endpoint and method has
one table row; the access-matrix test requests every URL as every role and compares the
answers with the row. `python -m register.auth.access_report` prints the rows the document
still lacks, derived from the views' `require(...)` predicates.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask
from werkzeug.routing import Rule

from register.auth.models import UserRole
from register.config import PROJECT_ROOT

DOC_PATH = PROJECT_ROOT / "docs" / "access.md"

# Table columns after Endpoint, Method, URL and Rule, in order.
COLUMNS = ("anonymous", "admin", "privacy", "auditor", "cm_own", "cm_other")
HEADER = (
    "| Endpoint | Method | URL | Rule | Anonymous | admin | privacy | auditor "
    "| contract-manager (own school) | contract-manager (other school) |"
)
SEPARATOR = "|---|---|---|---|---|---|---|---|---|---|"
# Cell values: anonymous `public` or `sign-in`; roles `yes`, `no` (403) or `404` (another
# school's object does not exist for this user).
ANONYMOUS_VALUES = {"public", "sign-in"}
ROLE_VALUES = {"yes", "no", "404"}
IGNORED_METHODS = {"HEAD", "OPTIONS"}
_ROW = re.compile(r"^\|\s*`(?P<endpoint>\w+\.\w+)`\s*\|")


@dataclass(frozen=True)
class MatrixRow:
    endpoint: str
    method: str
    url: str
    rule: str
    cells: dict[str, str] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str]:
        return (self.endpoint, self.method)


class MatrixError(ValueError):
    """docs/access.md has a malformed row."""


def _strip(cell: str) -> str:
    return cell.strip().strip("`").strip()


def parse_matrix(text: str) -> dict[tuple[str, str], MatrixRow]:
    """Every row of every table in the document, keyed by (endpoint, method)."""
    rows: dict[tuple[str, str], MatrixRow] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not _ROW.match(line):
            continue
        cells = [_strip(c) for c in line.strip().strip("|").split("|")]
        if len(cells) != 4 + len(COLUMNS):
            raise MatrixError(f"docs/access.md line {number}: expected {4 + len(COLUMNS)} cells")
        endpoint, method, url, rule, *values = cells
        row = MatrixRow(endpoint, method.upper(), url, rule, dict(zip(COLUMNS, values)))
        if row.cells["anonymous"] not in ANONYMOUS_VALUES or any(
            row.cells[c] not in ROLE_VALUES for c in COLUMNS[1:]
        ):
            raise MatrixError(f"docs/access.md line {number}: unknown cell value")
        if row.key in rows:
            raise MatrixError(f"docs/access.md line {number}: {row.key} appears twice")
        rows[row.key] = row
    return rows


def read_matrix(path: Path = DOC_PATH) -> dict[tuple[str, str], MatrixRow]:
    """The matrix as documented."""
    return parse_matrix(path.read_text(encoding="utf-8"))


def routes(app: Flask) -> Iterator[tuple[Rule, str]]:
    """Every (URL rule, method) of the app except static files, in a stable order."""
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: (r.endpoint, r.rule)):
        if rule.endpoint == "static":
            continue
        for method in sorted((rule.methods or set()) - IGNORED_METHODS):
            yield rule, method


@dataclass(frozen=True)
class _Probe:
    """A stand-in user of one role for evaluating predicates (signatory, one school)."""

    role: UserRole
    is_signatory: bool = True
    organisation_ids: frozenset[int] = frozenset({1})
    is_authenticated: bool = True


def derive_row(app: Flask, rule: Rule, method: str) -> MatrixRow:
    """The row that the view's access rule implies (tenant scoping guessed from the URL)."""
    view = app.view_functions[rule.endpoint]
    access_rule = getattr(view, "access_rule", "MISSING")
    predicates = getattr(view, "access_predicates", ())
    public = access_rule == "public"

    def allowed(role: UserRole) -> str:
        if public:
            return "yes"
        probe = _Probe(role)
        return "yes" if all(p(probe) for p in predicates) else "no"

    cm_own = allowed(UserRole.CONTRACT_MANAGER)
    cm_other = "404" if cm_own == "yes" and rule.arguments and not public else cm_own
    cells = {
        "anonymous": "public" if public else "sign-in",
        "admin": allowed(UserRole.ADMIN),
        "privacy": allowed(UserRole.PRIVACY),
        "auditor": allowed(UserRole.AUDITOR),
        "cm_own": cm_own,
        "cm_other": cm_other,
    }
    return MatrixRow(rule.endpoint, method, rule.rule, access_rule, cells)


def format_row(row: MatrixRow) -> str:
    """One Markdown table row."""
    cells = [f"`{row.endpoint}`", row.method, f"`{row.url}`", f"`{row.rule}`"]
    cells += [row.cells[c] for c in COLUMNS]
    return "| " + " | ".join(cells) + " |"
