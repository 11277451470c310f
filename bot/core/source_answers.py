"""Answers from sources not yet reviewed: a source's own sentence, when no curated entry answers.

A moderator adds an article and, until its facts are curated, the bot can
still answer from it: the sentence of a source that clearly answers the
question is given verbatim, labelled "From <source>, not yet reviewed by
moderators", with a confidence capped below curated answers.

The sentences are a retriever of their own, consulted only when the curated
entries leave a question unanswered, rather than candidates in the curated
index. In that index they would change what curated answers get: every
word's IDF and which names are everyone's subject (``Index.ambient``) are
counted over all candidates; the semantic search's twelve places, the
unreadable questions' lead over the next entry and the suggestions would be
shared with sixty long sentences. Kept apart, a curated answer is exactly
what it was, and curated entries always win. The sentences still go through
the same :class:`Matcher`: the same lexical and semantic signals and every
trap check (a price, a date, a place or company not named, a wrong premise,
a figure that differs), so what a curated entry could not answer for want
of a kind of answer, a sentence cannot either, unless it says it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Final

from bot.core import answer_kinds as kinds
from bot.core import tuning as t
from bot.core.candidates import ENGLISH, Candidate, Reader, answer_types, speakers_of
from bot.core.index import Index
from bot.core.loader import KnowledgeData
from bot.core.matcher import Matcher
from bot.core.models import Answer, Citation, Match, Source
from bot.core.scored import MatchResult
from bot.core.semantic import Embedder, Role, VectorStore
from bot.core.sentences import Sentence, source_sentences
from bot.core.vector_index import SemanticIndex

KIND: Final = "source"
"""The match kind of an answer from a source sentence (``Match.kind``)."""
LABEL = "From {source}, not yet reviewed by moderators"
"""How an answer from a source says what it is: the sentence is the source's, no moderator has checked it."""
_WORD = re.compile(r"\w+")


def sentence_id(source_id: str, sentence: Sentence) -> str:
    """The id of a sentence's candidate and match: its source and its place there (``zhitong#12``)."""
    return f"{source_id}#{sentence.index}"


def label(source: Source) -> str:
    """``From <title>, not yet reviewed by moderators`` (the publisher or id when the source has no title)."""
    name = (source.title or "").strip() or (source.publisher or "").strip() or source.id
    return LABEL.format(source=name)


def answerable(sentence: Sentence) -> bool:
    """Whether a sentence can answer anything: a heading or a two-word line ("Is any of this real?") cannot."""
    return (len(_WORD.findall(sentence.text)) >= t.SOURCE_MIN_WORDS and not sentence.text.endswith("?")
            and len(sentence.text) <= t.SOURCE_MAX_CHARS)


def sentence_candidates(reader: Reader, sources: Iterable[Source]) -> list[Candidate]:
    """One candidate per answerable sentence of every source, read as a fact's quote would be."""
    out: list[Candidate] = []
    for source in sources:
        for sentence in source_sentences(source):
            if answerable(sentence):
                out.append(_candidate(reader, source.id, sentence))
    return out


def _candidate(reader: Reader, source_id: str, sentence: Sentence) -> Candidate:
    analysis = reader.analyze(sentence.text, ENGLISH)
    tokens = frozenset(analysis.tokens)
    entities = analysis.entities
    cid = sentence_id(source_id, sentence)
    texts: tuple[tuple[str, Role], ...] = ((sentence.text, "passage"),)
    return Candidate(KIND, cid, sentence.text, (tokens,) if tokens else (),
                     (" ".join(sorted(tokens)),) if tokens else (), tokens, entities, analysis.numbers,
                     answer_types(sentence.text, entities, reader), (cid,),
                     speakers=speakers_of(reader, [sentence.text], entities), places=analysis.places,
                     semantic_texts=texts, names_foreign=analysis.foreign, sources=frozenset({source_id}))


@dataclass
class SourceSentences:
    """Every answerable sentence of the sources, indexed and matched like curated entries, apart from them."""

    index: Index
    semantic: SemanticIndex | None
    matcher: Matcher
    sources: dict[str, Source]
    quotes: dict[str, str]
    """Each candidate id's sentence, verbatim."""

    @classmethod
    def build(cls, reader: Reader, analyzer_index: Index, data: KnowledgeData, embedder: Embedder | None,
              store: VectorStore | None, *, semantic: bool) -> SourceSentences:
        """Read every sentence with the curated index's analyzer (its names and words), and embed them."""
        candidates = sentence_candidates(reader, data.sources)
        index = Index(analyzer_index.analyzer, candidates)
        built = cls(index, None, Matcher(index), {s.id: s for s in data.sources},
                    {c.id: c.question for c in index.candidates})
        return built.with_semantic(embedder, store) if semantic else built

    def with_semantic(self, embedder: Embedder | None, store: VectorStore | None) -> SourceSentences:
        """The same sentences with their embeddings (a bot that started on words alone gets them later)."""
        if embedder is None:
            return self
        rows = [(p, text, role) for p, c in enumerate(self.index.candidates) for text, role in c.semantic_texts]
        vectors = SemanticIndex.build(rows, embedder, store)
        return replace(self, semantic=vectors, matcher=Matcher(self.index, vectors, embedder))

    def answer(self, question: str, text: str, context: str | None, curated: MatchResult,
               notes: Sequence[str] = ()) -> Answer | None:
        """The labelled sentence that answers ``text``, or None when none does clearly enough.

        ``question`` is what the answer shows (the message as written); ``curated`` is the curated entries'
        verdict, which a sentence must beat: a near-curated answer the matcher doubted is not overruled by a
        sentence it doubts as much.
        """
        result = self.matcher.match(text, context)
        best = result.best
        if best is None or best.confidence < t.SOURCE_ANSWER_AT or best.unmet or best.conflicts:
            return None  # nor does a sentence no moderator reviewed tell the asker "No"
        if curated.best is not None and curated.best.confidence >= best.confidence:
            return None
        answer = self.entry_answer(question, KIND, best.candidate.id, min(best.confidence, t.SOURCE_CAP))
        if answer is None:
            return None
        shaped = kinds.shape(answer, result, self)
        if shaped.status != "answered":
            return None
        confidence = min(shaped.confidence, t.SOURCE_CAP)
        return replace(shaped, question=question, confidence=confidence, notes=tuple(notes) + shaped.notes,
                       match=answer.match, reviewed=False)

    def entry_answer(self, question: str | None, kind: str, entry_id: str, confidence: float) -> Answer | None:
        """The labelled answer of one sentence (what shaping asks for the other side of a comparison)."""
        quote = self.quotes.get(entry_id) if kind == KIND else None
        source = self.sources.get(entry_id.rpartition("#")[0]) if quote else None
        if quote is None or source is None:
            return None
        text = f"{label(source)}: \u201c{quote}\u201d"
        return Answer(question or quote, "answered", text, confidence, (Citation.of(source, quote),),
                      Match(KIND, entry_id), reviewed=False)
