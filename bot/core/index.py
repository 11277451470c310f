"""The in-memory search index: every FAQ entry and fact, analysed once, with an inverted index.

Built from the knowledge base's values (never from SQL directly) each time the
knowledge base's revision changes; questions then only touch this structure.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from bot.core import tuning as t
from bot.core.analyzer import Analysis, Analyzer
from bot.core.gives import kinds_given
from bot.core.loader import KnowledgeData
from bot.core.models import Fact, FaqEntry, MatchKind
from bot.core.numbers import number_keys
from bot.core.semantic import Role

ENGLISH = "en"
"""The language of the sources, the entries' answers and their quotes."""

SUMMARY_FACTS = 3
"""An entry resting on more facts than this is a summary: it is matched on its own phrasings only,
since the words of all its facts together would make it a near match for almost anything."""

FOREIGN_JUNK = 0.3
"""Weight of an untranslated word in a non-English question: likely a verb the lexicon lacks."""

RETRIEVE = 40
"""How many candidates the inverted index hands to full scoring."""

_TIME = re.compile(
    r"\b(1[89]\d\d|20\d\d|january|february|march|april|may|june|july|august|september|october|november|"
    r"december|monday|tuesday|wednesday|thursday|friday|saturday|sunday|next year|years?)\b",
    re.IGNORECASE,
)
_AMOUNT = re.compile(r"\b(thousands|several|half|triple|double|times|dozens|hundreds|millions?|billions?)\b",
                     re.IGNORECASE)


@dataclass(frozen=True)
class Candidate:
    """One thing a question can be matched to."""

    kind: MatchKind
    id: str
    question: str
    """What to offer as a suggestion ("Did you mean ...?")."""
    phrasings: tuple[frozenset[str], ...]
    phrasing_texts: tuple[str, ...]
    vocab: frozenset[str]
    entities: frozenset[str]
    numbers: frozenset[str]
    answer_types: frozenset[str]
    facts: tuple[str, ...]
    asks: frozenset[str] = frozenset()
    """Question types its own phrasings ask (a "where" entry fits a "where" question best)."""
    kinds_asked: frozenset[str] = frozenset()
    """The answer kinds its own phrasings ask for (``data/languages.yaml``'s kinds): it can give those."""
    gives: frozenset[str] = frozenset()
    """The answer kinds its answer and quotes hold (``bot.core.gives``)."""
    speakers: frozenset[str] = frozenset()
    """People its quotes have speaking ("Dion Harris … said"): what "what did X say" needs."""
    places: frozenset[str] = frozenset()
    """CLDR codes of the places it names."""
    semantic_texts: tuple[tuple[str, Role], ...] = ()
    """What the embedding model reads of it: (text, role) pairs."""


