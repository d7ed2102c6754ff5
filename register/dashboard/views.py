"""Routes of the dashboard feature."""

from register.dashboard import bp  # noqa: F401
