"""Routes of the agreements feature."""

from register.agreements import bp  # noqa: F401
