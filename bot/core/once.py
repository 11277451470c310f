"""Handle a thing once across every process on one database: an event Slack retries, a request replayed.

Slack retries an event it thinks went unanswered, and a signed request can be
sent again within its five minutes. Remembering what was handled in memory
holds for one process; under several workers the retry lands on another one
and is answered twice. So each key is claimed in the store's shared ``claims``
table. What this process handled itself it also remembers, and answers such
repeats without a write; when the database is too busy to answer in time, the thing is
handled (fail open, logged): answering twice is better than not answering.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Protocol

from bot.core.ratelimit import FailOpen
from bot.core.store.limits import LimitsBusy

LOCAL_KEYS = 2000
"""Keys this process remembers itself: a few minutes of a busy workspace's events, a few hundred kilobytes."""


class Claims(Protocol):
    """Where claims are recorded: ``claim`` is True for the first claim of a key within ``ttl`` seconds."""

    def claim(self, key: str, ttl: float, now: float) -> bool:
        """True the first time, False for a repeat (see ``Limits.claim``)."""
        ...


class Once:
    """``first_time(key)`` is True once per key within ``ttl`` seconds, in any process sharing ``claims``."""

    def __init__(self, claims: Claims, ttl: float, *, namespace: str, clock: Callable[[], float] = time.time) -> None:
        self.claims = claims
        self.ttl = ttl
        self.namespace = namespace
        self._clock = clock
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()
        self._outage = FailOpen(f"shared memory of handled {namespace}")

    def first_time(self, key: str) -> bool:
        """True if nobody has handled ``key`` within ``ttl`` (and claim it now), False for a repeat."""
        now = self._clock()
        with self._lock:
            seen = self._seen.get(key)
            if seen is not None and seen > now:
                return False
            self._seen[key] = now + self.ttl
            self._seen.move_to_end(key)
            while len(self._seen) > LOCAL_KEYS:
                self._seen.popitem(last=False)
        try:
            first = self.claims.claim(f"{self.namespace}:{key}", self.ttl, now)
        except LimitsBusy as exc:
            self._outage.failed(exc)
            return True
        self._outage.worked()
        return first
