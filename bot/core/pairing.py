"""Two entries for a comparison: one for each side, or the best entry and a partner covering the rest.

"France vs UK: how many chips is each getting?" wants Mistral's 18,000 beside the UK's "thousands"; "Microsoft vs
Meta, who buys more?" cannot be told from one entry naming both only as a group. The matcher has ranked the
entries; this pairs them and scores the pair.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot.core import tuning as t
from bot.core.analysis import Analysis
from bot.core.candidates import Candidate
from bot.core.comparisons import RANKS, Sides, lists_them, names_reader, names_together, side_entry, split_sides
from bot.core.index import Index
from bot.core.query import Query
from bot.core.scored import Scored
from bot.core.source_mentions import SECOND_SOURCE, names_a_source
from bot.core.text import stem, words

FIGURES = frozenset({"count", "amount", "size", "money", "percent"})
"""What an entry must state for its side of a ranking ("which gets more chips?"): a figure, not a description."""


SOURCE_TALK = re.compile(
    r"describ\w*|descriptions?|says?|said|word(?:s|ed|ing)?|mention\w*|talks?|talking|covers?|covered|phrase[sd]?"
    r"|call(?:s|ed)?|refers?|referred|characteri[sz]e[sd]?|frames?|framed|differ\w*|slightly|each|add(?:s|ed)?"
    r"|shows?|appears?|lists?|version|versions|portray\w*|present\w*|way|ways", re.IGNORECASE)
"""What people say articles do ("how does each describe…", "which one mentions…", "what does the second add"): words
about the articles, not about what they report."""


class Pairing:
    """The comparison rules, with what they need of the knowledge base: its index, names and ambient names."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self._sides: dict[str, Sides | None] = {}

    def sides_of(self, question: str) -> Sides | None:
        """The question's two sides, read once however many of the rules below ask for them."""
        if question not in self._sides:
            self._sides[question] = split_sides(question, names_reader(self.index.analyzer.analyze,
                                                                       self.index.ambient))
        return self._sides[question]

    def one_side(self, query: Query, question: str, other: frozenset[str]) -> Query:
        """The comparison asked of one side alone: without the other side's names and the words that compare.

        "How does the UK chip deployment compare to France's Mistral deal?" asks, of the UK, about its chip
        deployment; the entry on it need not hold "France", "Mistral" or "compare". ``question`` names the sides,
        which may be in the context of what is asked ("compare France vs UK: how many chips is each getting?").
        """
        return self._narrowed(query, question, {stem("".join(words(e))) for e in other}, other)

    def of_each_source(self, query: Query, question: str) -> Query:
        """A question about what each article says, as asked of one: without the words that ask how they differ.

        "How do the two articles describe Nebius?" asks, of each article, about Nebius: "describe", "differently"
        and "each" are about the articles, not words an entry must hold.
        """
        about = {stem(w) for w in words(question) if SOURCE_TALK.fullmatch(w) or names_a_source(w)}
        return self._narrowed(query, question, about | {stem(SECOND_SOURCE)})  # what "the second article" was read as

    def _narrowed(self, query: Query, question: str, dropped: set[str], other: frozenset[str] = frozenset()) -> Query:
        """The question without some words and names, and without the words that compare: no longer a comparison."""
        q = query.analysis
        phrases = self.index.analyzer.languages.asked(question, q.language).phrases_of("compare")
        dropped = dropped | {stem(w) for p in phrases for w in words(p)}
        asked = replace(q.asked, kinds=q.asked.kinds - {"compare"}) if q.asked is not None else None
        alone = replace(q, entities=q.entities - other, tokens=tuple(tok for tok in q.tokens if tok not in dropped),
                        asked=asked, unknown=q.unknown - dropped, junk=q.junk - dropped)
        return replace(Query.of(alone, self.index), raw=query.raw, quoted=query.quoted, speakers=query.speakers)

    def may_answer_side(self, question: str, cand: Candidate, side: frozenset[str], other: frozenset[str]) -> bool:
        """Whether an entry can speak for one side of a comparison.

        It names that side and no third name of the side's kind (the summary naming France among Italy and Armenia
        says little of France), and states a figure when the question ranks them ("which gets more chips?").
        """
        kinds, ambient = self.index.analyzer.entity_kinds, self.index.ambient
        if not cand.entities & side:
            return False
        side_kinds = {kinds.get(e) for e in side}
        if any(kinds.get(e) in side_kinds for e in cand.entities - side - other - ambient):
            return False
        return RANKS.search(question) is None or bool(cand.gives & FIGURES)

    def one_answer(self, question: str, first: Scored, second: Scored) -> tuple[Scored, Scored | None] | None:
        """The entries that answer a comparison whose sides were answered apart, or None when they cannot.

        Two entries, each with facts the other lacks, answer it together. One entry whose facts hold the other's
        ("Mistral Compute will use 18,000 chips, and Nebius and Nscale in the UK thousands") answers it alone,
        unless the question ranks two names it states only as one group ("Microsoft and Meta account for about
        half").
        """
        mine, theirs = set(first.candidate.facts), set(second.candidate.facts)
        whole = first if mine >= theirs else second if theirs >= mine else None
        if whole is None:
            return first, second
        sides = self.sides_of(question)
        if sides is None or (RANKS.search(question) is not None and names_together(
                whole.candidate, sides, self.index.analyzer.entity_names)):
            return None
        return whole, None

    def together(self, query: Query, best: Scored, partner: Scored) -> float:
        """How well two entries answer a comparison between them: their mean, for what they explain together."""
        vocab = best.candidate.vocab | partner.candidate.vocab
        both = sum(w for tok, w in query.weights.items() if tok in vocab) / query.total
        alone = max(best.coverage, partner.coverage) or 1.0
        gain = min(t.PARTNER_MAX_GAIN, both / alone)
        return min(1.0, (best.confidence + partner.confidence) / 2 * gain)

    def by_sides(self, question: str, ranked: list[Scored]) -> tuple[Scored, Scored] | None:
        """An entry for each side of a comparison, unless the best entry compares them itself.

        When the best entry lists both sides among others of their kind, each side gets its own entry; when it
        names one side, the other side gets the best entry on that side alone.
        """
        index, kinds = self.index, self.index.analyzer.entity_kinds
        sides = self.sides_of(question)
        if sides is None:
            return None
        best = ranked[0]
        named = best.candidate.entities
        needs = FIGURES if RANKS.search(question) else frozenset()  # "who gets more chips?" is settled by figures
        if lists_them(best.candidate, sides, kinds, index.ambient):
            first = side_entry(ranked, sides.first, sides.second, kinds, index.ambient, t.ENTITY_PENALTY, needs)
        elif named & sides.first and not named & sides.second:
            first = (best, best.confidence)
        elif named & sides.second and not named & sides.first:
            first, sides = (best, best.confidence), replace(sides, first=sides.second, second=sides.first)
        else:
            return None
        second = side_entry(ranked, sides.second, sides.first, kinds, index.ambient, t.ENTITY_PENALTY, needs)
        if first is None or second is None or min(first[1], second[1]) < t.PARTNER_AT:
            return None
        if set(first[0].candidate.facts) & set(second[0].candidate.facts):
            return None
        return replace(first[0], confidence=first[1]), replace(second[0], confidence=second[1])

    def ranks_a_group(self, question: str, best: Scored, partner: Scored | None) -> bool:
        """Whether a comparison asks which side ranks higher of an entry naming both only as one group.

        "Microsoft vs Meta, who buys more?": "Microsoft and Meta account for about half of its sales" cannot tell
        them apart, nor "Nebius and Nscale will use thousands of chips" which gets more, unless the partner found
        speaks to a side on its own.
        """
        if RANKS.search(question) is None:
            return False
        analyzer = self.index.analyzer
        sides = self.sides_of(question)
        if sides is None or not (best.candidate.entities & sides.first and best.candidate.entities & sides.second):
            return False
        return (names_together(best.candidate, sides, analyzer.entity_names)
                and (partner is None or not partner.candidate.entities & sides.both))

    def partner(self, query: Query, ranked: list[Scored], question: str) -> Scored | None:
        """In a comparison, the best entry on other facts that covers what the best one leaves out.

        When the question names its sides, the partner speaks to one of them: an entry found by the question's
        other words alone ("Italy vs France: what does the news report say…" and the report's lag of Europe behind
        the US) adds nothing to either.
        """
        q, best = query.analysis, ranked[0].candidate
        left = {e for e in q.entities - best.entities if e not in self.index.ambient}
        if ranked[0].confidence < t.PARTNER_AT:
            return None
        sides = self.sides_of(question)
        named = sides.both if sides is not None else None
        for other in ranked[1:t.PARTNER_SEARCH]:
            cand = other.candidate
            side = self._as_other_side(q, best, other)
            if side.confidence < t.PARTNER_AT or set(cand.facts) & set(best.facts) or other.unmet:
                continue
            gain = sum(w for tok, w in query.weights.items() if tok in cand.vocab and tok not in best.vocab)
            if left & cand.entities or (not left and gain / query.total > t.PARTNER_GAIN
                                        and (named is None or named & cand.entities)):
                return side
        return None

    def _as_other_side(self, q: Analysis, best: Candidate, other: Scored) -> Scored:
        """An entry scored as the other side of a comparison.

        The names only the first side holds are not its to have ("Mistral's chips against a gigafactory's": the
        gigafactory entry need not name Mistral).
        """
        theirs = [e for e in q.entities if e in best.entities and e not in other.candidate.entities
                  and e not in self.index.ambient]
        if not theirs:
            return other
        return replace(other, confidence=min(1.0, other.confidence / t.ENTITY_PENALTY ** len(theirs)))
