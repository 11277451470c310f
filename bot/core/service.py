"""The core's one entry point: what every adapter (terminal, Discord, Slack, CLI) calls.

It owns the store, the index built from it and the answer builder, and
reloads the last two when another process changed the knowledge base, which
it notices through SQLite's ``data_version`` at the cost of one PRAGMA.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
import threading
from pathlib import Path

from bot.config import answer_from_sources
from bot.core import folded_languages, places
from bot.core.answers import AnswerBuilder
from bot.core.languages import prime as prime_languages
from bot.core.languages import shipped as shipped_languages
from bot.core.live_index import Built, LiveIndex
from bot.core.loader import DEFAULT_DATA_DIR
from bot.core.matcher import Matcher
from bot.core.models import STATUSES, Answer, Match, Overview, Source, TopicSummary, Voter
from bot.core.semantic import E5, Embedder, SemanticMode, semantic_mode_from_env
from bot.core.source_answers import KIND as SOURCE_KIND
from bot.core.source_answers import SourceSentences
from bot.core.store import Store
from bot.core.store.queues import voter_hash
from bot.core.text import collapse_space, strip_control

log = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 500
"""Longer questions are cut to this many characters (and the answer says so)."""
CUT_NOTE = f"Your question was longer than {MAX_QUESTION_CHARS} characters; I read only the start of it."


def clean_question(raw: str) -> tuple[str, tuple[str, ...]]:
    """Strip control characters, collapse white space, cap the length; return the notes to show."""
    text = collapse_space(strip_control(raw or ""))
    if len(text) > MAX_QUESTION_CHARS:
        return text[:MAX_QUESTION_CHARS].rstrip() + "…", (CUT_NOTE,)
    return text, ()


class KnowledgeBase:
    """Answers questions from the database, staying current with other processes' edits."""

    def __init__(self, store: Store, *, semantic: SemanticMode | None = None, embedder: Embedder | None = None,
                 from_sources: bool | None = None) -> None:
        self.store = store
        self.from_sources = answer_from_sources() if from_sources is None else from_sources
        """Whether a question no curated entry answers may be answered from a source's sentence, labelled."""
        self._lock = threading.RLock()
        self._seen_version = -1
        self._revision = -1
        self._prime_languages()
        self.languages = shipped_languages()
        self.semantic_mode: SemanticMode = semantic or semantic_mode_from_env()
        self.embedder: Embedder | None = None if self.semantic_mode == "off" else (embedder or E5())
        self._prime_places()
        self.live = LiveIndex(store, self.embedder, from_sources=self.from_sources)
        self._built: Built | None = None
        self.refresh()

    @classmethod
    def open(cls, db_path: Path | str | None = None, *, data_dir: Path = DEFAULT_DATA_DIR,
             semantic: SemanticMode | None = None, from_sources: bool | None = None) -> KnowledgeBase:
        """Open the default (or given) database, creating and loading it on first use."""
        return cls(Store.open(db_path, data_dir=data_dir), semantic=semantic, from_sources=from_sources)

    def close(self) -> None:
        """Close the database cleanly, after the cached readings and vectors still being written."""
        self.live.flush()
        self.store.close()

    # -- staying current ---------------------------------------------------------------------------

    def refresh(self) -> bool:
        """Take in changes made since the last question (by any process); return whether there were any.

        An edit to facts or FAQ entries is applied in place; anything else rebuilds the index. A change still
        inside this connection's open transaction is not taken in until it commits.
        """
        with self._lock:
            version = self.store.data_version()
            if version == self._seen_version and self._built is not None:
                return False
            revision = self.store.revision()
            if revision == self._revision and self._built is not None:
                self._seen_version = version
                return False
            if self._built is not None and self.store.in_transaction:
                return False  # a moderator's change half-written on this connection: answer from the last one
            self._seen_version = version
            built = self.live.update(self._built) if self._built is not None else None
            if built is None:
                built = self.live.build(semantic=self.semantic_mode == "now")
                if self.embedder is not None and self.semantic_mode == "background":
                    threading.Thread(target=self._attach_semantic, args=(built, revision), name="embeddings",
                                     daemon=True).start()
            self._built = built
            self._revision = revision
            log.info("knowledge base current", extra={"revision": revision, "candidates": built.index.live})
            return True

    def _attach_semantic(self, built: Built, revision: int) -> None:
        """Build the embeddings behind a bot that has started answering on words alone."""
        try:
            ready = self.live.with_semantic(built)
        except Exception:  # answers go on, on words alone
            log.exception("could not build the semantic index; answering on words alone")
            return
        with self._lock:
            if self._built is built and self._revision == revision:
                self._built = ready
                log.info("semantic index ready", extra={"revision": revision})

    def _prime_languages(self) -> None:
        """Read the language table folded from the database, where the first start kept it (a fifth of a second)."""
        mark = folded_languages.fingerprint()
        stored = self.store.get_meta(folded_languages.META_KEY)
        table = folded_languages.restore(stored, mark) if stored is not None else None
        if table is not None:
            prime_languages(table)
            return
        try:
            with self.store.write():
                self.store.set_meta(folded_languages.META_KEY, folded_languages.dump(shipped_languages(), mark))
        except sqlite3.Error:  # a read-only or busy database: the table is folded at each start instead
            log.warning("could not store the folded language table", exc_info=True)

    def _prime_places(self) -> None:
        """Read the CLDR place names from the database, where the first start stored them (a second's work)."""
        mark = places.fingerprint()
        stored = self.store.get_meta(places.META_KEY)
        if stored is not None and places.prime(stored, mark):
            return
        try:
            with self.store.write():
                self.store.set_meta(places.META_KEY, places.dump(mark))
        except sqlite3.Error:  # a read-only or busy database: the names are read from CLDR each start instead
            log.warning("could not store the CLDR place names", exc_info=True)

    def invalidate(self) -> None:
        """Reload on the next question: a commit on this same connection leaves ``data_version`` unchanged."""
        with self._lock:
            self._seen_version = -1

    @property
    def matcher(self) -> Matcher:
        """The current matcher (brought up to date first)."""
        self.refresh()
        assert self._built is not None
        return self._built.matcher

    @property
    def answers(self) -> AnswerBuilder:
        """The current answer builder (brought up to date first)."""
        self.refresh()
        assert self._built is not None
        return self._built.answers

    # -- what users ask ----------------------------------------------------------------------------

    def ask(self, question: str, *, platform: str = "cli", asked_as: str | None = None,
            context: str | None = None, answered: frozenset[str] = frozenset()) -> Answer:
        """Answer one question; unsure and unanswered ones are queued for moderators.

        ``asked_as`` is the message as the user wrote it, when the chat layer read the question out of a
        longer one: the answer shows it, while only ``question`` is matched. ``context`` is what the question
        points back to ("how many chips does it use?" after a question about Mistral Compute), and ``answered``
        the entries (``kind:id``) that answered it.
        """
        text, notes = clean_question(question)
        shown = clean_question(asked_as)[0] if asked_as is not None else text
        with self._lock:
            self.refresh()
            assert self._built is not None
            matcher, answers, sources = self._built.matcher, self._built.answers, self._built.sources
            result = matcher.match(text, context, answered=answered)
            notice = self.languages.notice(result.analysis.language) if result.analysis.tokens or text else ""
            shown_notes = (*notes, notice) if notice else notes
            answer = answers.from_match(shown, result, shown_notes)
            if answer.status != "answered" and sources is not None and self.from_sources:
                answer = sources.answer(shown, text, context, result, shown_notes) or answer
        if answer.status != "answered" and result.analysis.tokens:
            self._queue_unanswered(shown, " ".join(sorted(set(result.analysis.tokens))), answer.status, platform)
        return answer

    def overview(self) -> Overview:
        """The ``/nvidia europe`` summary."""
        return self.answers.overview()

    def topics(self) -> list[TopicSummary]:
        """What the bot knows about."""
        return self.answers.topics()

    def sources(self) -> list[Source]:
        """The source documents."""
        return list(self.answers.data.sources)

    def topic_answer(self, key: str) -> Answer | None:
        """An entry or topic by id, for ``/nvidia fact``."""
        return self.answers.topic_answer(key.strip())

    def entry_answer(self, kind: str, entry_id: str) -> Answer | None:
        """One FAQ entry or fact by kind and id (ids of the two kinds may coincide), for suggestion buttons."""
        return self.answers.entry_answer(None, kind, entry_id, 1.0)

    def completions(self, prefix: str) -> list[tuple[str, str]]:
        """Autocomplete choices for topics and entries."""
        return self.answers.completions(prefix)

    # -- feedback and the unanswered queue -----------------------------------------------------------

    def voter_key(self, voter: Voter) -> str:
        """A salted hash of a user id: enough for one vote per user, useless for finding the user."""
        return voter_hash(self.store.feedback.salt(), voter)

    def record_feedback(self, ref: str, question: str, voter: Voter, *, helpful: bool) -> bool:
        """Record a vote on the answer ``ref`` (``Answer.ref``) gave to ``question``, behind the answers.

        Returns False if this voter had already voted on it (the vote is updated); raises
        :class:`UnknownEntry` when ``ref`` names no live entry, so a stale button records nothing. The vote is
        saved by the write-behind queue (``bot.core.writer``): a busy database never keeps the voter waiting.
        """
        match = self._vote_target(ref)
        return self.store.feedback.vote_later(
            answer_key=feedback_key(ref, question), voter=voter, helpful=helpful, question=question,
            match_kind=match.kind if match else None, match_id=match.id if match else None,
        )

    def _vote_target(self, ref: str) -> Match | None:
        if ref in STATUSES:
            return None
        kind, _, entry_id = ref.partition(":")
        if kind == SOURCE_KIND:
            sources = self._sources()
            if sources is None or sources.entry_answer(None, kind, entry_id, 1.0) is None:
                raise UnknownEntry(f"no source sentence {ref[:100]!r} to vote on")
            return Match(SOURCE_KIND, entry_id)
        if kind not in ("faq", "fact") or self.entry_answer(kind, entry_id) is None:
            raise UnknownEntry(f"no live entry {ref[:100]!r} to vote on")
        return Match("faq" if kind == "faq" else "fact", entry_id)

    def _sources(self) -> SourceSentences | None:
        """The current sources' sentences (None when answers from sources are off)."""
        self.refresh()
        assert self._built is not None
        return self._built.sources

    def _queue_unanswered(self, question: str, normalized: str, status: str, platform: str) -> None:
        """Hand the question to the write-behind queue: the answer never waits for the database's write lock."""
        try:
            self.store.unanswered.add_later(question=question, normalized=normalized, status=status,
                                            platform=platform)
        except Exception:  # the answer matters more than the queue: log and go on
            log.exception("could not queue an unanswered question")


class UnknownEntry(LookupError):
    """A vote names an entry that is gone (retired, or never existed)."""


def feedback_key(ref: str, question: str) -> str:
    """A stable key for one answer to one question, used for one-vote-per-user feedback."""
    return hashlib.sha256(f"{ref}|{question.lower()}".encode()).hexdigest()[:24]


def answer_key(answer: Answer) -> str:
    """The feedback key of an answer, as :meth:`KnowledgeBase.record_feedback` stores it."""
    return feedback_key(answer.ref, answer.question)
