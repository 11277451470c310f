"""Keeps one process's index current: built once from the store, then changed entry by entry as moderators edit.

Every process sharing a database notices a change through SQLite's
``data_version`` and the revision counter; the audit log then says which
entries changed. A changed fact or FAQ entry is read back and re-indexed in
place (lexical postings, IDF, semantic rows, the answer builder's lookups),
so an edit reaches every process in milliseconds even with 100,000
phrasings. A change that reaches everything (aliases, sources, topics, the
lexicon, the gazetteer) rebuilds the whole index, from readings and vectors
kept in the database, so nothing already worked out is worked out again.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from bot.core import readings
from bot.core.answers import AnswerBuilder
from bot.core.candidates import Candidate, build_candidates, cited_by, make_analyzer
from bot.core.index import Index
from bot.core.loader import KnowledgeData
from bot.core.matcher import Matcher
from bot.core.semantic import Embedder, Role, remembering
from bot.core.source_answers import SourceSentences
from bot.core.store import Store
from bot.core.store.analyses import StoredAnalyses
from bot.core.store.vectors import StoredVectors
from bot.core.vector_index import SemanticIndex

log = logging.getLogger(__name__)

IN_PLACE = frozenset({"fact", "faq"})
"""Entities whose changes are applied in place; any other change rebuilds the index."""
MAX_IN_PLACE = 200
"""More changed entries than this at once (an import) are cheaper to take in with one rebuild."""
CACHE_FLUSH_S = 60.0
"""How long closing waits for kept readings and vectors: a first start stores about a thousand vectors in well
under it, and working them out again would cost the next start about a minute."""


@dataclass
class Built:
    """What answering needs, as one unit: swapped whole when rebuilt, changed in place on an edit."""

    data: KnowledgeData
    index: Index
    semantic: SemanticIndex | None
    positions: dict[tuple[str, str], int]
    """Where each live entry's candidate sits: (kind, id) -> index position."""
    matcher: Matcher
    answers: AnswerBuilder
    audit_id: int
    """The newest audit row this build has taken in."""
    sources: SourceSentences | None = None
    """The sources' sentences, for answers from sources not yet reviewed (None when those are turned off)."""


