"""Proposes facts from a new source: one per claim-bearing sentence, each placed against what is already known.

For every sentence that bears a claim (``bot.core.claims``) the proposal
quotes the sentence verbatim and states it, then says where it would go:

- an update of a live fact it nearly repeats (the same words with the figures
  masked, ``NEAR_DUPLICATE``), with both facts' figures to compare;
- the FAQ entry it would join (the best FAQ candidate the matcher finds for
  its statement, from ``FAQ_FIT`` up) or update (an entry resting on the fact
  it updates).

Nothing is written here: the proposals come back as values for the store.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from bot.core import supersession, tuning
from bot.core.claims import ClaimReader
from bot.core.loader import KnowledgeData
from bot.core.models import Fact, FaqEntry, Proposal, Source
from bot.core.scored import MatchResult
from bot.core.sentences import Sentence, source_sentences
from bot.core.text import fold, stem
from bot.core.vocabulary import STOPWORDS

NEAR_DUPLICATE = 0.75
"""The share of a live fact's quote (its content words, stemmed, any figure as ``#``) a sentence must say
to repeat that fact."""
NEAR_SENTENCE = 0.35
"""And the share of the sentence's own words the fact must say: a short quote inside a long sentence about
something else is not a repeat."""
MIN_SHARED_WORDS = 3
AMBIENT_SHARE = 0.25
"""A name more than this share of the live facts carry (NVIDIA, Europe) tells no subject from another."""
FAQ_FIT = tuning.SUGGEST_AT
"""The matcher's confidence from which an FAQ entry is named as the place a proposed fact would join."""
_ANAPHOR = re.compile(
    r"^[\"“‘(]?(he|she|it|they|this|these|that|those|its|their|the (?:company|chipmaker|firm|service|plan|"
    r"facility|group|startup|project))\b",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"\d+(?:\.\d+)?x?")

Match = Callable[[str], MatchResult]


@dataclass(frozen=True)
class _Known:
    fact: Fact
    words: frozenset[str]
    names: frozenset[str]
    """The names it is about: its entities and what its quote says, folded."""
    quote: str


class Proposer:
    """Proposes facts from sources against one knowledge base (and, for FAQ entries, its matcher)."""

    def __init__(self, data: KnowledgeData, match: Match | None = None, *, reader: ClaimReader | None = None) -> None:
        self.data = data
        self.match = match
        self.reader = reader or ClaimReader(data.aliases)
        live = {f.id: f for f in data.facts if not f.retired}
        current = [f for f in live.values() if supersession.is_current(f, live)]
        self.known = [_Known(f, _words(f.quote), frozenset(fold(e) for e in f.entities), fold(f.quote))
                      for f in current]
        counts: dict[str, int] = {}
        for known in self.known:
            for name in known.names:
                counts[name] = counts.get(name, 0) + 1
        self.ambient = frozenset(n for n, c in counts.items() if c > AMBIENT_SHARE * len(self.known))
        self.faq: Mapping[str, FaqEntry] = {e.id: e for e in data.faq if not e.retired}
        self.resting: dict[str, list[str]] = {}
        for entry in self.faq.values():
            for fact_id in entry.facts:
                self.resting.setdefault(fact_id, []).append(entry.id)

    def propose(self, source: Source) -> list[Proposal]:
        """Unsaved proposals (``id`` 0) for every claim-bearing sentence of the source, in order."""
        found = source_sentences(source)
        out: list[Proposal] = []
        for sentence in found:
            proposal = self.sentence(source, sentence, found)
            if proposal is not None:
                out.append(proposal)
        return out

    def sentence(self, source: Source, sentence: Sentence, around: Sequence[Sentence] = ()) -> Proposal | None:
        """The proposal for one sentence, or None when it bears no claim."""
        claim = self.reader.read(sentence.text)
        if not claim.is_claim:
            return None
        context = None
        if _ANAPHOR.match(sentence.text) and sentence.index > 0 and len(around) >= sentence.index:
            context = around[sentence.index - 1].text
        update_of, update_score = self._near(sentence.text, claim.entities)
        faq_id, faq_action, faq_score = self._faq(claim.statement, update_of)
        topics = self._topics(update_of, faq_id)
        return Proposal(
            id=0, source_id=source.id, position=sentence.index, start=sentence.start, end=sentence.end,
            quote=" ".join(sentence.text.split()), statement=claim.statement, signals=claim.signals,
            numbers=claim.numbers, entities=claim.entities, topics=topics, context=context, update_of=update_of,
            update_score=update_score, faq_id=faq_id, faq_action=faq_action, faq_score=faq_score,
        )

    def _near(self, text: str, entities: Sequence[str]) -> tuple[str | None, float | None]:
        """The live, current fact this sentence nearly repeats, and how much of the fact it says (0-1).

        Both must be about the same things: a sentence naming someone or somewhere the fact does not (a
        factory in Lisbon, not the gigafactories) is another claim, however alike the words.
        """
        words = _words(text)
        names = [fold(e) for e in entities if fold(e) not in self.ambient]
        best: tuple[float, float, str] | None = None
        for known in self.known:
            shared = len(words & known.words)
            if not known.words or shared < min(MIN_SHARED_WORDS, len(known.words)):
                continue
            if any(n not in known.names and n not in known.quote for n in names):
                continue
            of_fact, of_sentence = shared / len(known.words), shared / max(len(words), 1)
            if of_fact >= NEAR_DUPLICATE and of_sentence >= NEAR_SENTENCE and (
                    best is None or (of_fact, of_sentence) > best[:2]):
                best = (of_fact, of_sentence, known.fact.id)
        return (best[2], round(best[0], 3)) if best else (None, None)

    def _faq(self, statement: str, update_of: str | None) -> tuple[str | None, str | None, float | None]:
        """The FAQ entry the fact would update (one resting on the fact it updates) or join (the best match)."""
        if update_of and self.resting.get(update_of):
            narrowest = min(self.resting[update_of], key=lambda e: (len(self.faq[e].facts), e))
            return narrowest, "update", None
        if self.match is None or not self.faq:
            return None, None, None
        result = self.match(statement)
        for scored in result.ranked:
            if scored.confidence < FAQ_FIT:
                break
            if scored.candidate.kind == "faq" and scored.candidate.id in self.faq:
                return scored.candidate.id, "join", round(scored.confidence, 3)
        return None, None, None

    def _topics(self, update_of: str | None, faq_id: str | None) -> tuple[str, ...]:
        if update_of is not None:
            fact = next((k.fact for k in self.known if k.fact.id == update_of), None)
            if fact is not None:
                return fact.topics
        if faq_id is not None and faq_id in self.faq:
            return self.faq[faq_id].topics
        return ()


def _words(text: str) -> frozenset[str]:
    """What a text says, for comparing two: its content words stemmed, and ``#`` for any figure."""
    masked = _NUMBER.sub(" # ", fold(text))
    return frozenset(w if w == "#" else stem(w) for w in re.findall(r"[^\W\d_]+|#", masked) if w not in STOPWORDS)
