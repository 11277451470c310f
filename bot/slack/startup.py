"""Saying why the Slack app could not start, in one line with no secret in it.

A start-up failure's text comes from a library (Bolt quotes ``auth.test``'s
answer; a proxy or a stub may echo the ``Authorization`` header), so it may
hold the very token that failed. Every message printed or raised here goes
through the log scrubber first, with this run's secrets.
"""

from __future__ import annotations

import logging
import sys

from bot.config import Settings
from bot.logging_setup import scrub

log = logging.getLogger(__name__)

MAX_DETAIL = 300
"""Characters of the library's message kept: enough for Slack's error code, not a whole echoed request."""


class StartupError(RuntimeError):
    """The Slack app could not start; the message is scrubbed and fits on one line."""


def describe(exc: BaseException, settings: Settings) -> str:
    """``Type: message`` on one line, scrubbed of every configured secret and anything shaped like a token."""
    text = " ".join(f"{type(exc).__name__}: {exc}".split())
    text = scrub(text, settings.secrets)
    return text if len(text) <= MAX_DETAIL else text[:MAX_DETAIL - 1] + "…"


def report(what: str, exc: BaseException, settings: Settings) -> int:
    """Log and print ``error: could not <what>: <reason>`` to standard error; return exit status 1."""
    reason = describe(exc, settings)
    log.error("slack: could not %s: %s", what, reason)
    print(f"error: could not {what}: {reason}", file=sys.stderr)
    return 1

