"""Limits every process on one database shares: rate-limit hits and one-time claims, on a connection of their own.

Rate limits, cooldowns and "already handled" marks kept in memory hold per
process: under several workers a user would get the limit once per worker and
a retried event could be answered twice. Kept here they hold for every process
that opens the same file.

The store's own connection waits up to five seconds for another process's write
lock, behind a lock shared by every thread. A limit check sits on the way to an
answer and must never wait that long, so it has its own connection with a short
busy timeout; when that runs out it raises :class:`LimitsBusy` and the caller
fails open. Rows expire (each hit with its window, each claim with its time to
live) and are pruned as checks go by, so the tables stay the size of recent
traffic.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

BUSY_TIMEOUT_S = 0.25
"""How long a check waits for the database's write lock: well under Slack's 3 s ack, and a user never notices."""
PRUNE_EVERY_S = 60.0
"""How often one process deletes expired rows: often enough to stay small, rarely enough to cost nothing."""

TABLES = (
    "create table if not exists rate_hits (key text not null, at float not null, expires float not null)",
    "create index if not exists rate_hits_key_at on rate_hits (key, at)",
    "create index if not exists rate_hits_expires on rate_hits (expires)",
    "create table if not exists claims (key text primary key, expires float not null)",
    "create index if not exists claims_expires on claims (expires)",
)
"""The shared tables: migration ``m005_shared_limits`` runs these, so change them only with a new migration."""


class LimitsBusy(Exception):
    """The shared limits could not be read or written in time (the database is busy, locked or unwritable)."""


class Limits:
    """Rate-limit hits and one-time claims in the database at ``path`` (a private in-memory one when None).

    Times are wall-clock seconds (``time.time()``), which every process on a machine agrees on and which
    survive a restart.
    """

    def __init__(self, path: Path | None, *, busy_timeout_s: float = BUSY_TIMEOUT_S) -> None:
        self.path = path
        self.busy_timeout_s = busy_timeout_s
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.Lock()
        self._next_prune = 0.0

    def hit(self, keys: Sequence[tuple[str, int]], window: float, now: float) -> tuple[int, float] | None:
        """Count a hit on every ``(key, limit)`` unless one has ``limit`` hits in the last ``window`` seconds.

        Returns None when the hits were counted, else the index of the first key at its limit and the time
        of its oldest hit in the window (so the caller can say when to try again). One transaction: two
        processes checking the same user at once cannot both slip under the limit.
        """
        with self._connection() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                for index, (key, limit) in enumerate(keys):
                    count, oldest = conn.execute(
                        "select count(*), min(at) from rate_hits where key = ? and at > ?", [key, now - window]
                    ).fetchone()
                    if count >= limit:
                        conn.rollback()
                        return index, float(oldest)
                conn.executemany("insert into rate_hits (key, at, expires) values (?, ?, ?)",
                                 [(key, now, now + window) for key, _ in keys])
                conn.commit()
            except BaseException:
                if conn.in_transaction:
                    conn.rollback()
                raise
            self._prune(conn, now)
            return None

    def claim(self, key: str, ttl: float, now: float) -> bool:
        """True for the first claim of ``key`` within ``ttl`` seconds, in any process; False after that."""
        with self._connection() as conn:
            cursor = conn.execute(
                "insert into claims (key, expires) values (?, ?) "
                "on conflict(key) do update set expires = excluded.expires where claims.expires <= ?",
                [key, now + ttl, now],
            )
            self._prune(conn, now)
            return cursor.rowcount == 1

    def sizes(self) -> dict[str, int]:
        """Rows per table (for tests and operators: the tables stay the size of recent traffic)."""
        with self._connection() as conn:
            return {table: int(conn.execute(f"select count(*) from {table}").fetchone()[0])
                    for table in ("rate_hits", "claims")}

    def close(self) -> None:
        """Close the connection (a later check opens it again)."""
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    # -- the connection ------------------------------------------------------------------------------------

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        """The connection, held by one thread at a time; waiting too long for it or the database: LimitsBusy.

        A thread waits twice the busy timeout for another holding it, which may itself be waiting that long for
        the database: four questions at once on a loaded machine had let the last ones through uncounted.
        """
        if not self._lock.acquire(timeout=2 * self.busy_timeout_s):
            raise LimitsBusy("another thread held the limits for too long")
        try:
            yield self._open()
        except sqlite3.Error as exc:
            raise LimitsBusy(f"the database is busy or unwritable ({type(exc).__name__}: {exc})") from exc
        finally:
            self._lock.release()

    def _open(self) -> sqlite3.Connection:
        if self._conn is None:
            target = str(self.path) if self.path is not None else ":memory:"
            conn = sqlite3.connect(target, timeout=self.busy_timeout_s, isolation_level=None, check_same_thread=False)
            conn.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout_s * 1000)}")
            conn.execute("PRAGMA synchronous = NORMAL")  # a hit lost to a power cut only loosens one limit once
            if self.path is None:
                for statement in TABLES:
                    conn.execute(statement)
            self._conn = conn
        return self._conn

    def _prune(self, conn: sqlite3.Connection, now: float) -> None:
        """Delete expired rows now and then (any process may; whoever comes first does it)."""
        if now < self._next_prune:
            return
        self._next_prune = now + PRUNE_EVERY_S
        try:
            conn.execute("delete from rate_hits where expires <= ?", [now])
            conn.execute("delete from claims where expires <= ?", [now])
        except sqlite3.OperationalError:  # busy: another process or a later check prunes instead
            pass
