"""Routes of the organisations feature."""

from register.organisations import bp  # noqa: F401
