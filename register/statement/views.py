"""Routes of the statement feature."""

from register.statement import bp  # noqa: F401
