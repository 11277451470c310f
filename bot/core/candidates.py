"""What a question can be matched to: each FAQ entry and fact, read once into the words, names and kinds it holds.

Built from the knowledge base's values (never from SQL), all at once when the
index is built, or a few at a time when moderators change some entries.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any, Protocol

from bot.core import tuning as t
from bot.core.analysis import Analysis
from bot.core.analyzer import WORD_LANGUAGES, Analyzer
from bot.core.gives import AMOUNT, PERCENT, TIME, kinds_given
from bot.core.loader import KnowledgeData
from bot.core.models import Fact, FaqEntry, MatchKind
from bot.core.numbers import number_keys
from bot.core.semantic import Role

ENGLISH = "en"
"""The language of the sources, the entries' answers and their quotes."""

ABOUT_PHRASINGS = 2
"""An entry is about a name its own question names, or that this many of its phrasings name: one phrasing can be
misread ("Quali chip usa NVIDIA in Europa?", where the Italian "usa" (uses) reads as the USA)."""
SUM_ASKS = frozenset({"amount", "count"})
"""With a word for money, these make a phrasing ask for a sum ("how much of nvidia's revenue"); without them the word
names a topic ("microsoft and meta half of nvidia sales") or is a false friend (French "bénéfices", benefits), and an
entry whose phrasings only name money would answer "how much did Germany invest in it?" as if it gave a sum."""
SUMMARY_FACTS = 3
"""An entry resting on more facts than this is a summary: it is matched on its own phrasings only,
since the words of all its facts together would make it a near match for almost anything."""

_TIME = re.compile(
    r"\b(1[89]\d\d|20\d\d|january|february|march|april|may|june|july|august|september|october|november|"
    r"december|monday|tuesday|wednesday|thursday|friday|saturday|sunday|next year|years?)\b",
    re.IGNORECASE,
)
_AMOUNT = re.compile(r"\b(thousands|several|half|triple|double|times|dozens|hundreds|millions?|billions?)\b",
                     re.IGNORECASE)


class Reader(Protocol):
    """What building a candidate needs: the analyzer, or one that keeps its readings."""

    @property
    def entity_kinds(self) -> dict[str, str]:
        """Alias kind of each entity key."""
        ...

    def analyze(self, text: str, language: str | None = None, *, guess: bool = True) -> Analysis:
        """The reading of one text."""
        ...

    def entity_keys(self, names: Iterable[str]) -> frozenset[str]:
        """Canonical keys for entity names."""
        ...

    def reads_as_words(self, text: str) -> bool:
        """Whether a phrasing is in a language matched word by word."""
        ...


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
    timed: tuple[tuple[frozenset[str], frozenset[str]], ...] = ()
    """The names and figures of each sentence of its answer and quotes that says when: "when will X happen?" is
    answered only by a sentence naming X's names and figures, not by a time another sentence gives something else."""
    figured: tuple[frozenset[str], ...] = ()
    """The names of each sentence of its answer and quotes that states a figure: "exactly how many does X get?" is
    answered only by a figure stated of X."""
    amounted: tuple[frozenset[str], ...] = ()
    """The names of each clause that states an amount, in figures or in words ("thousands", "about half"): "how
    many GPUs will Italy get?" is not answered by the UK's "thousands"."""
    about: frozenset[str] = frozenset()
    """The names its own questions ask about ("What is NVIDIA doing in the UK?": the UK), as against the names its
    answer and quotes mention on the way ("…among the key markets, with France and Germany")."""
    sources: frozenset[str] = frozenset()
    """The sources its facts come from: "what does each article say about Nebius?" wants one entry per source."""
    names_foreign: frozenset[str] = frozenset()
    """Names outside the curated knowledge base that its own text names: a sentence of a source a moderator added
    can name a place the curated entries never did (Lisbon), and is about it. Curated entries have none."""


def make_analyzer(data: KnowledgeData) -> Analyzer:
    """The analyzer of a knowledge base: its aliases, lexicon and gazetteer, and the words of all its texts."""
    facts = [f for f in data.facts if not f.retired]
    faq = [e for e in data.faq if not e.retired]
    english = [s.text for s in data.sources]
    english += [f.statement for f in facts] + [e.answer for e in faq] + [e.question for e in faq]
    english += [t.title + " " + t.description for t in data.topics]
    others = [p for e in faq for p in e.phrasings]  # the analyzer learns the words of those it reads as words
    return Analyzer(data.aliases, data.lexicon, data.gazetteer, english, others)


def cited_by(data: KnowledgeData) -> dict[str, list[FaqEntry]]:
    """For each fact, the live FAQ entries resting on it."""
    out: dict[str, list[FaqEntry]] = defaultdict(list)
    for entry in data.faq:
        if not entry.retired:
            for fid in entry.facts:
                out[fid].append(entry)
    return out


