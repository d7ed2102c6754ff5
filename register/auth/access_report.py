"""Print the docs/access.md rows that are missing, derived from each view's access rule.

    .venv/bin/python -m register.auth.access_report          # rows missing from the doc
    .venv/bin/python -m register.auth.access_report --all    # the whole matrix

Paste the output under the right heading in docs/access.md and check each cell: the
contract-manager (other school) column is a guess (404 when the URL names an object).
"""

from __future__ import annotations

import argparse
import sys
from itertools import groupby
from pathlib import Path

from register import create_app
from register.auth.access_matrix import (
    DOC_PATH,
    HEADER,
    SEPARATOR,
    derive_row,
    format_row,
    read_matrix,
    routes,
)


def main(argv: list[str] | None = None) -> int:
    """Print missing (or all) rows grouped per blueprint; report stale rows on stderr."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all", action="store_true", help="print every row, not only missing")
    parser.add_argument("--doc", type=Path, default=DOC_PATH, help="the matrix document")
    args = parser.parse_args(argv)
    app = create_app(
        {"TESTING": True, "SECRET_KEY": "access-report", "SQLALCHEMY_DATABASE_URI": "sqlite://"}
    )
    documented = read_matrix(args.doc)
    rows = [derive_row(app, rule, method) for rule, method in routes(app)]
    wanted = [r for r in rows if args.all or r.key not in documented]
    for blueprint, group in groupby(wanted, key=lambda r: r.endpoint.split(".")[0]):
        print(f"\n## {blueprint}\n\n{HEADER}\n{SEPARATOR}")
        for row in group:
            print(format_row(row))
    existing = {r.key for r in rows}
    for key in sorted(set(documented) - existing):
        print(f"stale row in docs/access.md (no such endpoint): {key[0]} {key[1]}", file=sys.stderr)
    missing = sum(1 for r in rows if r.key not in documented)
    print(f"\n{missing} row(s) missing from docs/access.md", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
