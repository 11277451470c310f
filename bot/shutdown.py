"""SIGTERM as a request to stop, for the long-running loops of the chat adapters.

A service manager or container runtime stops a process with SIGTERM and, a
few seconds later, SIGKILL. Python's default for SIGTERM ends the process on
the spot: an answer half-sent, the database left for the next start to
recover. This turns SIGTERM into a call of the loop's own stop function (the
HTTP server's ``shutdown``, an event the main thread waits on), so the loop
ends the way Ctrl-C would end it, in-flight work finishes, and the caller
closes the database afterwards.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType

log = logging.getLogger(__name__)


@contextmanager
def stop_on_sigterm(stop: Callable[[], None]) -> Iterator[threading.Event]:
    """Within the block, SIGTERM calls ``stop()`` once, from a new thread; the old handler comes back after.

    ``stop`` runs in its own thread because a signal handler interrupts the main thread wherever it is, and
    stop functions such as ``socketserver.BaseServer.shutdown`` wait for the main thread's loop to end (so
    calling them from the handler would deadlock). The event yielded is set when SIGTERM arrived.
    Outside the main thread (where Python cannot install handlers) it does nothing.
    """
    requested = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield requested
        return

    def handle(signum: int, frame: FrameType | None) -> None:
        if requested.is_set():
            return
        requested.set()
        log.info("SIGTERM: finishing in-flight work, then stopping")
        threading.Thread(target=stop, name="sigterm-stop", daemon=True).start()

    previous = signal.signal(signal.SIGTERM, handle)
    try:
        yield requested
    finally:
        signal.signal(signal.SIGTERM, previous)
