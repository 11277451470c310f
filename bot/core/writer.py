"""Writes an answer must not wait for (votes, unanswered questions), saved behind a bounded queue by one thread.

Answering only reads. What a user leaves behind is a write, and a write waits
for SQLite's single write lock, which another process (a moderator's edit, an
import, a restore) may hold for seconds. So the answer path only *hands over*
the write: it goes into a bounded queue, and one thread saves the items in
order on a connection of its own, retrying for as long as the database stays
busy. A write the queue accepted is never lost silently: a full queue, a
write still busy after every retry, a write that fails for another reason,
and items still waiting when the process closes are each logged with what
was lost.
"""

from __future__ import annotations

import atexit
import logging
import sqlite3
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

log = logging.getLogger(__name__)

QUEUE_LIMIT = 1000
"""Writes held at most. A thousand questions arriving while another process holds the lock is a burst; more than
that means the database is down rather than busy, and memory would only fill up."""
RETRY_DELAYS_S = (0.1, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 15.0)
"""Pauses between attempts, about 30 s in all: longer than an import or a restore holds the lock, so a write is
dropped only when the database is stuck."""
CLOSE_WAIT_S = 1.0
"""How long closing waits for queued writes: they drain in milliseconds when the database is free, and a command
that has answered must not hang for the full retry time because another process holds the lock."""

Conn = TypeVar("Conn")


def is_busy(exc: BaseException) -> bool:
    """True for SQLite's "database is locked" / "busy": a write worth retrying later."""
    text = str(exc).lower()
    return isinstance(exc, sqlite3.OperationalError) and ("locked" in text or "busy" in text)


@dataclass(frozen=True)
class Job(Generic[Conn]):
    """One write: what it is (for the log, never user text) and the function that makes it."""

    what: str
    write: Callable[[Conn], object]


class WriteBehind(Generic[Conn]):
    """A bounded queue of writes drained in order by one daemon thread on a connection it opens itself."""

    def __init__(self, connect: Callable[[], Conn], release: Callable[[Conn], None], *, name: str = "write-behind",
                 limit: int = QUEUE_LIMIT, delays: Sequence[float] = RETRY_DELAYS_S,
                 close_wait: float | None = CLOSE_WAIT_S) -> None:
        self._connect = connect
        self._release = release
        self.name = name
        self.limit = limit
        self.delays = tuple(delays)
        self.close_wait = close_wait
        self._queue: deque[Job[Conn]] = deque()
        self._in_flight = 0
        self._cond = threading.Condition()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def pending(self) -> int:
        """Writes accepted and not yet saved (or given up)."""
        with self._cond:
            return len(self._queue) + self._in_flight

    def submit(self, what: str, write: Callable[[Conn], object]) -> bool:
        """Hand a write over; False (and an error logged) when it cannot be accepted: full, or closed."""
        with self._cond:
            if self._stop.is_set():
                log.error("%s: closed, so %s was not saved", self.name, what)
                return False
            if len(self._queue) + self._in_flight >= self.limit:
                log.error("%s: %d writes are already waiting, so %s was not saved", self.name, self.limit, what)
                return False
            self._queue.append(Job(what, write))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
                self._thread.start()
                atexit.register(self.close)
            self._cond.notify_all()
        return True

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until every write accepted so far is saved or given up; False if ``timeout`` passed first."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._cond:
            while self._queue or self._in_flight:
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    return False
                self._cond.wait(remaining)
        return True

    def close(self, timeout: float | None = None) -> None:
        """Save what is queued (waiting at most ``close_wait``, None: for all), log what could not be, and stop."""
        if self._thread is None or self._stop.is_set():
            return
        self.flush(self.close_wait if timeout is None else timeout)
        with self._cond:
            self._stop.set()
            left = list(self._queue)
            self._queue.clear()
            self._cond.notify_all()
        if left:
            log.error("%s: closing with %d writes not saved (the database stayed busy): %s", self.name, len(left),
                      _summary(left))
        atexit.unregister(self.close)
        self._thread.join(timeout=0.5)

    # -- the thread -----------------------------------------------------------------------------------------

    def _run(self) -> None:
        conn: Conn | None = None
        try:
            while True:
                with self._cond:
                    while not self._queue and not self._stop.is_set():
                        self._cond.wait()
                    if not self._queue:
                        return
                    job = self._queue.popleft()
                    self._in_flight += 1
                try:
                    if conn is None:
                        conn = self._connect()
                    self._save(conn, job)
                except Exception:
                    log.exception("%s: could not save %s", self.name, job.what)
                finally:
                    with self._cond:
                        self._in_flight -= 1
                        self._cond.notify_all()
        finally:
            if conn is not None:
                try:
                    self._release(conn)
                except Exception:
                    log.warning("%s: could not close its connection", self.name, exc_info=True)

    def _save(self, conn: Conn, job: Job[Conn]) -> None:
        """One write, retried while the database is busy, until it is saved or given up (and logged)."""
        waited = 0.0
        for delay in (*self.delays, None):
            try:
                job.write(conn)
                return
            except Exception as exc:
                if not is_busy(exc):
                    raise
                if delay is None or self._stop.wait(delay):
                    break
                waited += delay
        log.error("%s: %s was not saved: the database stayed busy for %.0f s", self.name, job.what, waited)


def _summary(jobs: Sequence[Job[Any]]) -> str:
    counts: dict[str, int] = {}
    for job in jobs:
        counts[job.what] = counts.get(job.what, 0) + 1
    return ", ".join(f"{n} × {what}" for what, n in counts.items())
