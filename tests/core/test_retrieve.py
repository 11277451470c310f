"""Candidate retrieval with pruning returns exactly what adding up every posting returns."""

from __future__ import annotations

import random
from collections import defaultdict

import pytest

from benchmarks import question_set, synthesize
from bot.core.analyzer import Analysis
from bot.core.index import Index
from bot.core.loader import KnowledgeData


def reference_retrieve(index: Index, analysis: Analysis, limit: int) -> list[int]:
    """The plain algorithm: add up every telling word's postings, sort everything."""
    tokens = set(analysis.tokens)
    known = [t for t in tokens if t in index.postings]
    n = len(index.candidates)
    telling = [t for t in known if len(index.postings[t]) <= n * 0.5] or known
    scores: dict[int, float] = defaultdict(float)
    for tok in telling:
        for i in index.postings[tok]:
            scores[i] += index.idf[tok]
    return sorted(scores, key=lambda i: (-scores[i], i))[:limit]


@pytest.fixture(scope="module")
def grown(shipped: KnowledgeData) -> Index:
    return Index.build(synthesize(shipped, 1500))


@pytest.mark.parametrize("limit", [1, 5, 40, 500])
def test_pruned_retrieval_equals_the_full_sum(grown: Index, shipped: KnowledgeData, limit: int) -> None:
    rng = random.Random(limit)
    vocab = sorted(grown.postings)
    questions = question_set(shipped)
    analyses = [grown.analyzer.analyze(q) for q in questions]
    for _ in range(150):  # bags of words, common and rare mixed, to reach the pruning paths
        words = rng.sample(vocab, rng.randint(1, 8))
        analyses.append(grown.analyzer.analyze(" ".join(words)))
    for analysis in analyses:
        assert grown.retrieve(analysis, limit) == reference_retrieve(grown, analysis, limit), analysis.tokens


def test_no_known_word_retrieves_nothing(grown: Index) -> None:
    assert grown.retrieve(grown.analyzer.analyze("zzzqx wwwvq")) == []
    assert grown.retrieve(grown.analyzer.analyze("Mistral"), 0) == []
