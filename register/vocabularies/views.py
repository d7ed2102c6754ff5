"""Routes of the vocabularies feature."""

from register.vocabularies import bp  # noqa: F401
