"""The step-up tests use the agreement fixtures (seeded register, people, agreements)."""

from tests.agreements.conftest import build, people, reg  # noqa: F401  (fixtures)