def build_candidates(reader: Reader, data: KnowledgeData, *, faq_ids: Iterable[str] | None = None,
                     fact_ids: Iterable[str] | None = None) -> list[Candidate]:
    """The candidates of every live entry (or of the given ones): FAQ entries first, then facts."""
    facts = {f.id: f for f in data.facts if not f.retired}
    wanted_faq = set(faq_ids) if faq_ids is not None else None
    wanted_facts = set(fact_ids) if fact_ids is not None else None
    users = cited_by(data)
    out = [_faq_candidate(reader, e, [facts[f] for f in e.facts if f in facts])
           for e in data.faq if not e.retired and (wanted_faq is None or e.id in wanted_faq)]
    out += [_fact_candidate(reader, f, users.get(f.id, []))
            for f in facts.values() if wanted_facts is None or f.id in wanted_facts]
    return out


def with_gives(cand: Candidate, entity_kinds: Mapping[str, str], ambient: frozenset[str]) -> Candidate:
    """The candidate with the kinds of answer it can give (ambient entities, the subject of all, give none)."""
    if cand.gives:
        return cand
    kinds = {e: entity_kinds.get(e, "") for e in cand.entities}
    texts = [t for t, role in cand.semantic_texts if role == "passage"] + [cand.question]
    return replace(cand, gives=kinds_given(texts, kinds, ambient))


def in_passing(cand: Candidate, names: Iterable[str], entity_kinds: Mapping[str, str],
               ambient: frozenset[str]) -> frozenset[str]:
    """The countries among ``names`` that an entry about another country mentions only on the way.

    "What did NVIDIA announce for Germany?" is not asked of the UK's entry, whose quote lists Germany among the
    key markets; an entry whose questions name no country (a list of markets) is about all it names.
    """
    def country(name: str) -> bool:
        return name not in ambient and entity_kinds.get(name) == "country"
    if not any(country(e) for e in cand.about):
        return frozenset()
    return frozenset(n for n in names if country(n) and n in cand.entities and n not in cand.about)


_PRONOUN = re.compile(r"\b(?:he|she|they)(?:\s+(?:also|then|later|further|again|had|has|have|also\s+\w+ly))?\s*$",
                      re.IGNORECASE)
"""A speaker said only as a pronoun, with an adverb or auxiliary before the verb: "He also said…"."""
_SAID = re.compile(r"\b(?:said|says|told|stated|announced|added)\b")


def answer_types(text: str, entities: Iterable[str], analyzer: Reader) -> frozenset[str]:
    """The kinds of question a text can answer: a count, a place, who, when."""
    types = set()
    if number_keys(text) or _AMOUNT.search(text):
        types.add("count")
    kinds = {analyzer.entity_kinds.get(e) for e in entities}
    if kinds & {"country", "place"}:
        types.add("place")
    if kinds & {"person", "company", "country"}:  # "who is Europe competing with?": the US and China
        types.add("who")
    if _TIME.search(text):
        types.add("time")
    return frozenset(types)


@dataclass(frozen=True)
class Phrased:
    """What an entry's own questions say: their words, what they ask, and the names they ask about."""

    sets: tuple[frozenset[str], ...]
    joined: tuple[str, ...]
    asks: frozenset[str]
    kinds: frozenset[str]
    named: frozenset[str]
    """The names its question asks about, or ``ABOUT_PHRASINGS`` of its phrasings do."""


def _phrasings(analyzer: Reader, texts: Iterable[str]) -> Phrased:
    """The first text is the entry's own question: what it names, the entry is about."""
    sets: list[frozenset[str]] = []
    joined: list[str] = []
    asks: set[str] = set()
    kinds: set[str] = set()
    named: Counter[str] = Counter()
    for n, text in enumerate(texts):
        analysis = analyzer.analyze(text, guess=False)
        if analysis.readable < t.READ_FULLY and not analyzer.reads_as_words(text):
            continue  # a phrasing in a language the words cannot read is for the embedding alone
        named.update({e: ABOUT_PHRASINGS for e in analysis.entities} if n == 0 else analysis.entities)
        if analysis.tokens:
            sets.append(frozenset(analysis.tokens))
            joined.append(" ".join(sorted(set(analysis.tokens))))
        if analysis.language not in WORD_LANGUAGES:
            continue  # words read as another language's ("on the road now" as Catalan) say nothing of what it asks
        if analysis.qtype:
            asks.add(analysis.qtype)
        kinds |= analysis.asks if analysis.asks & SUM_ASKS else analysis.asks - {"money"}
    about = frozenset(e for e, times in named.items() if times >= ABOUT_PHRASINGS)
    return Phrased(tuple(sets), tuple(joined), frozenset(asks), frozenset(kinds), about)


