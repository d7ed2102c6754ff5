"""Routes of the audit feature."""

from register.audit import bp  # noqa: F401
