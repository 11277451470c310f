"""Helpers for tests that drive real processes: read their output line by line, with timeouts, no polling."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from typing import IO

import pytest

LINE_TIMEOUT = 30.0
"""Seconds to wait for one line: generous, since a process's start-up imports take about a second."""


class Lines:
    """The lines a process writes, read by a thread so the test can wait for the next one with a timeout."""

    def __init__(self, stream: IO[str]) -> None:
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._thread = threading.Thread(target=self._pump, args=(stream,), daemon=True)
        self._thread.start()

    def _pump(self, stream: IO[str]) -> None:
        for line in stream:
            self._queue.put(line.rstrip("\n"))
        self._queue.put(None)

    def next(self, timeout: float = LINE_TIMEOUT) -> str | None:
        """The next line, or None at the end of the output; fails the test if none comes in time."""
        try:
            return self._queue.get(timeout=timeout)
        except queue.Empty:
            pytest.fail(f"no output within {timeout} s")

    def rest(self, timeout: float = LINE_TIMEOUT) -> Iterator[str]:
        """Every remaining line, up to the end of the output."""
        while (line := self.next(timeout)) is not None:
            yield line
