"""Per-user and per-channel limits on questions, shared by every chat adapter and every process on one database.

A sliding window per key. The hits live where :class:`HitLog` keeps them: the
store's shared ``Limits`` (so N workers or shards on one database give a user
the limit once, not N times), or :class:`MemoryHits` for one process alone.
When the database is too busy to answer within its short timeout the question
is let through (fail open) and a line is logged: a slow database must not
turn into refused or stalled questions.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from bot.core.store.limits import LimitsBusy

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Verdict:
    """Whether a question may be answered now, and if not, for how long to wait."""

    allowed: bool
    retry_after: float = 0.0
    scope: str = ""

    @property
    def message(self) -> str:
        """The friendly text shown when the limit is hit."""
        wait = max(1, round(self.retry_after))
        who = "this channel is" if self.scope == "channel" else "you're"
        return f"Easy there, {who} asking quickly. Try again in {wait} second{'s' if wait != 1 else ''}."


class HitLog(Protocol):
    """Where hits are counted: ``hit`` counts one on every key unless one is at its limit (see ``Limits.hit``)."""

    def hit(self, keys: Sequence[tuple[str, int]], window: float, now: float) -> tuple[int, float] | None:
        """None when counted, else (index of the key at its limit, time of its oldest hit in the window)."""
        ...


class MemoryHits:
    """Hits in this process's memory, for a process that shares no database; forgets keys that go quiet.

    Every ``window`` seconds the keys with no hit left in the window are dropped, so memory holds only the
    users and channels of the last two windows, however many have ever asked.
    """

    def __init__(self) -> None:
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()
        self._next_sweep = float("-inf")

    def __len__(self) -> int:
        """Keys remembered now."""
        return len(self._hits)

    def hit(self, keys: Sequence[tuple[str, int]], window: float, now: float) -> tuple[int, float] | None:
        """Count a hit on every key unless one is at its limit (the same contract as the shared limits)."""
        with self._lock:
            self._sweep(window, now)
            for index, (key, limit) in enumerate(keys):
                hits = self._hits.get(key)
                while hits and hits[0] <= now - window:
                    hits.popleft()
                if hits and len(hits) >= limit:
                    return index, hits[0]
            for key, _ in keys:
                self._hits.setdefault(key, deque()).append(now)
            return None

    def _sweep(self, window: float, now: float) -> None:
        if now < self._next_sweep:
            return
        self._next_sweep = now + window
        self._hits = {key: hits for key, hits in self._hits.items() if hits and hits[-1] > now - window}


class FailOpen:
    """Logs once when shared limits stop answering and once when they answer again, not on every question."""

    def __init__(self, what: str) -> None:
        self.what = what
        self.failing = False

    def failed(self, exc: Exception) -> None:
        """The shared store did not answer in time: say so the first time."""
        if not self.failing:
            self.failing = True
            log.warning("%s unavailable, letting requests through until the database answers again: %s",
                        self.what, exc)

    def worked(self) -> None:
        """The shared store answered: say so if it had not been."""
        if self.failing:
            self.failing = False
            log.info("%s available again", self.what)


class RateLimiter:
    """At most ``per_user`` questions per user and ``per_channel`` per channel in ``window`` seconds.

    ``namespace`` keeps platforms apart in a shared log (a Slack user and a Discord user may share an id).
    """

    def __init__(self, per_user: int, per_channel: int, window: float, clock: Callable[[], float] = time.time, *,
                 hits: HitLog | None = None, namespace: str = "") -> None:
        self.per_user = per_user
        self.per_channel = per_channel
        self.window = window
        self._clock = clock
        self.hits: HitLog = hits if hits is not None else MemoryHits()
        self.namespace = namespace
        self._outage = FailOpen("shared rate limits")

    def check(self, user: str, channel: str | None = None) -> Verdict:
        """Count this question if allowed; refuse (without counting) when a limit is reached."""
        prefix = f"{self.namespace}:" if self.namespace else ""
        keys = [("user", f"{prefix}u:{user}", self.per_user)]
        if channel:
            keys.append(("channel", f"{prefix}c:{channel}", self.per_channel))
        now = self._clock()
        try:
            refused = self.hits.hit([(key, limit) for _, key, limit in keys], self.window, now)
        except LimitsBusy as exc:
            self._outage.failed(exc)
            return Verdict(True)
        self._outage.worked()
        if refused is None:
            return Verdict(True)
        index, oldest = refused
        retry_after = min(max(oldest + self.window - now, 0.0), self.window)  # a clock step never means "wait a day"
        return Verdict(False, retry_after, keys[index][0])