class LiveIndex:
    """Builds and updates the index of one store."""

    def __init__(self, store: Store, embedder: Embedder | None, *, from_sources: bool = True) -> None:
        self.store = store
        self.embedder = remembering(embedder)
        """The model, keeping the last questions' vectors: the curated and source matchers share them."""
        self.from_sources = from_sources
        """Whether builds index the sources' sentences (``ANSWER_FROM_SOURCES``)."""
        self.read_afresh = 0
        """How many texts the last build or update had to read afresh (the rest came from kept readings)."""
        self.vectors = StoredVectors(store)
        self.analyses = StoredAnalyses(store)

    def build(self, *, semantic: bool = True) -> Built:
        """Everything, from the store (readings and vectors already kept are read back, not worked out again)."""
        started = time.perf_counter()
        audit_id = self.store.audit.last_id()
        data = self.store.knowledge()
        analyzer = make_analyzer(data)
        fingerprint = readings.fingerprint(data)
        reader = readings.ReadingAnalyzer(analyzer, self.analyses.all(fingerprint) if readings.enabled() else {})
        index = Index(analyzer, build_candidates(reader, data))
        sources = (SourceSentences.build(reader, index, data, self.embedder, self.vectors, semantic=semantic)
                   if self.from_sources else None)
        self.read_afresh = len(reader.fresh)
        self._keep(fingerprint, reader)
        vectors = self._semantic(index, range(len(index.candidates))) if semantic else None
        built = self._assemble(data, index, vectors, audit_id, fingerprint)
        built.sources = sources
        log.info("index built", extra={"candidates": len(index.candidates),
                                       "ms": round((time.perf_counter() - started) * 1000)})
        return built

    def with_semantic(self, built: Built) -> Built:
        """The same build with its semantic index (for a bot that started answering on words alone)."""
        vectors = self._semantic(built.index, [p for p, alive in enumerate(built.index.alive) if alive])
        sources = built.sources.with_semantic(self.embedder, self.vectors) if built.sources is not None else None
        return replace(built, semantic=vectors, matcher=Matcher(built.index, vectors, self.embedder), sources=sources)

    def update(self, built: Built) -> Built | None:
        """Take in the changes since ``built``; None when they need a full rebuild."""
        audit_id = self.store.audit.last_id()
        if audit_id < built.audit_id:
            return None  # the log went back: a restored backup, a database replaced under us
        changes = self.store.audit.changed_since(built.audit_id, MAX_IN_PLACE)
        if changes is None or any(entity not in IN_PLACE for entity, _ in changes):
            return None
        if not changes:
            return None  # the revision moved with nothing in the log: something wrote around it; read it all
        data = _with_entries(built.data, self.store, changes)
        fact_ids = {key for entity, key in changes if entity == "fact"}
        faq_ids = {key for entity, key in changes if entity == "faq"}
        users = cited_by(built.data)
        now_users = cited_by(data)
        for fid in fact_ids:  # an answer quoting a changed fact changes with it, and so does the fact's question
            faq_ids |= {e.id for e in users.get(fid, []) + now_users.get(fid, [])}
        fact_ids |= {f for e in data.faq if e.id in faq_ids for f in e.facts}  # their question may have changed
        stale = [built.positions.pop(("faq", k)) for k in faq_ids if ("faq", k) in built.positions]
        stale += [built.positions.pop(("fact", k)) for k in fact_ids if ("fact", k) in built.positions]
        index = built.index
        index.drop(stale)
        fingerprint = readings.fingerprint(data)
        reader = readings.ReadingAnalyzer(index.analyzer, {})
        fresh = build_candidates(reader, data, faq_ids=faq_ids, fact_ids=fact_ids)
        added = index.add(fresh)
        self.read_afresh = len(reader.fresh)
        self._keep(fingerprint, reader)
        for position, cand in zip(added, fresh, strict=True):
            built.positions[(cand.kind, cand.id)] = position
        if built.semantic is not None and self.embedder is not None:
            built.semantic.drop(stale)
            built.semantic.add(_rows(index, added), self.embedder, self.vectors, _language_of(index))
        built.data = data
        built.answers = AnswerBuilder(data)
        built.matcher = Matcher(index, built.semantic, self.embedder)
        built.audit_id = audit_id
        log.info("index updated in place", extra={"changed": len(changes), "candidates": len(fresh)})
        return built

    # -- parts ---------------------------------------------------------------------------------------

    def flush(self) -> None:
        """Wait for the readings and vectors still being written (before the database closes).

        They go through the store's write-behind queue, whose own close waits only briefly (a vote can be lost
        cheaply); vectors cost a minute to work out again, so they are worth a longer wait.
        """
        if not (self.vectors.submitted or self.analyses.submitted):
            return
        if not self.store.behind.flush(CACHE_FLUSH_S):
            log.warning("closing before all cached data was written; the next start works it out again")

    def _semantic(self, index: Index, positions: Any) -> SemanticIndex | None:
        if self.embedder is None:
            return None
        return SemanticIndex.build(_rows(index, positions), self.embedder, self.vectors, _language_of(index))

    def _assemble(self, data: KnowledgeData, index: Index, vectors: SemanticIndex | None, audit_id: int,
                  fingerprint: str) -> Built:
        positions: dict[tuple[str, str], int] = {
            (c.kind, c.id): i for i, c in enumerate(index.candidates) if index.alive[i]}
        matcher = Matcher(index, vectors, self.embedder if vectors is not None else None)
        return Built(data, index, vectors, positions, matcher, AnswerBuilder(data), audit_id)

    def _keep(self, fingerprint: str, reader: readings.ReadingAnalyzer) -> None:
        """Store the readings worked out for this build (a read-only or busy database only costs the next start)."""
        if not reader.fresh or not readings.enabled():
            return
        self.analyses.put(fingerprint, reader.fresh)


def _language_of(index: Index) -> Callable[[str], str]:
    """The language of one of the knowledge base's own texts, by the language table (no statistical guess)."""
    languages = index.analyzer.languages
    return lambda text: languages.detect(text, guess=False)


def _rows(index: Index, positions: Any) -> list[tuple[int, str, Role]]:
    candidates: list[Candidate] = index.candidates
    return [(p, text, role) for p in positions for text, role in candidates[p].semantic_texts]


def _with_entries(data: KnowledgeData, store: Store, changes: list[tuple[str, str]]) -> KnowledgeData:
    """The knowledge base with the changed facts and FAQ entries as they are now (retired ones left out)."""
    facts = {f.id: f for f in data.facts}
    faq = {e.id: e for e in data.faq}
    for entity, key in dict.fromkeys(changes):
        record = store.entries.get(entity, key)  # type: ignore[arg-type]
        table: dict[str, Any] = facts if entity == "fact" else faq
        if record is None or record.retired:
            table.pop(key, None)
        else:
            table[key] = record.value
    return replace(data, facts=tuple(facts.values()), faq=tuple(faq.values()))
