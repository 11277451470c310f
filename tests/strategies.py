"""Hypothesis strategies for answers and citations, and the UTF-16 length both platforms limit."""

from __future__ import annotations

from hypothesis import strategies as st

from bot.core.models import Answer, Citation, Match
from tests.hostile import ids


def units(text: str) -> int:
    """UTF-16 code units: the stricter of the ways either platform counts."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def citations(text: st.SearchStrategy[str]) -> st.SearchStrategy[Citation]:
    optional = st.none() | text
    return st.builds(Citation, ids, optional, optional, optional, optional, text)


def answers(question: st.SearchStrategy[str], text: st.SearchStrategy[str]) -> st.SearchStrategy[Answer]:
    """Answers of every status, with the question from ``question`` and everything else from ``text``."""
    matches = st.builds(Match, st.sampled_from(["faq", "fact"]), ids)
    return st.builds(
        Answer,
        question=question,
        status=st.sampled_from(["answered", "unsure", "no_answer"]),
        text=st.none() | text,
        confidence=st.floats(0, 1),
        citations=st.lists(citations(text), max_size=30).map(tuple),
        match=st.none() | matches,
        suggestions=st.lists(text, max_size=8).map(tuple),
        suggested=st.lists(matches, max_size=8).map(tuple),
        notes=st.lists(text, max_size=3).map(tuple),
    )
