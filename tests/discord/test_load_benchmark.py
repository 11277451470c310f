"""``benchmarks.discord_load`` runs the real bot under load and reports figures (it asserts none)."""

from __future__ import annotations

import pytest

from benchmarks.discord_load import measure
from bot.core.service import KnowledgeBase


@pytest.mark.slow
def test_the_load_benchmark_reports_answers_per_second_and_loop_lag(shared_kb: KnowledgeBase) -> None:
    load = measure(shared_kb, questions=20)  # answered questions only: nothing is written
    assert load.questions == 20 and load.seconds > 0 and load.answers_per_s > 0
    assert 0 <= load.lag_p50_ms <= load.lag_p95_ms <= load.lag_p99_ms <= load.lag_max_ms
    assert set(load.to_json()) == {"questions", "seconds", "answers_per_s", "lag_p50_ms", "lag_p95_ms",
                                   "lag_p99_ms", "lag_max_ms", "probes"}
