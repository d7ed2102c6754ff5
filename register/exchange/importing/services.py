"""The import service: check the file, read it, plan, and (unless a dry run) write it all."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from register.audit.recorder import record_event
from register.exchange.errors import ImportInvalid, ImportStale, Issue
from register.exchange.importing.apply import apply_plan
from register.exchange.importing.parse_workbook import parse_workbook
from register.exchange.importing.plan import Action, Change, Conflict, ImportPlan, build_plan
from register.exchange.importing.reader import read_sheets
from register.exchange.importing.upload import UploadLimits, check_upload


@dataclass
class ImportResult:
    """What an import did (or, in a dry run, would do)."""

    filename: str
    sha256: str
    dry_run: bool
    changes: list[Change] = field(default_factory=list)
    unchanged: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    layouts: dict[str, str] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)

    @property
    def created(self) -> int:
        """How many things the import creates."""
        return sum(1 for c in self.changes if c.action is Action.NEW)

    @property
    def changed(self) -> int:
        """How many things the import changes."""
        return sum(1 for c in self.changes if c.action is Action.CHANGED)


def _plan(
    session: Session,
    content: bytes,
    filename: str,
    limits: UploadLimits | None,
    dry_run: bool,
    overwrite: frozenset[str] = frozenset(),
) -> tuple[ImportPlan, ImportResult]:
    """Check and read the file and compare it with the database; writes nothing."""
    check_upload(content, limits)
    workbook = parse_workbook(read_sheets(content, limits))
    with session.no_autoflush:
        plan = build_plan(session, workbook, overwrite)
    return plan, ImportResult(
        filename=filename,
        sha256=hashlib.sha256(content).hexdigest(),
        dry_run=dry_run,
        changes=plan.changes,
        unchanged=plan.unchanged,
        conflicts=plan.conflicts,
        layouts=workbook.layouts,
        notices=workbook.notices,
        issues=workbook.issues,
    )


def stale_issue(conflict: Conflict) -> Issue:
    """Why a row based on an older version is refused."""
    return Issue(
        conflict.sheet,
        conflict.row,
        "Versie",
        _(
            "‘%(name)s’ is gebaseerd op versie %(file)d, maar in het register staat nu versie "
            "%(current)d (gewijzigd na de export). Vink ‘overschrijven’ aan om de nieuwere "
            "versie toch te vervangen.",
            name=conflict.name,
            file=conflict.file_version,
            current=conflict.current_version,
        ),
    )


def preview_import(
    session: Session, content: bytes, *, filename: str = "", limits: UploadLimits | None = None
) -> ImportResult:
    """Check and read the file and say what an import would do; writes nothing."""
    return _plan(session, content, filename, limits, dry_run=True)[1]


def import_register(
    session: Session,
    content: bytes,
    *,
    filename: str = "",
    dry_run: bool = False,
    limits: UploadLimits | None = None,
    overwrite: frozenset[str] = frozenset(),
) -> ImportResult:
    """Import a workbook: everything is validated first, then written in one unit (flushes).

    A row based on an older version of an activity than the register's refuses the import
    (`ImportStale`, with the preview), unless `overwrite` names it (`Conflict.key`): the user
    chose to overwrite the newer one.
    """
    plan, result = _plan(session, content, filename, limits, dry_run, overwrite)
    stale = [stale_issue(c) for c in plan.conflicts if not c.overwrite]
    if plan.issues:
        raise ImportInvalid([*plan.issues, *stale])
    if stale:
        raise ImportStale(stale, result)
    if dry_run:
        return result
    try:
        demoted = apply_plan(session, plan)[1]
    except sa.exc.IntegrityError as error:
        raise ImportInvalid(
            [
                Issue(
                    "?",
                    None,
                    None,
                    _(
                        "het bestand botst met gegevens in het register (%(detail)s).",
                        detail=str(error.orig)[:200],
                    ),
                )
            ]
        ) from None
    result.notices.extend(
        _(
            "%(name)s staat in het bestand als actief, maar mist verplichte onderdelen; "
            "opgeslagen als concept.",
            name=name,
        )
        for name in demoted
    )
    record_event(
        session,
        "import",
        entity_type="register",
        summary=_("Register geïmporteerd uit %(name)s", name=filename[:100] or _("bestand")),
        changes={
            "file": filename[:200],
            "sha256": result.sha256,
            "created": result.created,
            "changed": result.changed,
            "activities": {
                action.value: sum(1 for a in plan.activities if a.action is action)
                for action in Action
            },
        },
    )
    session.flush()
    return result


def plan_lines(result: ImportResult) -> list[str]:
    """The result as plain text lines (CLI output)."""
    lines = [f"{sheet}: {layout}" for sheet, layout in result.layouts.items()]
    lines += [
        f"{c.action.label:<10} {c.kind.label:<12} {c.label}"
        + (f" ({c.detail})" if c.detail else "")
        for c in result.changes
    ]
    lines.append(_("%(count)d verwerking(en) ongewijzigd.", count=result.unchanged))
    lines += result.notices
    return lines
