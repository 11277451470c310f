"""Per-user and per-channel limits on questions, shared by every chat adapter.

A sliding window per key, in memory: each process limits what it serves, which
is what a cooldown needs (a user hammering one bot process is slowed there).
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass


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


class RateLimiter:
    """At most ``per_user`` questions per user and ``per_channel`` per channel in ``window`` seconds."""

    def __init__(
        self, per_user: int, per_channel: int, window: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.per_user = per_user
        self.per_channel = per_channel
        self.window = window
        self._clock = clock
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def check(self, user: str, channel: str | None = None) -> Verdict:
        """Count this question if allowed; refuse (without counting) when a limit is reached."""
        now = self._clock()
        with self._lock:
            keys = [("user", f"u:{user}", self.per_user)]
            if channel:
                keys.append(("channel", f"c:{channel}", self.per_channel))
            for scope, key, limit in keys:
                hits = self._window(key, now)
                if len(hits) >= limit:
                    return Verdict(False, hits[0] + self.window - now, scope)
            for _, key, _ in keys:
                self._hits.setdefault(key, deque()).append(now)
            return Verdict(True)

    def _window(self, key: str, now: float) -> deque[float]:
        hits = self._hits.setdefault(key, deque())
        while hits and hits[0] <= now - self.window:
            hits.popleft()
        if not hits:
            del self._hits[key]
            return deque()
        return hits