class Index:
    """Candidates, their postings and IDF weights, and the analyzer that made them."""

    def __init__(self, analyzer: Analyzer, candidates: Sequence[Candidate]) -> None:
        self.analyzer = analyzer
        self.candidates = tuple(candidates)
        postings: dict[str, list[int]] = defaultdict(list)
        entity_df: dict[str, int] = defaultdict(int)
        for i, cand in enumerate(self.candidates):
            for tok in cand.vocab:
                postings[tok].append(i)
            for ent in cand.entities:
                entity_df[ent] += 1
        self.postings = dict(postings)
        n = max(len(self.candidates), 1)
        self.idf = {tok: math.log(1 + n / len(ids)) for tok, ids in self.postings.items()}
        self.max_idf = math.log(1 + n / 0.5)
        self.ambient = frozenset(e for e, df in entity_df.items()
                                 if df > t.AMBIENT_SHARE * n and n >= t.AMBIENT_MIN_ENTRIES)
        self.candidates = tuple(self._with_gives(c) for c in self.candidates)
        self._derive()

    def _with_gives(self, cand: Candidate) -> Candidate:
        """Work out what an entry can answer, once the ambient entities (which answer nothing) are known."""
        if cand.gives:
            return cand
        kinds = {e: self.analyzer.entity_kinds.get(e, "") for e in cand.entities}
        texts = [t for t, role in cand.semantic_texts if role == "passage"] + [cand.question]
        return replace(cand, gives=kinds_given(texts, kinds, self.ambient))

    def _derive(self) -> None:
        """Compute what every question reuses, in this process.

        A set's iteration order, and so a float sum's rounding, belongs to the process: an index loaded from
        the cache recomputes these rather than trusting the ones pickled by another process.
        """
        idf, max_idf = self.idf, self.max_idf
        self._vocabs = [cand.vocab for cand in self.candidates]
        """Each candidate's vocabulary, one lookup away (through the candidates it is several cache misses)."""
        self.phrasing_norms: tuple[tuple[float, ...], ...] = tuple(
            tuple(sum(idf.get(t, max_idf) for t in set(p)) for p in cand.phrasings) for cand in self.candidates
        )
        """Per candidate and phrasing, the IDF mass the matcher's precision divides by."""

    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        state.pop("phrasing_norms", None)
        state.pop("_vocabs", None)
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self._derive()

    @classmethod
    def build(cls, data: KnowledgeData) -> Index:
        """Analyse every active FAQ entry and fact."""
        facts = {f.id: f for f in data.facts if not f.retired}
        faq = [e for e in data.faq if not e.retired]
        topics = {t.id: t for t in data.topics}
        english = [s.text for s in data.sources]
        english += [f.statement for f in facts.values()] + [e.answer for e in faq] + [e.question for e in faq]
        english += [t.title + " " + t.description for t in topics.values()]
        others = [p for e in faq for p in e.phrasings]
        analyzer = Analyzer(data.aliases, data.lexicon, data.gazetteer, english, others)
        cited_by: dict[str, list[FaqEntry]] = defaultdict(list)
        for entry in faq:
            for fid in entry.facts:
                cited_by[fid].append(entry)
        candidates = [_faq_candidate(analyzer, e, [facts[f] for f in e.facts if f in facts]) for e in faq]
        candidates += [_fact_candidate(analyzer, f, cited_by.get(f.id, [])) for f in facts.values()]
        return cls(analyzer, candidates)

    def weight(self, token: str, analysis: Analysis) -> float:
        """IDF of a query token; a word the knowledge base lacks weighs the most (it is what we can't answer)."""
        if token in self.idf:
            return self.idf[token]
        if analysis.language != "en" and token in analysis.junk:
            return FOREIGN_JUNK * self.max_idf
        return self.max_idf

    def retrieve(self, analysis: Analysis, limit: int = RETRIEVE) -> list[int]:
        """Candidates sharing the question's most telling words, best first.

        A candidate's score is the IDF sum of the telling words it holds; the ``limit`` best win, ties going
        to the lower index. Rather than add up every posting (tens of thousands for a common word in a large
        knowledge base), candidates are grouped by which words they hold, words taken rarest first; once
        ``limit`` candidates are sure to beat anything not yet seen, common words only split the groups left,
        and groups that can no longer make the cut are dropped (max-score pruning). The result, scores and
        tie order included, is the same as adding up everything.
        """
        tokens = set(analysis.tokens)
        known = [t for t in tokens if t in self.postings]
        n = len(self.candidates)
        telling = [t for t in known if len(self.postings[t]) <= n * 0.5] or known
        if not telling or limit <= 0:
            return []
        order = sorted(telling, key=lambda t: (len(self.postings[t]), t))
        rest = [0.0] * (len(order) + 1)
        for j in range(len(order) - 1, -1, -1):
            rest[j] = rest[j + 1] + self.idf[order[j]]
        slack = 1e-9 * (rest[0] + 1.0)
        """Room for float rounding: partial sums are added in another order than the final scores."""
        groups: list[tuple[frozenset[str], float, set[int]]] = []
        seen: set[int] = set()
        admitting = True
        for j, tok in enumerate(order):
            cut = _kth_best(groups, limit)
            if cut - slack > rest[j]:
                admitting = False
                groups = [g for g in groups if g[1] + rest[j] >= cut - slack]
            posting = self.postings[tok]
            w = self.idf[tok]
            if admitting:
                hit = set(posting)
                fresh = hit - seen
                seen |= hit
            else:
                alive = sum(len(g[2]) for g in groups)
                if 4 * alive < len(posting):  # a vocabulary test costs about four posting lookups
                    vocabs = self._vocabs
                    hit = {i for g in groups for i in g[2] if tok in vocabs[i]}
                else:
                    hit = set().union(*(g[2] for g in groups)).intersection(posting)
                fresh = set()
            split: list[tuple[frozenset[str], float, set[int]]] = []
            for key, partial, docs in groups:
                both = docs & hit
                if both:
                    docs -= both
                    split.append((key | {tok}, partial + w, both))
                if docs:
                    split.append((key, partial, docs))
            if fresh:
                split.append((frozenset((tok,)), w, fresh))
            groups = split
        scored = sorted(((self._score_of(key, telling), docs) for key, _, docs in groups), key=lambda g: -g[0])
        out: list[int] = []
        k = 0
        while k < len(scored) and len(out) < limit:
            score, tied = scored[k][0], list(scored[k][1])
            k += 1
            while k < len(scored) and scored[k][0] == score:
                tied += scored[k][1]
                k += 1
            need = limit - len(out)
            out += heapq.nsmallest(need, tied) if len(tied) > need else sorted(tied)
        return out

    def _score_of(self, held: frozenset[str], telling: Sequence[str]) -> float:
        """The retrieval score, added up in the order the telling words came in (as every candidate's is)."""
        score = 0.0
        for tok in telling:
            if tok in held:
                score += self.idf[tok]
        return score


def _kth_best(groups: Sequence[tuple[frozenset[str], float, set[int]]], k: int) -> float:
    """The k-th best partial score among the grouped candidates (minus infinity when fewer)."""
    count = 0
    for _, partial, docs in sorted(groups, key=lambda g: -g[1]):
        count += len(docs)
        if count >= k:
            return partial
    return -math.inf


