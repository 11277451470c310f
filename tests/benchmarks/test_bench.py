"""Smoke test of the benchmark: it runs on small sizes and its output is well formed (no timing assertions)."""

from __future__ import annotations

import json
import math
import subprocess
import sys

import pytest

import benchmarks as bench
from benchmarks import measurement
from bot.cli import main
from bot.core.loader import KnowledgeData

pytestmark = pytest.mark.slow

SMALL = (300, 600)
SUBPROCESS_TIMEOUT_S = 600
"""A hang (the worker re-running the command) fails the test instead of the run; the work takes seconds."""


SEMANTIC_FIELDS = {"semantic", "semantic_share", "words_only", "lexical_path", "where_the_time_goes"}


def check_shape(obj: dict[str, object], sizes: tuple[int, ...]) -> None:
    assert {"sizes", "growth_exponent"} <= set(obj)
    assert isinstance(obj["growth_exponent"], float) and math.isfinite(obj["growth_exponent"])
    rows = obj["sizes"]
    assert isinstance(rows, list) and len(rows) == len(sizes)
    for row, size in zip(rows, sizes, strict=True):
        assert set(row) == {"entries", "build_s", "rss_mb", "p50_ms", "p95_ms", "p99_ms", "baselines"} | SEMANTIC_FIELDS
        assert 0 <= row["semantic_share"] <= 1
        assert row["words_only"]["p50_ms"] <= row["words_only"]["p99_ms"]
        assert isinstance(row["entries"], int) and size <= row["entries"] < size + 20
        for key in ("build_s", "p50_ms", "p95_ms", "p99_ms"):
            assert isinstance(row[key], float) and row[key] > 0, key
        assert isinstance(row["rss_mb"], float) and row["rss_mb"] >= 0
        assert row["p50_ms"] <= row["p95_ms"] <= row["p99_ms"]
        assert set(row["baselines"]) == {"wratio", "fts5"}
        for baseline in row["baselines"].values():
            assert set(baseline) == {"p50_ms", "p99_ms"}
            assert 0 < baseline["p50_ms"] <= baseline["p99_ms"]


@pytest.fixture
def few_questions(monkeypatch: pytest.MonkeyPatch) -> None:
    """Time 30 questions, not the whole set: this is a smoke test (the parent hands them to each size)."""
    full = bench.question_set
    monkeypatch.setattr(measurement, "question_set", lambda real, *a, **k: full(real, *a, **k)[::6])


@pytest.mark.usefixtures("few_questions")
def test_the_cli_prints_the_issue_json_shape(capfd: pytest.CaptureFixture[str]) -> None:
    assert main(["bench", "--sizes", "300,600", "--json", "--runs", "1", "--edit-size", "0"]) == 0
    out, err = capfd.readouterr()  # each size ran in its own process, then a cold start of a real bot
    document = json.loads(out)
    check_shape(document, SMALL)
    assert document["cold_start"]["cold_start_s"] > 0 and document["edit_visible"] is None
    assert "phrasings" in err  # the progress indicator, on stderr


@pytest.mark.usefixtures("few_questions")
def test_the_readable_report_has_a_table_and_a_verdict(shipped: KnowledgeData) -> None:
    report = bench.run(SMALL, isolate=False, progress=False, rounds=1, real=shipped)
    check_shape(json.loads(json.dumps(report.to_json())), SMALL)
    table = bench.table(report)
    assert "matcher p50/p95/p99 ms" in table[0] and len(table) >= 2 + len(SMALL)
    assert any("growth" in line for line in table)
    verdict = bench.verdict(report)
    assert verdict and "WRatio" in verdict[-1]


def test_synthetic_knowledge_bases_grow_by_retelling_the_real_one(shipped: KnowledgeData) -> None:
    size = 2 * bench.phrasing_count(shipped) + 100  # two generations and a part of a third
    grown = bench.synthesize(shipped, size)
    assert bench.phrasing_count(grown) == size
    assert len({e.id for e in grown.faq}) == len(grown.faq)
    facts = {f.id for f in grown.facts}
    assert all(f in facts for e in grown.faq for f in e.facts)
    assert grown.faq[: len(shipped.faq)] == shipped.faq  # the real entries come first, unchanged
    retold = grown.faq[len(shipped.faq) : 2 * len(shipped.faq)]
    changed = [new for new, old in zip(retold, shipped.faq, strict=True) if new.answer != old.answer]
    assert len(changed) > len(shipped.faq) * 0.8  # other names, numbers and words
    assert bench.synthesize(shipped, size) == grown  # deterministic


def test_the_question_set_mixes_the_dev_set_with_paraphrases_typos_and_misses(shipped: KnowledgeData) -> None:
    questions = bench.question_set(shipped)
    assert questions == bench.question_set(shipped)
    assert "How many chips will Mistral Compute use?" in questions
    assert len(questions) >= 120


def test_percentiles_and_growth_exponent() -> None:
    assert bench.percentile([1.0, 2.0, 3.0, 4.0], 50) == 2.5
    assert bench.percentile([], 99) == 0.0
    assert bench.growth_exponent([(1000, 1.0), (100_000, 100.0)]) == pytest.approx(1.0)
    assert bench.growth_exponent([(1000, 2.0), (100_000, 2.0)]) == pytest.approx(0.0)
    assert bench.growth_exponent([(1000, 2.0)]) == 0.0


def test_sizes_are_checked(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["bench", "--sizes", "ten"])
    assert "whole numbers" in capsys.readouterr().err


def test_cold_start_runs_real_bot_processes_and_they_leave_the_index_readings_in_the_database() -> None:
    start = bench.cold_start(1, progress=False)  # raises if the processes kept no readings
    data = start.to_json()
    assert {"cold_start_s", "cold_start_rebuild_s", "rss_mb", "index_build_s", "index_load_s"} <= set(data)
    assert all(v > 0 for k, v in data.items() if k not in ("load_average", "cache_current"))
    assert any("RSS" in line for line in start.lines())


def test_an_edit_reaches_another_bot_process_started_through_the_cli() -> None:
    """``python -m bot`` again in a spawned worker: the entry point must not run the command a second time."""
    out = subprocess.run([sys.executable, "-m", "bot", "bench", "--edit-only", "--edit-size", "300", "--json"],
                         capture_output=True, text=True, timeout=SUBPROCESS_TIMEOUT_S, check=False)
    assert out.returncode == 0, out.stderr
    edit = json.loads(out.stdout)
    assert 300 <= edit["phrasings"] < 320
    assert edit["visible_s"] >= 0 and edit["first_answer_ms"] > 0 and edit["other_start_s"] > 0
