"""Mail tests reuse the agreement fixtures: a seeded register, people and agreements."""

from tests.agreements.conftest import build, people, reg  # noqa: F401  (fixtures)
