"""The terminal chat loop: read a line, answer it, print the reply, until end of input or SIGTERM.

Like Hubot's shell adapter: it lets anyone try the bot, and lets us test the
whole path from question to rendered reply without a chat service. Whoever
runs it can already write the database (as on the command line), so the
moderator commands work here too, logged under the operating-system user.

SIGTERM (a service manager or container stopping us) ends the chat cleanly
through the one mechanism every adapter uses (``bot.shutdown``): a question
being answered is finished and printed first, then the database is closed.
"""

from __future__ import annotations

import getpass
import logging
import queue
import sys
import threading
from typing import TextIO

from bot.chat import commands
from bot.chat.grammar import AdminCommand, Usage, UserCommand, parse
from bot.chat.moderation import run_admin
from bot.chat.plain import render
from bot.core.curation import Actor, Curator
from bot.core.models import Answer
from bot.core.service import KnowledgeBase
from bot.logging_setup import request_scope
from bot.shutdown import stop_on_sigterm
from bot.terminal.render import render_outcome

log = logging.getLogger(__name__)

PLATFORM = "terminal"
BANNER = (
    "NVIDIA Europe bot, terminal chat (no chat tokens set). Type a question, or /nvidia help. "
    "Ctrl-D or /quit to leave."
)
QUIT_WORDS = frozenset({"/quit", "/exit", "quit", "exit"})
APOLOGY = "Sorry, something went wrong answering that. Please try again."


class _Lines:
    """Input lines read on a helper thread, one at a time and only when asked for.

    The main thread waits on a queue rather than in ``readline`` itself, so a stop request can wake it
    without closing the input; and a line is read only when the loop wants one, so nothing is read past
    the question in flight when the chat stops.
    """

    def __init__(self, stdin: TextIO) -> None:
        self._stdin = stdin
        self._wanted: queue.Queue[None] = queue.Queue()
        self._lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, name="terminal-input", daemon=True).start()

    def _read(self) -> None:
        while True:
            self._wanted.get()
            try:
                line = self._stdin.readline()
            except (OSError, ValueError):  # the input was closed under us
                line = ""
            self._lines.put(line)
            if not line:
                return

    def next(self) -> str | None:
        """The next line ('' at end of input), or None once ``stop`` was called."""
        self._wanted.put(None)
        return self._lines.get()

    def stop(self) -> None:
        """Wake a waiting ``next`` with None."""
        self._lines.put(None)


def chat(kb: KnowledgeBase, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> int:
    """Read lines until end of input; answer each one. On SIGTERM, finish the answer and close the database."""
    interactive = stdin.isatty()
    print(BANNER, file=stdout, flush=True)
    lines = _Lines(stdin)
    with stop_on_sigterm(lines.stop) as stopping:
        while not stopping.is_set():
            if interactive:
                print("you> ", end="", file=stdout, flush=True)
            line = lines.next()
            if line is None or not line or line.strip() in QUIT_WORDS:
                break
            if line.strip():
                print(f"bot> {reply_to(kb, line)}\n", file=stdout, flush=True)
        if stopping.is_set():
            log.info("SIGTERM: stopping after the last answer")
            kb.close()
    return 0


def reply_to(kb: KnowledgeBase, line: str) -> str:
    """The rendered reply to one line; a failure is logged and apologised for, never raised."""
    with request_scope():
        try:
            command = parse(line)
            if isinstance(command, AdminCommand):
                outcome = run_admin(Curator.of(kb), Actor(_user(), PLATFORM), command)
                return render_outcome(outcome)
            assert isinstance(command, UserCommand | Usage)
            reply = commands.run(kb, command, platform=PLATFORM)
            if isinstance(reply, Answer):
                match = f"{reply.match.kind}:{reply.match.id}" if reply.match else None
                log.info("answered", extra={"status": reply.status, "match": match})
            return render(reply)
        except Exception:  # a bad line must not end the chat
            log.exception("could not answer a terminal question")
            return APOLOGY


def _user() -> str:
    try:
        return getpass.getuser() or "terminal"
    except (KeyError, OSError):  # no name for this uid (a container without /etc/passwd entry)
        return "terminal"
