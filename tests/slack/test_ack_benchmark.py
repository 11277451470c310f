"""``benchmarks.slack_ack`` runs end to end and reports sane figures (the figures themselves are not asserted)."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.slack_ack import measure_ack_latency


@pytest.mark.slow
def test_ack_latency_is_measured_for_every_command(db_path: Path) -> None:
    figures = measure_ack_latency(concurrency=4, rounds=2, db_path=db_path)
    assert figures.commands == 8 and figures.concurrency == 4
    assert 0 < figures.p50_ms <= figures.p99_ms <= figures.max_ms
    assert figures.answers_s > 0
    assert set(figures.to_json()) == {"commands", "concurrency", "p50_ms", "p99_ms", "max_ms", "answers_s"}
