"""Slack Socket Mode: ``run_socket_mode`` connects over a WebSocket opened with the app token; no public URL.

An adapter over :func:`bot.slack.app.build_app`, like :mod:`bot.slack.http`:
it runs until Ctrl-C or SIGTERM, then closes the connection and the database.
"""

from __future__ import annotations

import logging
import sys
import threading

from slack_bolt.adapter.socket_mode import SocketModeHandler

from bot.config import Settings
from bot.core.service import KnowledgeBase
from bot.shutdown import stop_on_sigterm
from bot.slack.app import build_app

log = logging.getLogger(__name__)


def run_socket_mode(kb: KnowledgeBase, settings: Settings) -> int:
    """Socket Mode: no public URL, Slack's events arrive over a WebSocket opened with the app token."""
    if not (settings.slack_bot_token and settings.slack_app_token):
        print("error: Socket Mode needs SLACK_BOT_TOKEN and SLACK_APP_TOKEN", file=sys.stderr)
        return 2
    try:
        app = build_app(kb, settings)
        handler = SocketModeHandler(app, settings.slack_app_token)
    except Exception as exc:
        log.error("slack: could not start Socket Mode: %s", exc)
        print(f"error: could not start Slack Socket Mode: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    try:
        handler.connect()  # type: ignore[no-untyped-call]
        print("Slack Socket Mode: connected; Ctrl-C to stop", file=sys.stderr)
        stopped = threading.Event()
        with stop_on_sigterm(stopped.set):
            stopped.wait()
    except KeyboardInterrupt:
        pass
    except Exception as exc:
        log.error("slack: Socket Mode connection failed: %s", exc)
        print(f"error: Slack Socket Mode connection failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    finally:
        handler.close()  # type: ignore[no-untyped-call]
        kb.close()
    return 0
