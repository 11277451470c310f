"""Proposal recall (issue 13): from an empty knowledge base, the shipped articles' proposals hold the curated quotes.

The articles are the texts kept in ``data/sources``, so the measurement runs the same in any clone; every
curated quote of ``data/facts.yaml`` counts, and the floor is the issue's 90%.
"""

from __future__ import annotations

import json

import pytest

from benchmarks import proposals
from bot.core.loader import DEFAULT_DATA_DIR

SHIPPED = sorted((DEFAULT_DATA_DIR / "sources").glob("*.yaml"))


def test_the_proposals_of_the_two_shipped_articles_hold_at_least_90_percent_of_the_curated_quotes() -> None:
    assert len(SHIPPED) == 2
    result = proposals.measure(SHIPPED)
    assert result.quotes >= 70, "every curated fact is counted"
    assert result.recall >= proposals.FLOOR, result.lines()
    assert result.useful >= 0.9 * result.proposals, "nearly every proposal is one a moderator curated"


def test_the_measurement_prints_its_figures_and_fails_under_the_floor(capsys: pytest.CaptureFixture[str]) -> None:
    assert proposals.main(["--json", *map(str, SHIPPED)]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["found"] <= printed["quotes"] and printed["floor"] == proposals.FLOOR
    assert printed["recall"] == round(printed["found"] / printed["quotes"], 4)
    one_article = [path for path in SHIPPED if "commentary" in path.name]
    assert proposals.main([*map(str, one_article)]) == 1, "half the articles cannot hold 90% of the quotes"
