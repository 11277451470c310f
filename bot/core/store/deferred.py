"""Writes that may wait: caches of derived data, written by one thread behind the answers, never in their way.

Answering must never wait on a write (another process may hold the write lock
for seconds). What the index works out once (readings, vectors) is stored for
the next start, so it is written here, in order, by one worker thread; a
failed write is logged and dropped, which only costs the next start the work.
``flush`` waits for what is queued, before the database closes.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)

FLUSH_TIMEOUT_S = 60.0
"""How long closing waits for queued writes: a first start stores about a thousand vectors in well under it."""


class Deferred:
    """One worker thread running queued writes in order."""

    def __init__(self) -> None:
        self._jobs: queue.Queue[Callable[[], None] | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def submit(self, job: Callable[[], None]) -> None:
        """Queue a write; the worker starts on first use."""
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="deferred-writes", daemon=True)
                self._thread.start()
        self._jobs.put(job)

    def flush(self, timeout: float = FLUSH_TIMEOUT_S) -> None:
        """Wait until everything queued so far is written (or the timeout passes)."""
        if self._thread is None:
            return
        done = threading.Event()
        self._jobs.put(done.set)
        if not done.wait(timeout):
            log.warning("closing before all cached data was written; the next start works it out again")

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            try:
                job()
            except Exception:  # a cache that could not be written only costs the next start the work
                log.warning("could not write cached data", exc_info=True)
