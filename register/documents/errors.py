"""The refusal raised while the documents check reports blocking findings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l

from register.errors import DomainError

if TYPE_CHECKING:
    from register.documents.findings import Finding


class DocumentsIncomplete(DomainError):
    """The register lacks, or contradicts, what the documents need; nothing was done."""

    message = _l(
        "De documentcontrole meldt %(count)d blokkerende punt(en): %(findings)s. "
        "Vul het register aan (zie Documentcontrole) en probeer het opnieuw."
    )

    def __init__(self, findings: list[Finding]) -> None:
        listed = "; ".join(f"{f.source}: {f.item} ({f.problem})" for f in findings)
        super().__init__(count=len(findings), findings=listed)
        self.findings = findings
