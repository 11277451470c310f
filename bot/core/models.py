"""The core's values: what the knowledge base holds and what a question gets back.

Everything here is plain data, frozen, and free of any chat platform, so the
Discord, Slack and terminal adapters all render the same objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Status = Literal["answered", "unsure", "no_answer"]
STATUSES: tuple[Status, ...] = ("answered", "unsure", "no_answer")
MatchKind = Literal["faq", "fact", "source"]
"""``source``: a sentence of a source no moderator has reviewed yet (``bot.core.source_answers``)."""

UNKNOWN = "unknown"


@dataclass(frozen=True)
class Source:
    """A source document; unknown metadata stays None rather than being guessed."""

    id: str
    title: str | None
    publisher: str | None
    published: str | None
    url: str | None
    language: str
    text: str
    notes: str | None = None


@dataclass(frozen=True)
class Topic:
    """A browsable subject, such as ``mistral-compute``."""

    id: str
    title: str
    description: str


@dataclass(frozen=True)
class Fact:
    """One claim from one source, with the verbatim quote that backs it."""

    id: str
    statement: str
    source_id: str
    quote: str
    topics: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    retired: bool = False
    version: int = 1
    as_of: str | None = None
    """The date the figure holds from, as the moderator gave it; None means its source's publication date."""
    superseded_by: str | None = None
    """The newer fact that replaced this one (its history stays: answers say what was reported before)."""


@dataclass(frozen=True)
class FaqEntry:
    """A curated question, its written answer, the facts behind it and other ways to ask it."""

    id: str
    question: str
    answer: str
    facts: tuple[str, ...]
    phrasings: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    retired: bool = False
    version: int = 1


@dataclass(frozen=True)
class Alias:
    """Other names of one person, company, place, product or term."""

    canonical: str
    kind: str
    aliases: tuple[str, ...]
    home: str | None = None
    """A company's home country ("Sweden" for Volvo), which the sources do not state: never an answer, only how
    a question may describe the company ("the Swedish carmaker") without asking about another country."""


@dataclass(frozen=True)
class Citation:
    """A source as shown under an answer: its metadata and the quote used."""

    source_id: str
    title: str | None
    publisher: str | None
    published: str | None
    url: str | None
    quote: str

    @classmethod
    def of(cls, source: Source, quote: str) -> Citation:
        """Cite a quote from a source."""
        return cls(source.id, source.title, source.publisher, source.published, source.url, quote)

    def to_json(self) -> dict[str, Any]:
        """The source object of the ``ask --json`` contract."""
        return {
            "source_id": self.source_id,
            "title": self.title,
            "publisher": self.publisher,
            "published": self.published,
            "url": self.url,
            "quote": self.quote,
        }


@dataclass(frozen=True)
class Match:
    """Which knowledge-base entry answered, by the id moderators edit it under."""

    kind: MatchKind
    id: str


@dataclass(frozen=True)
class Answer:
    """What a question gets: an answer with sources, suggestions, or an honest "don't know"."""

    question: str
    status: Status
    text: str | None
    confidence: float
    citations: tuple[Citation, ...] = ()
    match: Match | None = None
    suggestions: tuple[str, ...] = ()
    suggested: tuple[Match, ...] = ()
    """The entries behind ``suggestions``, in the same order (for buttons that answer them)."""
    notes: tuple[str, ...] = ()
    parts: tuple[Answer, ...] = ()
    """The answers to the other questions of the same message (two or three asked at once), in order."""
    reviewed: bool = True
    """False for an answer from a source sentence no moderator has reviewed (its text carries the label)."""

    @property
    def ref(self) -> str:
        """What a vote on this answer is about: ``faq:ID`` or ``fact:ID``, or the status when nothing matched."""
        return f"{self.match.kind}:{self.match.id}" if self.match else self.status

    def to_json(self) -> dict[str, Any]:
        """The object of the ``ask --json`` contract; ``"reviewed": false`` is added only to an unreviewed answer.

        So every answer that was possible before reads exactly as it did, key for key. The reply to a message of
        several questions keeps its main answer first in ``answer`` and ``sources`` and adds the other answered
        questions' after it, so a reader of only those fields gets the whole reply, as a chat user does;
        ``parts`` holds each of the others apart.
        """
        answered = [self, *(part for part in self.parts if part.status == "answered")] if self.parts else [self]
        text = "\n\n".join(a.text for a in answered if a.text) if len(answered) > 1 else self.text
        cited = list(dict.fromkeys(c for a in answered for c in a.citations))
        data = {
            "question": self.question,
            "status": self.status,
            "answer": text,
            "confidence": round(self.confidence, 4),
            "sources": [c.to_json() for c in cited],
            "match": {"kind": self.match.kind, "id": self.match.id} if self.match else None,
            "suggestions": list(self.suggestions),
            "notes": list(self.notes),
            "parts": [part.to_json() for part in self.parts],
        }
        if not self.reviewed:
            data["reviewed"] = False
        return data

    @property
    def all_parts(self) -> tuple[Answer, ...]:
        """The answer and those to the message's other questions."""
        return (self, *self.parts)


