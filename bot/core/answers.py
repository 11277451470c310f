"""Builds what users read from what the matcher found: sourced answers, the overview, topics.

Every answer carries the verbatim quotes behind it, taken from the facts the
entry rests on; nothing here writes a claim of its own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from bot.core import answer_kinds as kinds
from bot.core.loader import KnowledgeData
from bot.core.matcher import MatchResult
from bot.core.models import (
    Answer,
    Citation,
    Fact,
    FaqEntry,
    Match,
    Overview,
    OverviewItem,
    Source,
    Status,
    TopicSummary,
)

NO_ANSWER_TEXT = (
    "I don't know that one: my sources don't cover it. Try `/nvidia topics` to see what I can answer."
)
UNSURE_TEXT = "I'm not sure what you mean. Did you mean one of these?"
OVERVIEW_TITLE = "NVIDIA in Europe: the announcements"
OVERVIEW_INTRO = "What NVIDIA announced for Europe at GTC Paris / VivaTech, and how commentators see it."


class AnswerBuilder:
    """Turns matches and entries into Answer values; holds lookups of the current knowledge base."""

    def __init__(self, data: KnowledgeData) -> None:
        self.data = data
        self.sources: Mapping[str, Source] = {s.id: s for s in data.sources}
        self.facts: Mapping[str, Fact] = {f.id: f for f in data.facts if not f.retired}
        self.faq: Mapping[str, FaqEntry] = {e.id: e for e in data.faq if not e.retired}

    def citations(self, fact_ids: Sequence[str]) -> tuple[Citation, ...]:
        """The quotes behind the given facts, one per distinct quote, in order."""
        out: list[Citation] = []
        seen: set[tuple[str, str]] = set()
        for fid in fact_ids:
            fact = self.facts.get(fid)
            source = self.sources.get(fact.source_id) if fact else None
            if fact is None or source is None or (source.id, fact.quote) in seen:
                continue
            seen.add((source.id, fact.quote))
            out.append(Citation.of(source, fact.quote))
        return tuple(out)

    def entry_answer(self, question: str | None, kind: str, entry_id: str, confidence: float) -> Answer | None:
        """The sourced answer of one FAQ entry or fact, or None if it is gone or unsourced.

        Without a question, the entry's own question (or a fact's statement) stands for it.
        """
        if kind == "faq" and entry_id in self.faq:
            entry = self.faq[entry_id]
            text, cites, match = entry.answer, self.citations(entry.facts), Match("faq", entry.id)
            asked = entry.question
        elif kind == "fact" and entry_id in self.facts:
            fact = self.facts[entry_id]
            text, cites, match = fact.statement, self.citations([fact.id]), Match("fact", fact.id)
            asked = fact.statement
        else:
            return None
        if not cites:
            return None
        return Answer(question or asked, "answered", text, confidence, cites, match)

    def from_match(self, question: str, result: MatchResult, notes: Sequence[str] = ()) -> Answer:
        """Answered with sources, unsure with suggestions, or an honest no_answer; shaped by the kind of question."""
        confidence = result.best.confidence if result.best else 0.0
        if result.status == "answered" and result.best:
            cand = result.best.candidate
            answer = self.entry_answer(question, cand.kind, cand.id, confidence)
            if answer is not None:
                shaped = kinds.shape(answer, result, self)
                return replace(shaped, question=question, notes=tuple(notes) + shaped.notes)
        withheld = kinds.withheld(question, result, self)
        if withheld is not None:
            return replace(withheld, notes=tuple(notes) + withheld.notes)
        picks = result.suggestions()
        suggestions = tuple(c.question for c in picks)
        suggested = tuple(Match(c.kind, c.id) for c in picks)
        status: Status = "unsure" if result.status != "no_answer" and suggestions else "no_answer"
        text = UNSURE_TEXT if status == "unsure" else NO_ANSWER_TEXT
        return Answer(question, status, text, confidence, suggestions=suggestions, suggested=suggested,
                      notes=tuple(notes))

    def overview(self) -> Overview:
        """The headline facts, each with its quote, in the curated order."""
        items = []
        for fid in self.data.overview:
            fact = self.facts.get(fid)
            if fact is None:
                continue
            cites = self.citations([fid])
            if cites:
                items.append(OverviewItem(fact.statement, cites[0]))
        return Overview(OVERVIEW_TITLE, OVERVIEW_INTRO, tuple(items))

    def topics(self) -> list[TopicSummary]:
        """Each topic with how many entries it has and a few example questions."""
        out = []
        for topic in self.data.topics:
            entries = [e for e in self.faq.values() if topic.id in e.topics]
            facts = [f for f in self.facts.values() if topic.id in f.topics]
            if not entries and not facts:
                continue
            out.append(TopicSummary(topic, len(entries) + len(facts), tuple(e.question for e in entries[:3])))
        return out

    def topic_answer(self, key: str) -> Answer | None:
        """``/nvidia fact topic:<key>``: an FAQ entry or fact by id, or a topic's facts together."""
        for kind in ("faq", "fact"):
            answer = self.entry_answer(None, kind, key, 1.0)
            if answer is not None:
                return answer
        topic = next((t for t in self.data.topics if t.id == key), None)
        if topic is None:
            return None
        facts = [f for f in self.facts.values() if topic.id in f.topics]
        if not facts:
            return None
        text = "\n".join(f"• {f.statement}" for f in facts)
        return Answer(topic.title, "answered", text, 1.0, self.citations([f.id for f in facts]), None)

    def completions(self, prefix: str, limit: int = 25) -> list[tuple[str, str]]:
        """(label, key) pairs for topics and entries whose id or title contains the prefix."""
        needle = prefix.strip().lower()
        pool = [(t.title, t.id) for t in self.data.topics]
        pool += [(e.question, e.id) for e in self.faq.values()]
        hits = [(label, key) for label, key in pool if needle in label.lower() or needle in key]
        return hits[:limit]
