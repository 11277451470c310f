"""The core's one entry point: what every adapter (terminal, Discord, Slack, CLI) calls.

It owns the store, the index built from it and the answer builder, and
reloads the last two when another process changed the knowledge base, which
it notices through SQLite's ``data_version`` at the cost of one PRAGMA.
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
import threading
from pathlib import Path

from bot.core import index_cache
from bot.core.answers import AnswerBuilder
from bot.core.loader import DEFAULT_DATA_DIR
from bot.core.matcher import Matcher
from bot.core.models import Answer, Overview, Source, TopicSummary
from bot.core.store import Store, now
from bot.core.text import collapse_space, strip_control

log = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 500
"""Longer questions are cut to this many characters (and the answer says so)."""
CUT_NOTE = f"Your question was longer than {MAX_QUESTION_CHARS} characters; I read only the start of it."


_MENTION = re.compile(r"<[@#!][^<>\s]{1,80}>|@everyone|@here", re.IGNORECASE)
"""Discord and Slack mention and broadcast syntax: addressing the bot, not part of the question."""


def clean_question(raw: str) -> tuple[str, tuple[str, ...]]:
    """Strip control characters, collapse white space, cap the length; return the notes to show."""
    text = collapse_space(strip_control(raw or ""))
    if len(text) > MAX_QUESTION_CHARS:
        return text[:MAX_QUESTION_CHARS].rstrip() + "…", (CUT_NOTE,)
    return text, ()


class KnowledgeBase:
    """Answers questions from the database, staying current with other processes' edits."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._lock = threading.RLock()
        self._seen_version = -1
        self._revision = -1
        self._matcher: Matcher | None = None
        self._answers: AnswerBuilder | None = None
        self.refresh()

    @classmethod
    def open(cls, db_path: Path | str | None = None, *, data_dir: Path = DEFAULT_DATA_DIR) -> KnowledgeBase:
        """Open the default (or given) database, creating and loading it on first use."""
        return cls(Store.open(db_path, data_dir=data_dir))

    def close(self) -> None:
        """Close the database cleanly."""
        self.store.close()

    # -- staying current ---------------------------------------------------------------------------

    def refresh(self) -> bool:
        """Rebuild the index if the knowledge base changed since last time; return whether it did."""
        with self._lock:
            version = self.store.data_version()
            if version == self._seen_version and self._matcher is not None:
                return False
            self._seen_version = version
            revision = self.store.revision()
            if revision == self._revision and self._matcher is not None:
                return False
            data = self.store.knowledge()
            self._matcher = Matcher(index_cache.load_or_build(data, self.store.path))
            self._answers = AnswerBuilder(data)
            self._revision = revision
            log.info("knowledge base loaded", extra={"revision": revision, "facts": len(data.facts)})
            return True

    def invalidate(self) -> None:
        """Reload on the next question: a commit on this same connection leaves ``data_version`` unchanged."""
        with self._lock:
            self._seen_version = -1

    @property
    def matcher(self) -> Matcher:
        """The current matcher (rebuilt after a change)."""
        self.refresh()
        assert self._matcher is not None
        return self._matcher

    @property
    def answers(self) -> AnswerBuilder:
        """The current answer builder (rebuilt after a change)."""
        self.refresh()
        assert self._answers is not None
        return self._answers

    # -- what users ask ----------------------------------------------------------------------------

    def ask(self, question: str, *, platform: str = "cli") -> Answer:
        """Answer one question; unsure and unanswered ones are queued for moderators."""
        text, notes = clean_question(question)
        with self._lock:
            matcher, answers = self.matcher, self.answers
            result = matcher.match(_MENTION.sub(" ", text))
            answer = answers.from_match(text, result, notes)
        if answer.status != "answered" and result.analysis.tokens:
            self._queue_unanswered(text, " ".join(sorted(set(result.analysis.tokens))), answer.status, platform)
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

    def voter_key(self, platform: str, user_id: str) -> str:
        """A salted hash of a user id: enough for one vote per user, useless for finding the user."""
        salt = self.store.get_meta("salt")
        if salt is None:
            with self.store.write():
                salt = self.store.get_meta("salt") or secrets.token_hex(16)
                self.store.set_meta("salt", salt)
        return hashlib.sha256(f"{salt}:{platform}:{user_id}".encode()).hexdigest()[:32]

    def record_feedback(self, answer: Answer, *, platform: str, user_id: str, helpful: bool) -> bool:
        """Record a vote; return False if this user already voted on this answer (the vote is updated)."""
        voter = self.voter_key(platform, user_id)
        key = answer_key(answer)
        with self.store.write() as db:
            existing = db.execute(
                "select id from feedback where answer_key = ? and voter = ?", [key, voter]
            ).fetchone()
            row = {
                "answer_key": key, "voter": voter, "helpful": int(helpful), "question": answer.question,
                "match_kind": answer.match.kind if answer.match else None,
                "match_id": answer.match.id if answer.match else None, "platform": platform, "at": now(),
            }
            if existing:
                db.table("feedback").update(existing[0], row)
                return False
            db.table("feedback").insert(row)
            return True

    def _queue_unanswered(self, question: str, normalized: str, status: str, platform: str) -> None:
        try:
            with self.store.write() as db:
                db.table("unanswered").insert(
                    {"question": question, "normalized": normalized, "status": status, "platform": platform,
                     "at": now(), "state": "open"}
                )
        except Exception:  # the answer matters more than the queue: log and go on
            log.exception("could not queue an unanswered question")


def answer_key(answer: Answer) -> str:
    """A stable key for one answer to one question, used for one-vote-per-user feedback."""
    match = f"{answer.match.kind}:{answer.match.id}" if answer.match else answer.status
    return hashlib.sha256(f"{match}|{answer.question.lower()}".encode()).hexdigest()[:24]
