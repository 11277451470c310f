"""What users leave behind: feedback votes, the queue of unanswered questions, and forgetting both.

Neither table holds who a user is (a vote keeps a salted hash of the voter,
the queue nothing); both expire after the retention period.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from bot.core.store.schema import now

if TYPE_CHECKING:
    from bot.core.store.connection import Store

EXPIRING = ("feedback", "unanswered")
"""Tables whose rows expire; everything else is the knowledge base and its audit log, kept for good."""


class Feedback:
    """Votes on answers: one per voter and answer, the latest one kept."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def salt(self) -> str:
        """The database's secret salt for voter hashes, made on first use."""
        salt = self._store.get_meta("salt")
        if salt is None:
            with self._store.write():
                salt = self._store.get_meta("salt") or secrets.token_hex(16)
                self._store.set_meta("salt", salt)
        return salt

    def vote(self, *, answer_key: str, voter: str, helpful: bool, question: str, match_kind: str | None,
             match_id: str | None, platform: str) -> bool:
        """Record a vote; False when this voter had voted on this answer already (the vote is updated)."""
        row = {"answer_key": answer_key, "voter": voter, "helpful": int(helpful), "question": question,
               "match_kind": match_kind, "match_id": match_id, "platform": platform, "at": now()}
        with self._store.write() as db:
            existing = db.execute(
                "select id from feedback where answer_key = ? and voter = ?", [answer_key, voter]
            ).fetchone()
            if existing:
                db.table("feedback").update(existing[0], row)
                return False
            db.table("feedback").insert(row)
            return True


class Unanswered:
    """Questions the bot could not answer, waiting for a moderator."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def add(self, *, question: str, normalized: str, status: str, platform: str) -> int:
        """Queue one question (its own transaction); return its id."""
        row = {"question": question, "normalized": normalized, "status": status, "platform": platform,
               "at": now(), "state": "open"}
        with self._store.write() as db:
            return int(db.table("unanswered").insert(row).last_pk or 0)

    def open_rows(self) -> list[dict[str, Any]]:
        """Every open question (id, question, normalized, platform, at), newest first."""
        return list(self._store.db.query(
            "select id, question, normalized, platform, at from unanswered where state = 'open' "
            "order by at desc, id desc"
        ))

    def state_of(self, question_id: int) -> str | None:
        """A question's state (open, attached, promoted, dismissed), or None if there is no such question."""
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
