"""The one base of every domain error a service raises.

A service refuses a change by raising a subclass of `DomainError`; the edge (view or CLI
command) rolls back and shows `message`, in Dutch, at `field` when the error names one::

    try:
        services.update_activity(command)
    except DomainError as error:
        attach_error(form, error)

Where a feature has an error of its own (`UserError`, `AgreementError`, `RequestError`, ...),
a refusal raised in one place is that error with its message where it is refused
(`raise UserError(_l("..."), field="email")`); a named subclass with its own `message` is
for a refusal that callers or tests tell apart, or that several places raise.

A refusal whose text names values takes them as keyword arguments, formatted into its
`message` template when the text is shown (`raise TransitionNotAllowed(state=label)` with
`message = _l("... „%(state)s”.")`).

`Stale` is the refusal of a change built on a version that is no longer current (optimistic
locking across requests); every feature's stale error subclasses it.
"""

from __future__ import annotations

from typing import Any

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l


class DomainError(Exception):
    """A refused change: `message` is the Dutch text for the user, `field` the form field."""

    message: Any = _l("De handeling kon niet worden uitgevoerd.")
    field: str | None = None

    def __init__(self, message: Any = None, field: str | None = None, **values: Any) -> None:
        if message is not None:
            self.message = message
        if values:
            self.message = LazyString(_format, self.message, values)
        if field is not None:
            self.field = field
        super().__init__(str(self.message))


class Stale(DomainError):
    """The record changed after the form was loaded; nothing was written."""

    message: Any = _l(
        "Iemand anders heeft dit gegeven intussen gewijzigd. Uw wijzigingen zijn niet "
        "opgeslagen; laad de pagina opnieuw, bekijk de nieuwe gegevens en breng uw wijziging "
        "opnieuw aan."
    )


def _format(template: Any, values: dict[str, Any]) -> str:
    """The (translated) `template` with its `%(name)s` placeholders filled from `values`."""
    return str(template) % values
