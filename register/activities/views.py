"""Routes of the activities feature."""

from register.activities import bp  # noqa: F401
