"""The agreement fixtures (a seeded register, people, agreements in a state) for access tests."""

from tests.agreements.conftest import build, people, reg  # noqa: F401  (fixtures re-exported)
