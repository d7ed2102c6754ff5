"""A short run of `bench/reliability.py`: concurrent clients on gunicorn and PostgreSQL.

The same mix as the benchmark (pages, edits of the same two activities, audited downloads)
with a few clients for a few seconds: no errors, every refused save told with the Dutch
stale-data message, every accepted save in the history, and the audit chain verifies.
"""

from __future__ import annotations

import os

import pytest

from bench.reliability import run

URL = os.environ.get("REGISTER_TEST_DATABASE_URL", "")


@pytest.mark.slow
@pytest.mark.skipif(not URL.startswith("postgresql"), reason="gunicorn with PostgreSQL only")
def test_concurrent_edits_lose_nothing_and_the_chain_verifies():
    result = run(f"{URL}_load", clients=4, seconds=8, workers=2, agreements=False)
    assert result["errors"] == []
    assert result["lost"] == 0 and result["chain_ok"]
    assert result["accepted"] > 0
    assert sum(len(v) for v in result["latencies"].values()) > 20
