"""Routes of the portal feature."""

from register.portal import bp  # noqa: F401
