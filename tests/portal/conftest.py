"""The portal tests use the agreement fixtures (seeded register, people, agreements)."""

from tests.agreements.conftest import build, people, reg, replace  # noqa: F401  (fixtures)