_PRONOUN = re.compile(r"\b(?:he|she|they)\s*$", re.IGNORECASE)
_SAID = re.compile(r"\b(?:said|says|told|stated|announced|added)\b")


def _answer_types(text: str, entities: Iterable[str], analyzer: Analyzer) -> frozenset[str]:
    types = set()
    if number_keys(text) or _AMOUNT.search(text):
        types.add("count")
    kinds = {analyzer.entity_kinds.get(e) for e in entities}
    if kinds & {"country", "place"}:
        types.add("place")
    if kinds & {"person", "company"}:
        types.add("who")
    if _TIME.search(text):
        types.add("time")
    return frozenset(types)


def _phrasings(
    analyzer: Analyzer, texts: Iterable[str]
) -> tuple[tuple[frozenset[str], ...], tuple[str, ...], frozenset[str], frozenset[str]]:
    sets: list[frozenset[str]] = []
    joined: list[str] = []
    asks: set[str] = set()
    kinds: set[str] = set()
    for text in texts:
        analysis = analyzer.analyze(text)
        if analysis.tokens:
            sets.append(frozenset(analysis.tokens))
            joined.append(" ".join(sorted(set(analysis.tokens))))
        if analysis.qtype:
            asks.add(analysis.qtype)
        kinds |= analysis.asks
    return tuple(sets), tuple(joined), frozenset(asks), frozenset(kinds)


def _speakers(analyzer: Analyzer, quotes: Iterable[str], named: Iterable[str] = ()) -> frozenset[str]:
    """The people a quote has speaking: those named before its "said" or "says".

    A quote whose speaker is only "he" or "she" speaks for the people the entry names (``named``).
    """
    found: set[str] = set()
    for quote in quotes:
        for sentence in re.split(r"(?<=[.!?])\s+", quote):
            match = _SAID.search(sentence)
            if not match:
                continue
            before = sentence[: match.start()]
            people = {e for e in analyzer.analyze(before, ENGLISH).entities
                      if analyzer.entity_kinds.get(e) == "person"}
            if not people and _PRONOUN.search(before[-40:]):
                people = {e for e in named if analyzer.entity_kinds.get(e) == "person"}
            found |= people
    return frozenset(found)


def _entities(analyzer: Analyzer, texts: Iterable[str], named: Iterable[str]) -> frozenset[str]:
    found = set(analyzer.entity_keys(named))
    for text in texts:
        found |= analyzer.analyze(text, ENGLISH).entities
    return frozenset(found)


def _faq_candidate(analyzer: Analyzer, entry: FaqEntry, facts: list[Fact]) -> Candidate:
    phrasings, joined, asks, kinds = _phrasings(analyzer, (entry.question, *entry.phrasings))
    said = [entry.answer, *(f.statement for f in facts), *(f.quote for f in facts)]
    vocab = set().union(*phrasings) if phrasings else set()
    numbers: set[str] = set()
    places: set[str] = set()
    for text in said:
        analysis = analyzer.analyze(text, ENGLISH)
        numbers |= analysis.numbers
        places |= analysis.places
        if len(facts) <= SUMMARY_FACTS:
            vocab |= set(analysis.tokens)
    named = [e for f in facts for e in f.entities]
    entities = _entities(analyzer, [entry.question, *said], named)
    answer_text = " ".join(said)
    texts: list[tuple[str, Role]] = [(entry.question, "query"), *((p, "query") for p in entry.phrasings),
                                     (entry.answer, "passage"), *((f.quote, "passage") for f in facts)]
    return Candidate("faq", entry.id, entry.question, phrasings, joined, frozenset(vocab), entities,
                     frozenset(numbers), _answer_types(answer_text, entities, analyzer), entry.facts, asks,
                     kinds, speakers=_speakers(analyzer, [f.quote for f in facts], entities), places=frozenset(places),
                     semantic_texts=tuple(texts))


def _fact_candidate(analyzer: Analyzer, fact: Fact, cited_by: list[FaqEntry]) -> Candidate:
    phrasings, joined, _, _ = _phrasings(analyzer, [fact.statement])
    vocab = set().union(*phrasings) if phrasings else set()
    quote = analyzer.analyze(fact.quote, ENGLISH)
    statement = analyzer.analyze(fact.statement, ENGLISH)
    vocab |= set(quote.tokens)
    text = fact.statement + " " + fact.quote
    numbers = quote.numbers | statement.numbers
    entities = _entities(analyzer, [text], fact.entities)
    question = cited_by[0].question if cited_by else fact.statement
    texts: tuple[tuple[str, Role], ...] = ((fact.statement, "passage"), (fact.quote, "passage"))
    return Candidate("fact", fact.id, question, phrasings, joined, frozenset(vocab), entities,
                     frozenset(numbers), _answer_types(text, entities, analyzer), (fact.id,),
                     speakers=_speakers(analyzer, [fact.quote], entities), places=quote.places | statement.places,
                     semantic_texts=texts)
