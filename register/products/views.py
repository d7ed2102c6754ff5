"""Routes of the products feature."""

from register.products import bp  # noqa: F401
