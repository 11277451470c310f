"""The no-token chat: the same ``/nvidia`` commands as in Discord or Slack, in a terminal.

Like Hubot's shell adapter: it lets anyone try the bot, and lets us test the
whole path from question to rendered reply without a chat service.

SIGTERM (a service manager or container stopping us) ends the chat cleanly: a
question being answered is finished and printed first, then the database is
closed, so nothing is cut off half-way.
"""

from __future__ import annotations

import logging
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from types import FrameType
from typing import TextIO

from bot.chat.commands import run_command
from bot.chat.render_text import render
from bot.core.models import Answer
from bot.core.service import KnowledgeBase
from bot.logging_setup import request_scope

log = logging.getLogger(__name__)

BANNER = (
    "NVIDIA Europe bot, terminal chat (no chat tokens set). Type a question, or /nvidia help. "
    "Ctrl-D or /quit to leave."
)


class _Stop(Exception):
    """Raised by the SIGTERM handler to leave a blocking read."""


class Shutdown:
    """SIGTERM for a read-then-answer loop: stop at once while waiting for input, after the answer while busy."""

    def __init__(self) -> None:
        self.requested = False
        self.busy = False

    def handle(self, signum: int, frame: FrameType | None) -> None:
        """The signal handler: note the request, and interrupt the read if nothing is in flight."""
        self.requested = True
        if not self.busy:
            raise _Stop

    @contextmanager
    def answering(self) -> Iterator[None]:
        """While inside, a SIGTERM waits for the block to finish."""
        self.busy = True
        try:
            yield
        finally:
            self.busy = False


@contextmanager
def sigterm_handled() -> Iterator[Shutdown]:
    """Install the SIGTERM handler for the block (only possible in the main thread), then put the old one back."""
    shutdown = Shutdown()
    if threading.current_thread() is not threading.main_thread():
        yield shutdown
        return
    previous = signal.signal(signal.SIGTERM, shutdown.handle)
    try:
        yield shutdown
    finally:
        signal.signal(signal.SIGTERM, previous)


def chat(kb: KnowledgeBase, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> int:
    """Read lines until end of input; answer each one. On SIGTERM, finish the answer and close the database."""
    interactive = stdin.isatty()
    print(BANNER, file=stdout, flush=True)
    with sigterm_handled() as shutdown:
        with suppress(_Stop):
            _loop(kb, stdin, stdout, shutdown, interactive)
        if shutdown.requested:
            log.info("SIGTERM: stopping after the last answer")
            kb.close()
    return 0


def _loop(kb: KnowledgeBase, stdin: TextIO, stdout: TextIO, shutdown: Shutdown, interactive: bool) -> None:
    while not shutdown.requested:
        if interactive:
            print("you> ", end="", file=stdout, flush=True)
        line = stdin.readline()
        if not line or line.strip() in ("/quit", "/exit", "quit", "exit"):
            return
        if not line.strip():
            continue
        with shutdown.answering(), request_scope():
            try:
                reply = run_command(kb, line, platform="terminal")
                text = render(reply)
                if isinstance(reply, Answer):
                    match = f"{reply.match.kind}:{reply.match.id}" if reply.match else None
                    log.info("answered", extra={"status": reply.status, "match": match})
            except Exception:  # a bad line must not end the chat
                log.exception("could not answer a terminal question")
                text = "Sorry, something went wrong answering that. Please try again."
            print(f"bot> {text}\n", file=stdout, flush=True)
