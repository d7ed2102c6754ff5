"""Routes of the exchange feature."""

from register.exchange import bp  # noqa: F401
