"""Browser tests of the portal use the agreement fixtures (register, people, agreements)."""

from tests.agreements.conftest import build, people, reg, replace  # noqa: F401  (fixtures)
