"""Builds what users read from what the matcher found: sourced answers, the overview, topics.

Every answer carries the verbatim quotes behind it, taken from the facts the
entry rests on; nothing here writes a claim of its own. An FAQ answer's
``{fact:ID}`` placeholders are filled in with what the facts say now, and a
figure that changed is answered with the current fact, dated, followed by
what was reported before and when ("As of 2025-07-01: … Earlier reported: …
(Zhitong Finance, date unknown)."), with every quote shown.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from bot.core import answer_kinds as kinds
from bot.core import placeholders, supersession
from bot.core.loader import KnowledgeData
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
from bot.core.scored import MatchResult

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
        """The live facts, superseded ones included (their quotes show what was reported before)."""
        self.faq: Mapping[str, FaqEntry] = {e.id: e for e in data.faq if not e.retired}

    def current(self, fact_id: str) -> str:
        """The live fact that now stands for ``fact_id`` (itself unless a newer fact superseded it)."""
        return supersession.current(fact_id, self.facts)

    def history_citations(self, fact_ids: Sequence[str]) -> tuple[Citation, ...]:
        """The quotes of the current facts standing for ``fact_ids``, then of what they superseded."""
        shown = list(dict.fromkeys(self.current(f) for f in fact_ids if f in self.facts))
        older = [o.id for f in shown for o in supersession.earlier(f, self.facts)]
        return self.citations([*shown, *older])

    def _label(self, fact: Fact) -> str:
        source = self.sources.get(fact.source_id)
        if source is None:
            return fact.source_id
        return source.publisher or source.title or source.id

    def _earlier_text(self, fact: Fact) -> str:
        """"Earlier reported: …" for the facts a current one superseded, or nothing."""
        older = supersession.earlier(fact.id, self.facts)
        if not older:
            return ""
        said = "; ".join(f"{_bare(o.statement)} ({self._label(o)}, {supersession.date_label(o, self.sources)})"
                         for o in older)
        return f"Earlier reported: {said}."

    def _dated(self, fact: Fact) -> str:
        date = supersession.as_of(fact, self.sources)
        return f"As of {date}" if date else "Latest reported (date unknown)"

    def fact_text(self, fact: Fact) -> str:
        """A current fact as answered: its statement, dated with what came before when its figure changed."""
        earlier = self._earlier_text(fact)
        if not earlier:
            return fact.statement
        return f"{self._dated(fact)}: {_bare(fact.statement)} ({self._label(fact)}). {earlier}"

    def faq_text(self, entry: FaqEntry) -> str:
        """An FAQ answer as users read it: placeholders filled in, then any figure that changed, dated."""
        text = placeholders.render(entry.answer, self.facts)
        shown_by_placeholder = set(placeholders.resolved(entry.answer, self.facts))
        notes = []
        for fact_id in dict.fromkeys(self.current(f) for f in entry.facts if f in self.facts):
            fact = self.facts[fact_id]
            earlier = self._earlier_text(fact)
            if not earlier:
                continue
            if fact_id in shown_by_placeholder:
                notes.append(f"{self._dated(fact)} ({self._label(fact)}). {earlier}")
            else:
                notes.append(f"Update: {self._dated(fact).lower()}: {_bare(fact.statement)} ({self._label(fact)}). "
                             f"{earlier}")
        return " ".join([text, *notes])

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
            text, cites, match = self.faq_text(entry), self.history_citations(entry.facts), Match("faq", entry.id)
            asked = entry.question
        elif kind == "fact" and entry_id in self.facts:
            fact = self.facts[self.current(entry_id)]
            text, cites, match = self.fact_text(fact), self.history_citations([fact.id]), Match("fact", fact.id)
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
        for fid in dict.fromkeys(self.current(f) for f in self.data.overview if f in self.facts):
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
            facts = [f for f in self._current_facts() if topic.id in f.topics]
            if not entries and not facts:
                continue
            out.append(TopicSummary(topic, len(entries) + len(facts), tuple(e.question for e in entries[:3])))
        return out

    def history_text(self, fact_id: str) -> str | None:
        """When a fact's figure changed and what it was, oldest first, or None when it never changed.

        "History: 18,000 (Zhitong Finance, date unknown) → 20,000 (Fictional Wire, 2026-01-15)." Each step is
        the figure as written (the whole statement when it gives none), its source and its date.
        """
        if fact_id not in self.facts:
            return None
        now = self.facts[self.current(fact_id)]
        chain = [*reversed(supersession.earlier(now.id, self.facts)), now]
        if len(chain) < 2:
            return None
        steps = [f"{placeholders.figure(f.statement) or _bare(f.statement)} ({self._label(f)}, "
                 f"{supersession.date_label(f, self.sources)})" for f in chain]
        return f"History: {' → '.join(steps)}."

    def fact_lookup(self, fact_id: str) -> Answer | None:
        """One fact looked up by id (``/nvidia fact ID``): its current answer, then its history when it changed."""
        answer = self.entry_answer(None, "fact", fact_id, 1.0)
        history = self.history_text(fact_id)
        if answer is None or history is None or answer.text is None:
            return answer
        return replace(answer, text=f"{answer.text}\n{history}")

    def topic_answer(self, key: str) -> Answer | None:
        """``/nvidia fact topic:<key>``: an FAQ entry or fact by id, or a topic's facts together.

        An FAQ entry wins over a fact of the same id, unless that fact's figure changed: then the fact, with
        its history, is what the user asked to see.
        """
        if self.history_text(key) is not None:
            return self.fact_lookup(key)
        for kind in ("faq", "fact"):
            answer = self.entry_answer(None, kind, key, 1.0) if kind == "faq" else self.fact_lookup(key)
            if answer is not None:
                return answer
        topic = next((t for t in self.data.topics if t.id == key), None)
        if topic is None:
            return None
        facts = [f for f in self._current_facts() if topic.id in f.topics]
        if not facts:
            return None
        text = "\n".join(f"• {self.fact_text(f)}" for f in facts)
        return Answer(topic.title, "answered", text, 1.0, self.history_citations([f.id for f in facts]), None)

    def _current_facts(self) -> list[Fact]:
        return [f for f in self.facts.values() if supersession.is_current(f, self.facts)]

    def completions(self, prefix: str, limit: int = 25) -> list[tuple[str, str]]:
        """(label, key) pairs for topics and entries whose id or title contains the prefix."""
        needle = prefix.strip().lower()
        pool = [(t.title, t.id) for t in self.data.topics]
        pool += [(e.question, e.id) for e in self.faq.values()]
        hits = [(label, key) for label, key in pool if needle in label.lower() or needle in key]
        return hits[:limit]


def _bare(statement: str) -> str:
    """A statement without its closing full stop, to be followed by its source in brackets."""
    return statement.strip().rstrip(".").rstrip()