def speakers_of(analyzer: Reader, quotes: Iterable[str], named: Iterable[str] = ()) -> frozenset[str]:
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


_CLAUSE = re.compile(r",\s+(?:and|but|while|whereas)\s+|;\s+")
"""Where a sentence joins two statements, each with its own subject."""
_SENTENCE = re.compile(r"(?<=[.!?”])\s+(?=[A-Z“\"])")


Sentences = tuple[tuple[frozenset[str], frozenset[str]], ...]


def _told(analyzer: Reader, texts: Iterable[str]) -> dict[str, Any]:
    timed, figured, amounted = telling_sentences(analyzer, texts)
    return {"timed": timed, "figured": figured, "amounted": amounted}


def telling_sentences(analyzer: Reader, texts: Iterable[str]
                      ) -> tuple[Sentences, tuple[frozenset[str], ...], tuple[frozenset[str], ...]]:
    """The names and figures of each clause that says when, and the names of each that states a figure or an amount.

    Clauses that say when are those ``bot.core.gives.TIME`` finds in. Clauses, not sentences: in "Mistral Compute
    will use 18,000 chips, and Nebius and Nscale will use thousands", the figure is Mistral's.
    """
    timed: list[tuple[frozenset[str], frozenset[str]]] = []
    figured: list[frozenset[str]] = []
    amounted: list[frozenset[str]] = []
    for text in texts:
        for sentence in (c for s in _SENTENCE.split(text) for c in _CLAUSE.split(s)):
            when = TIME.search(sentence) is not None
            worded = AMOUNT.search(sentence) is not None or PERCENT.search(sentence) is not None
            if not when and not worded and not any(ch.isdigit() for ch in sentence):
                continue
            reading = analyzer.analyze(sentence, ENGLISH)
            if when:
                timed.append((reading.entities, reading.numbers))
            if reading.numbers:
                figured.append(reading.entities)
            if reading.numbers or worded:
                amounted.append(reading.entities)
    return tuple(dict.fromkeys(timed)), tuple(dict.fromkeys(figured)), tuple(dict.fromkeys(amounted))


def _entities(analyzer: Reader, texts: Iterable[str], named: Iterable[str]) -> frozenset[str]:
    found = set(analyzer.entity_keys(named))
    for text in texts:
        found |= analyzer.analyze(text, ENGLISH).entities
    return frozenset(found)


def _faq_candidate(analyzer: Reader, entry: FaqEntry, facts: list[Fact]) -> Candidate:
    phrased = _phrasings(analyzer, (entry.question, *entry.phrasings))
    phrasings = phrased.sets
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
    asked = t.PHRASING_ROLE
    texts: list[tuple[str, Role]] = [(entry.question, asked), *((p, asked) for p in entry.phrasings),
                                     (entry.answer, "passage"), *((f.quote, "passage") for f in facts)]
    return Candidate("faq", entry.id, entry.question, phrasings, phrased.joined, frozenset(vocab), entities,
                     frozenset(numbers), answer_types(answer_text, entities, analyzer), entry.facts, phrased.asks,
                     phrased.kinds, speakers=speakers_of(analyzer, [f.quote for f in facts], entities),
                     places=frozenset(places), semantic_texts=tuple(texts), about=phrased.named,
                     sources=frozenset(f.source_id for f in facts), **_told(analyzer, said))


def _fact_candidate(analyzer: Reader, fact: Fact, cited_by: list[FaqEntry]) -> Candidate:
    phrased = _phrasings(analyzer, [fact.statement])
    phrasings = phrased.sets
    vocab = set().union(*phrasings) if phrasings else set()
    quote = analyzer.analyze(fact.quote, ENGLISH)
    statement = analyzer.analyze(fact.statement, ENGLISH)
    vocab |= set(quote.tokens)
    text = fact.statement + " " + fact.quote
    numbers = quote.numbers | statement.numbers
    entities = _entities(analyzer, [text], fact.entities)
    question = cited_by[0].question if cited_by else fact.statement
    texts: tuple[tuple[str, Role], ...] = ((fact.statement, "passage"), (fact.quote, "passage"))
    return Candidate("fact", fact.id, question, phrasings, phrased.joined, frozenset(vocab), entities,
                     frozenset(numbers), answer_types(text, entities, analyzer), (fact.id,),
                     speakers=speakers_of(analyzer, [fact.quote], entities), places=quote.places | statement.places,
                     semantic_texts=texts, about=phrased.named, sources=frozenset({fact.source_id}),
                     **_told(analyzer, [fact.statement, fact.quote]))
