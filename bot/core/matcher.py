"""Question -> ranked candidates -> confidence -> answered / unsure / no_answer.

Each candidate is scored on how much of the question it explains (IDF-weighted
coverage of the question's words by everything the entry says), how closely
the question fits one of its phrasings (weighted F1 and rapidfuzz's
token-sort ratio), and then penalised for what it cannot cover: names the
knowledge base does not know, entities and numbers the entry does not mention,
and a kind of question (how many, where, who, when) it cannot answer. An
honest "I don't know" beats a confident near miss.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.core.analyzer import Analysis
from bot.core.index import Candidate, Index

ANSWER_AT = 0.52
"""Confidence from which the best candidate is given as the answer."""
SUGGEST_AT = 0.25
"""Confidence from which candidates are offered as suggestions."""
MAX_SUGGESTIONS = 3

FOREIGN_PENALTY = 0.35
ENTITY_PENALTY = 0.55
NUMBER_PENALTY = 0.6
QTYPE_PENALTY = 0.7
QTYPE_NEAR = 0.93
"""An entry whose answer could serve the question's type but whose phrasings ask something else."""
UNKNOWN_PENALTY = 0.8
"""Each word the knowledge base has never seen is something the question asks that no entry holds."""
COUNTED_PENALTY = 0.7
"""A "how many X" question whose X the entry never mentions: its number counts something else."""
FACT_DISCOUNT = 0.96
"""Curated FAQ answers are preferred over a bare fact that scores the same."""


@dataclass(frozen=True)
class Scored:
    """A candidate and its confidence, with the parts for explaining it."""

    candidate: Candidate
    confidence: float
    coverage: float
    fit: float


@dataclass(frozen=True)
class MatchResult:
    """The matcher's verdict on one question."""

    status: str
    best: Scored | None
    ranked: tuple[Scored, ...]
    analysis: Analysis

    def suggestions(self) -> list[Candidate]:
        """Up to three candidates with distinct questions the user may have meant."""
        out: list[Candidate] = []
        for scored in self.ranked:
            if scored.confidence < SUGGEST_AT or len(out) >= MAX_SUGGESTIONS:
                break
            if all(c.question != scored.candidate.question for c in out):
                out.append(scored.candidate)
        return out


class Matcher:
    """Scores questions against one index."""

    def __init__(self, index: Index) -> None:
        self.index = index

    def match(self, question: str) -> MatchResult:
        """Rank candidates for a question and decide whether it is answered."""
        analysis = self.index.analyzer.analyze(question)
        if not analysis.tokens:
            return MatchResult("no_answer", None, (), analysis)
        query = _Query.of(analysis, self.index)
        ranked = sorted(
            (self._score(i, query) for i in self.index.retrieve(analysis)),
            key=lambda s: (-s.confidence, s.candidate.kind != "faq", s.candidate.id),
        )
        best = ranked[0] if ranked else None
        if best is None or best.confidence < SUGGEST_AT:
            return MatchResult("no_answer", best, tuple(ranked), analysis)
        status = "answered" if best.confidence >= ANSWER_AT else "unsure"
        return MatchResult(status, best, tuple(ranked), analysis)

    def _score(self, i: int, query: _Query) -> Scored:
        cand, q = self.index.candidates[i], query.analysis
        tokens, weights, total = query.tokens, query.weights, query.total
        coverage = sum(w for t, w in weights.items() if t in cand.vocab) / total
        norms = self.index.phrasing_norms[i]
        fit = max((_f1(tokens, p, weights, total, norm) for p, norm in zip(cand.phrasings, norms, strict=True)),
                  default=0.0)
        closest = process.extractOne(query.text, cand.phrasing_texts, scorer=fuzz.token_sort_ratio)
        fuzzy = (closest[1] if closest is not None else 0.0) / 100
        confidence = 0.5 * coverage + 0.35 * fit + 0.15 * fuzzy
        confidence *= FOREIGN_PENALTY ** len(q.foreign)
        missing = [e for e in q.entities if e not in cand.entities and e not in self.index.ambient]
        confidence *= ENTITY_PENALTY ** len(missing)
        confidence *= NUMBER_PENALTY ** len(q.numbers - cand.numbers)
        if q.qtype and q.qtype not in cand.asks:
            confidence *= QTYPE_NEAR if q.qtype in cand.answer_types else QTYPE_PENALTY
        confidence *= UNKNOWN_PENALTY ** len(q.unknown if q.language != "en" else q.unknown_tokens)
        if q.counted and q.counted not in cand.vocab:
            confidence *= COUNTED_PENALTY
        if cand.kind == "fact":
            confidence *= FACT_DISCOUNT
        return Scored(cand, max(0.0, min(1.0, confidence)), coverage, fit)


@dataclass(frozen=True)
class _Query:
    """What scoring needs from a question, worked out once per question rather than once per candidate."""

    analysis: Analysis
    tokens: set[str]
    weights: dict[str, float]
    total: float
    text: str

    @classmethod
    def of(cls, analysis: Analysis, index: Index) -> _Query:
        """The question's distinct tokens, their weights, the weights' sum and the sorted token text."""
        tokens = set(analysis.tokens)
        weights = {t: index.weight(t, analysis) for t in tokens}
        return cls(analysis, tokens, weights, sum(weights.values()) or 1.0, " ".join(sorted(tokens)))


def _f1(query: set[str], phrasing: frozenset[str], weights: dict[str, float], total: float, norm: float) -> float:
    """Weighted F1 of the question's tokens against one phrasing; ``norm`` is the phrasing's IDF mass.

    A phrasing sharing no token scores 0 without adding anything up.
    """
    if query.isdisjoint(phrasing):
        return 0.0
    shared = sum(weights[t] for t in query & set(phrasing))
    if not shared:
        return 0.0
    recall = shared / total
    precision = shared / (norm or 1.0)
    return 2 * recall * precision / (recall + precision)
