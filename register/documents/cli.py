"""`flask --app register documents check`: the documents check for the current register."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from register.db import current_session
from register.documents.findings import Finding, register_findings


def format_finding(finding: Finding) -> str:
    kind = "BLOKKEREND" if finding.blocking else "let op"
    return f"[{kind}] {finding.source} — {finding.item}: {finding.problem}"


@click.group("documents")
def documents_group() -> None:
    """The documents made from the register: agreements, leaflets, statement, exports."""


@documents_group.command("check")
@with_appcontext
def check_command() -> None:
    """List every empty, placeholder or contradicted item; exit 1 on a blocking one."""
    findings = register_findings(current_session())
    for finding in findings:
        click.echo(format_finding(finding))
    blocking = sum(f.blocking for f in findings)
    click.echo(
        f"Documentcontrole: {blocking} blokkerend, {len(findings) - blocking} om op te letten."
    )
    if blocking:
        raise SystemExit(1)
