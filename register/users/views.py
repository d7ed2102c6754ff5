"""Routes of the users feature."""

from register.users import bp  # noqa: F401
