"""The knowledge base as answers see it now: placeholders filled in, superseded facts stood in for by newer ones.

Search reads this view (``current_view``), so a question finds the current
figure and the words an answer really shows, never ``{fact:...}``. The answer
builder keeps the full knowledge base beside it, because it also tells what
was reported before. ``answer_changes`` compares two knowledge bases the
same way, to list the FAQ answers a fact edit or a supersession changes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from bot.core import placeholders
from bot.core.loader import KnowledgeData
from bot.core.models import Fact, FaqEntry
from bot.core.supersession import current
from bot.core.validation import rests_on


def current_view(data: KnowledgeData) -> KnowledgeData:
    """Superseded facts left out, FAQ answers rendered, links and the overview pointing at the current facts.

    A knowledge base with no placeholders and no supersession comes back as the same object.
    """
    facts = {f.id: f for f in data.facts}
    if not any(f.superseded_by for f in data.facts) and not any(placeholders.has_placeholders(e.answer)
                                                                 for e in data.faq):
        return data
    live = {f.id: f for f in data.facts if not f.retired}
    kept = tuple(f for f in data.facts if f.retired or current(f.id, live) == f.id)
    faq = tuple(_current_entry(e, facts, live) for e in data.faq)
    overview = tuple(dict.fromkeys(current(f, live) for f in data.overview))
    return replace(data, facts=kept, faq=faq, overview=overview)


def _current_entry(entry: FaqEntry, facts: Mapping[str, Fact], live: Mapping[str, Fact]) -> FaqEntry:
    links = tuple(dict.fromkeys(current(f, live) if f in live else f for f in entry.facts))
    answer = placeholders.render(entry.answer, facts)
    if links == entry.facts and answer == entry.answer:
        return entry
    return replace(entry, facts=links, answer=answer)


@dataclass(frozen=True)
class AnswerChange:
    """An FAQ answer that a change to a fact changes: its text as users read it, before and after."""

    faq_id: str
    before: str
    after: str
    by_placeholder: bool
    """True when the text changed through a placeholder; False when only what it cites changed (its quote,
    or the newer fact shown beside it), and the words an editor wrote may now need editing too."""

    @property
    def text_changed(self) -> bool:
        """Whether users will read different words."""
        return self.before != self.after

    def to_json(self) -> dict[str, Any]:
        """One item of the ``answers_changed`` list in ``--json`` output."""
        return {"faq_id": self.faq_id, "before": self.before, "after": self.after,
                "by_placeholder": self.by_placeholder}

    def line(self) -> str:
        """One line for people."""
        if self.text_changed:
            return f"faq {self.faq_id}: now reads {self.after!r} (was {self.before!r})"
        return (f"faq {self.faq_id}: cites the changed fact in its own words; check that {self.after!r} "
                "still holds")


def answer_changes(before: KnowledgeData, after: KnowledgeData, fact_id: str) -> list[AnswerChange]:
    """The live FAQ answers resting on ``fact_id`` (or on a fact it now stands for), before and after a change."""
    old_facts = {f.id: f for f in before.facts}
    new_facts = {f.id: f for f in after.facts}
    old_entries = {e.id: e for e in before.faq}
    out: list[AnswerChange] = []
    for entry in after.faq:
        if entry.retired or not (rests_on(entry, fact_id, new_facts) or rests_on(entry, fact_id, old_facts)):
            continue
        old_entry = old_entries.get(entry.id, entry)
        was = placeholders.render(old_entry.answer, old_facts)
        now = placeholders.render(entry.answer, new_facts)
        out.append(AnswerChange(entry.id, was, now, placeholders.has_placeholders(entry.answer)))
    return out
