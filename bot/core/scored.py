"""What the matcher says of a question: each candidate's score and the verdict.

Kept apart from the matcher so the modules reading its verdict (answers, comparisons' pairing, moderation) need
not import the matching itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.core import tuning as t
from bot.core.analysis import Analysis
from bot.core.candidates import Candidate


@dataclass(frozen=True)
class Scored:
    """A candidate and its confidence, with the parts for explaining it."""

    candidate: Candidate
    confidence: float
    coverage: float
    fit: float
    lexical: float = 0.0
    semantic: float = 0.0
    unmet: frozenset[str] = frozenset()
    """Kinds of answer the question asks for that this entry cannot give."""
    conflicts: tuple[str, ...] = ()
    """For a yes/no question: the question's values the entry contradicts (a place, a figure, a company)."""
    confirmed: bool = False
    """For a yes/no question: every value it states is one the entry states too."""
    cosine: float = 0.0
    """The embedding's raw cosine: orders entries the capped scores tie ("semantic" saturates at its ceiling)."""


@dataclass(frozen=True)
class MatchResult:
    """The matcher's verdict on one question."""

    status: str
    best: Scored | None
    ranked: tuple[Scored, ...]
    analysis: Analysis
    semantic_used: bool = field(default=False, compare=False)
    partner: Scored | None = None
    """For a comparison, the entry that covers the other side (the best covers one)."""

    def suggestions(self) -> list[Candidate]:
        """Up to three candidates with distinct questions the user may have meant."""
        out: list[Candidate] = []
        for scored in self.ranked:
            if scored.confidence < t.SUGGEST_AT or len(out) >= t.MAX_SUGGESTIONS:
                break
            if all(c.question != scored.candidate.question for c in out):
                out.append(scored.candidate)
        return out