@dataclass(frozen=True)
class Voter:
    """Who voted on an answer: stored only as a salted hash, enough for one vote per person."""

    platform: str
    user_id: str


@dataclass(frozen=True)
class OverviewItem:
    """One headline of the overview, with its citation."""

    headline: str
    citation: Citation


@dataclass(frozen=True)
class Overview:
    """The short summary behind ``/nvidia europe``."""

    title: str
    intro: str
    items: tuple[OverviewItem, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class TopicSummary:
    """A topic with how many entries it has and a few example questions."""

    topic: Topic
    entries: int
    examples: tuple[str, ...]


ProposalStatus = Literal["open", "accepted", "rejected"]
PROPOSAL_STATUSES: tuple[ProposalStatus, ...] = ("open", "accepted", "rejected")


@dataclass(frozen=True)
class Proposal:
    """A fact proposed from one sentence of a source, for a moderator to accept, edit or reject.

    Its quote is the sentence, verbatim; its statement is the sentence as a fact would say it. It may
    update a live fact it nearly repeats (``update_of``) and join or update an FAQ entry (``faq_id``).
    """

    id: int
    source_id: str
    position: int
    """The sentence's place in the source (from 0)."""
    start: int
    end: int
    """Where the sentence is in the source's text."""
    quote: str
    statement: str
    signals: tuple[str, ...]
    """Why it is a claim: ``number``, ``entity``, ``announcement``, ``quotation``."""
    numbers: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    context: str | None = None
    """The sentence before, when this one refers back to it ("He said …")."""
    update_of: str | None = None
    """A live fact this sentence nearly repeats: accepting it supersedes that fact."""
    update_score: float | None = None
    faq_id: str | None = None
    faq_action: str | None = None
    """``join`` (the new fact would be linked to the entry) or ``update`` (the entry rests on ``update_of``)."""
    faq_score: float | None = None
    as_of: str | None = None
    status: ProposalStatus = "open"
    fact_id: str | None = None
    """The fact accepting it made."""
    version: int = 1
    created_at: str | None = None
    created_by: str | None = None
    decided_at: str | None = None
    decided_by: str | None = None
    reason: str | None = None

    def to_json(self) -> dict[str, Any]:
        """Every field, as ``proposals show --json`` prints it."""
        return {
            "id": self.id, "source_id": self.source_id, "position": self.position, "start": self.start,
            "end": self.end, "quote": self.quote, "statement": self.statement, "signals": list(self.signals),
            "numbers": list(self.numbers), "entities": list(self.entities), "topics": list(self.topics),
            "context": self.context, "update_of": self.update_of, "update_score": self.update_score,
            "faq_id": self.faq_id, "faq_action": self.faq_action, "faq_score": self.faq_score, "as_of": self.as_of,
            "status": self.status, "fact_id": self.fact_id, "version": self.version,
            "created_at": self.created_at, "created_by": self.created_by, "decided_at": self.decided_at,
            "decided_by": self.decided_by, "reason": self.reason,
        }
