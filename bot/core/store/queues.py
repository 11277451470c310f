"""What users leave behind: feedback votes, the queue of unanswered questions, and forgetting both.

Neither table holds who a user is (a vote keeps a salted hash of the voter,
the queue nothing); both expire after the retention period. Both are written
behind the answers (``vote_later``, ``add_later``: see :mod:`bot.core.writer`),
so a user never waits for another process's write lock; this process's own
reads of them wait for its queued writes first.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from bot.core.models import Voter
from bot.core.store.schema import now

if TYPE_CHECKING:
    from bot.core.store.connection import Store

EXPIRING = ("feedback", "unanswered")
"""Tables whose rows expire; everything else is the knowledge base and its audit log, kept for good."""
OWN_WRITES_WAIT_S = 2.0
"""How long a read of the queue waits for this process's own queued writes: they take milliseconds unless another
process holds the write lock, and then a moderator would rather see the queue a little late than wait on."""


def voter_hash(salt: str, voter: Voter) -> str:
    """A salted hash of a user id: enough for one vote per user, useless for finding the user."""
    return hashlib.sha256(f"{salt}:{voter.platform}:{voter.user_id}".encode()).hexdigest()[:32]


class Feedback:
    """Votes on answers: one per voter and answer, the latest one kept."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._pending: dict[tuple[str, str, str], int] = {}
        """Votes queued and not yet saved, per answer and voter: a second click before the first is saved is
        still a changed vote, not a first one."""
        self._lock = threading.Lock()

    def salt(self) -> str:
        """The database's secret salt for voter hashes, made on first use."""
        salt = self._store.get_meta("salt")
        if salt is None:
            with self._store.write():
                salt = self._store.get_meta("salt") or secrets.token_hex(16)
                self._store.set_meta("salt", salt)
        return salt

    def vote(self, *, answer_key: str, voter: str, helpful: bool, question: str, match_kind: str | None,
             match_id: str | None, platform: str, at: str | None = None) -> bool:
        """Record a vote; False when this voter had voted on this answer already (the vote is updated)."""
        row = {"answer_key": answer_key, "voter": voter, "helpful": int(helpful), "question": question,
               "match_kind": match_kind, "match_id": match_id, "platform": platform, "at": at or now()}
        with self._store.write() as db:
            existing = db.execute(
                "select id from feedback where answer_key = ? and voter = ?", [answer_key, voter]
            ).fetchone()
            if existing:
                db.table("feedback").update(existing[0], row)
                return False
            db.table("feedback").insert(row)
            return True

    def vote_later(self, *, answer_key: str, voter: Voter, helpful: bool, question: str, match_kind: str | None,
                   match_id: str | None) -> bool:
        """Hand a vote to the write-behind queue; True when it is this voter's first vote on this answer.

        Whether it is the first is read now, without writing: from the votes still queued, and (once the
        database has its salt) from the saved ones. The salt itself is made, if need be, by the writer.
        """
        pending = (answer_key, voter.platform, voter.user_id)
        with self._lock:
            earlier = pending in self._pending
            self._pending[pending] = self._pending.get(pending, 0) + 1
        if not earlier:
            salt = self._store.get_meta("salt")
            earlier = salt is not None and self.has_vote(answer_key, voter_hash(salt, voter))
        at = now()

        def write(store: Store) -> None:
            try:
                store.feedback.vote(answer_key=answer_key, voter=voter_hash(store.feedback.salt(), voter),
                                    helpful=helpful, question=question, match_kind=match_kind, match_id=match_id,
                                    platform=voter.platform, at=at)
            finally:
                self._saved(pending)

        if not self._store.behind.submit("a vote", write):
            self._saved(pending)
        return not earlier

    def has_vote(self, answer_key: str, voter: str) -> bool:
        """True when this voter's vote on this answer is saved."""
        row = self._store.db.execute(
            "select 1 from feedback where answer_key = ? and voter = ?", [answer_key, voter]
        ).fetchone()
        return row is not None

    def _saved(self, pending: tuple[str, str, str]) -> None:
        with self._lock:
            left = self._pending.get(pending, 0) - 1
            if left > 0:
                self._pending[pending] = left
            else:
                self._pending.pop(pending, None)


class Unanswered:
    """Questions the bot could not answer, waiting for a moderator."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def add(self, *, question: str, normalized: str, status: str, platform: str, at: str | None = None) -> int:
        """Queue one question (its own transaction); return its id."""
        row = {"question": question, "normalized": normalized, "status": status, "platform": platform,
               "at": at or now(), "state": "open"}
        with self._store.write() as db:
            return int(db.table("unanswered").insert(row).last_pk or 0)

    def add_later(self, *, question: str, normalized: str, status: str, platform: str) -> bool:
        """Hand one question to the write-behind queue, stamped with the time it was asked; False if refused."""
        at = now()
        return self._store.behind.submit("an unanswered question", lambda store: store.unanswered.add(
            question=question, normalized=normalized, status=status, platform=platform, at=at))

    def open_rows(self) -> list[dict[str, Any]]:
        """Every open question (id, question, normalized, platform, at), newest first."""
        self._store.behind.flush(OWN_WRITES_WAIT_S)
        return list(self._store.db.query(
            "select id, question, normalized, platform, at from unanswered where state = 'open' "
            "order by at desc, id desc"
        ))

    def state_of(self, question_id: int) -> str | None:
        """A question's state (open, attached, promoted, dismissed), or None if there is no such question."""
        self._store.behind.flush(OWN_WRITES_WAIT_S)
        row = self._store.db.execute("select state from unanswered where id = ?", [question_id]).fetchone()
        return str(row[0]) if row else None

    def close(self, question_ids: Sequence[int], state: str) -> int:
        """Take open questions off the queue with their new state (inside the caller's transaction)."""
        marks = ",".join("?" for _ in question_ids)
        cursor = self._store.db.execute(
            f"update unanswered set state = ? where state = 'open' and id in ({marks})", [state, *question_ids]
        )
        return int(cursor.rowcount)


class Retention:
    """Deleting what users left behind once it is older than the retention period."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def purge(self, cutoff: str, tables: Iterable[str] = EXPIRING) -> tuple[dict[str, int], bool]:
        """Delete rows from before ``cutoff`` (ISO 8601) in one transaction, overwriting their text.

        ``secure_delete`` overwrites the deleted rows in the file, and a WAL checkpoint moves those pages out
        of the log. Returns the rows removed per table and whether the WAL could be truncated now (readers
        may hold it; SQLite checkpoints it later).
        """
        unknown = set(tables) - set(EXPIRING)
        if unknown:
            raise ValueError(f"rows of {', '.join(sorted(unknown))} never expire")
        db = self._store.db
        db.execute("PRAGMA secure_delete = ON")
        removed: dict[str, int] = {}
        with self._store.write():
            for table in tables:
                if db.table(table).exists():
                    cursor = db.execute(f"delete from [{table}] where julianday([at]) < julianday(?)", [cutoff])
                    removed[table] = max(cursor.rowcount, 0)
        busy = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        return removed, not (busy and busy[0])
