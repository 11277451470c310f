"""What the matcher reads from a question once, before it scores any entry.

The question's distinct words and their weights, the people it asks what they said, the rare terms and what it
rules out, and the checks that read only the question ("besides X", keyboard mashing, words the knowledge base
lacks). Scoring each entry against them is the matcher's work.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from bot.core import tuning as t
from bot.core.analyzer import LEXICON_LANGUAGES, UNNAMED_SPEAKER, Analysis
from bot.core.candidates import Candidate
from bot.core.index import Index
from bot.core.languages import WHERE_ASKS_WHICH
from bot.core.scripts import mostly_latin, script_of
from bot.core.stated import quoted_spans
from bot.core.text import fold, stem


def asking_words(q: Analysis) -> frozenset[str]:
    """The words that ask rather than say what is asked about.

    Those that say what kind of answer is wanted ("price", "compare"), which the kind check weighs, and the tag
    of a yes/no question ("…, c'est bien ça ?").
    """
    return _words_of(q.asked.phrases, q.asked.tag) if q.asked is not None else frozenset()


@lru_cache(maxsize=1024)
def _words_of(phrases: tuple[str, ...], tag: str) -> frozenset[str]:
    """The stemmed words of the asking phrases (once per question, not once per entry)."""
    return frozenset(stem(w) for phrase in (*phrases, tag) for w in re.findall(r"\w+", phrase))


def unknown_words(q: Analysis) -> frozenset[str]:
    """Words the knowledge base lacks, where the analyzer can tell: in English and the lexicon's languages only.

    A Turkish or Vietnamese word is unknown for want of a lexicon, not because the sources lack it.
    """
    if q.language == "en":
        return q.unknown_tokens
    if q.language in LEXICON_LANGUAGES:
        return q.unknown
    return frozenset()


def asked_of(q: Analysis, cand: Candidate) -> frozenset[str]:
    """What the question asks of this entry, money read with care.

    A word for money asks for a sum when the question asks "how much" too, or (in English) when the entry never
    uses the word: "Mistral's valuation" asks a figure, "half of NVIDIA's sales" names the entry's own topic.
    In Korean and Japanese, "where" asks which company too.
    """
    kinds = q.asks
    if q.language in WHERE_ASKS_WHICH and "company" in cand.gives:
        kinds = kinds - {"place"}
    if "money" in kinds and not kinds & {"amount", "count"}:
        words = {stem(w) for phrase in (q.asked.phrases_of("money") if q.asked else ()) for w in phrase.split()}
        if q.language != "en" or not words or words <= cand.vocab:
            kinds = kinds - {"money"}
    return kinds


_NON = re.compile(r"\bnon[-\s]?([^\W\d_]{3,})", re.IGNORECASE)
"""What a question rules out: "non-giga", "non European"."""
POINTS_BACK = re.compile(r"\b(?:him|her|them|his|hers|their|theirs)\b", re.IGNORECASE)
"""Pronouns for people and groups that point back to the context even when the question names someone else; "it"
and "they" open too many questions of their own ("is it true that…") to say the same."""


def is_junk(q: Analysis, text: str) -> bool:
    """Whether a question is keyboard mashing: Latin letters read as English, few in known words, naming nothing.

    Not a question in a script the words cannot read, which the embedding answers.
    """
    return (q.language == "en" and q.readable < t.JUNK_READABLE and not q.entities and script_of(text) is None
            and mostly_latin(text))


def off_topic(query: Query, cand: Candidate) -> float:
    """The discount for an entry about something other than what the question asks about.

    Someone else speaking in its quotes ("what did Starmer say"), what the question rules out ("a regular,
    non-giga AI factory" against the gigafactories), and each rare term it asks about that the entry lacks.
    """
    discount = 1.0
    if query.speakers and not (query.speakers & cand.speakers):
        discount *= t.SPEAKER_PENALTY
    if any(word.startswith(r) for r in query.ruled_out for word in cand.vocab):
        discount *= t.RULED_OUT_PENALTY
    return discount * t.TERM_PENALTY ** sum(1 for term in query.terms if not set(term) <= cand.vocab)


def _speakers(q: Analysis, ambient: frozenset[str]) -> frozenset[str]:
    """The people a question asks what they said; one must speak in the entry's quotes.

    One named by title ("Mistral's CEO") speaks in no entry, unless of the bot's ambient company, whose people the
    sources name ("NVIDIA's chief executive" is Jensen Huang, whatever the aliases call him).
    """
    return frozenset(s for s in q.speakers
                     if not (s.startswith(UNNAMED_SPEAKER) and s[len(UNNAMED_SPEAKER):] in ambient))


def with_context(analysis: Analysis, context: Analysis) -> Analysis:
    """A question that names nothing, read with what it points back to: the names and known words of its context.

    "How big are they?" after "what does 'gigafactory' mean?" asks about gigafactories; the context's words the
    knowledge base lacks are not held against the question, which did not ask them.
    """
    own = set(analysis.tokens)
    borrowed = tuple(tok for tok in dict.fromkeys(context.tokens)
                     if tok not in own and (tok not in context.unknown_tokens
                                            or any(tok == e.replace(" ", "") for e in context.entities)))
    return replace(analysis, entities=analysis.entities | context.entities, tokens=analysis.tokens + borrowed,
                   borrowed=context.entities - analysis.entities)


@dataclass(frozen=True)
class Query:
    """What scoring needs from a question, worked out once per question rather than once per candidate."""

    analysis: Analysis
    tokens: set[str]
    weights: dict[str, float]
    total: float
    text: str
    raw: str
    quoted: tuple[str, ...] = ()
    """Spans the question puts in quotation marks ("who said 'the only thing missing'?"), folded."""
    comparing: bool = False
    """Whether it compares two things: then the names it gives are what it chooses between."""
    ruled_out: frozenset[str] = frozenset()
    """What the question rules out ("non-giga": giga): an entry with a word beginning so is about something else."""
    speakers: frozenset[str] = frozenset()
    """The people it asks what they said (see :func:`_speakers`)."""
    terms: tuple[tuple[str, ...], ...] = ()
    """The knowledge base's rare terms the question itself asks about (not its context's, nor a comparison's sides
    or a yes/no claim's, which an entry may rightly lack): an entry without one is about something else."""
    ambient_only: bool = False
    """Whether all it names is what nearly every entry names ("why does europe need nvidia?"): its words then
    fit many entries fully, and say little about which one it asks."""
    sets_aside: bool = False
    """It sets names aside ("besides AWS", "apart from the UK"): they are not what it asks for."""

    def without(self, tokens: set[str]) -> Query:
        """The question without some of its words (a wrong premise's), for scoring what is left."""
        kept = self.tokens - tokens
        weights = {tok: w for tok, w in self.weights.items() if tok in kept}
        return replace(self, tokens=kept, weights=weights, total=sum(weights.values()) or 1.0,
                       text=" ".join(sorted(kept)))

    @classmethod
    def of(cls, analysis: Analysis, index: Index, comparing: bool = False) -> Query:
        """The question's distinct tokens, their weights, the weights' sum and the sorted token text."""
        tokens = set(analysis.tokens)
        weights = {tok: index.weight(tok, analysis) for tok in tokens}
        ambient_only = (bool(tokens) and tokens <= index.ambient_tokens and not analysis.numbers
                        and not analysis.foreign)
        return cls(analysis, tokens, weights, sum(weights.values()) or 1.0, " ".join(sorted(tokens)),
                   analysis.text, quoted_spans(analysis.text), comparing,
                   frozenset(stem(fold(m.group(1))) for m in _NON.finditer(analysis.text)),
                   _speakers(analysis, index.ambient), ambient_only=ambient_only,
                   sets_aside="besides" in analysis.asks)


def f1(query: set[str], phrasing: frozenset[str], weights: dict[str, float], total: float, norm: float) -> float:
    """Weighted F1 of the question's tokens against one phrasing; ``norm`` is the phrasing's IDF mass.

    A phrasing sharing no token scores 0 without adding anything up.
    """
    if query.isdisjoint(phrasing):
        return 0.0
    shared = sum(weights[tok] for tok in query & set(phrasing))
    if not shared:
        return 0.0
    recall = shared / total
    precision = shared / (norm or 1.0)
    return 2 * recall * precision / (recall + precision)
