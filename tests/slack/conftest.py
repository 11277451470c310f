"""Fixtures of the Slack tests: the stub Web API, the app in HTTP mode on 127.0.0.1:0, and logging put back."""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

import pytest

from bot.config import Settings
from bot.core.service import KnowledgeBase
from bot.slack.http import make_server
from tests.slack.harness import BOT_TOKEN, SIGNING_SECRET, SlackHarness, StubSlack


@pytest.fixture
def stub() -> Iterator[StubSlack]:
    server = StubSlack().start()
    yield server
    server.stop()


def settings_for(stub: StubSlack, **overrides: Any) -> Settings:
    """HTTP-mode settings pointed at the stub, with rate limits out of the way unless overridden."""
    base = Settings(slack_bot_token=BOT_TOKEN, slack_signing_secret=SIGNING_SECRET, slack_api_url=f"{stub.url}/api/",
                    user_rate=1000, channel_rate=1000)
    return replace(base, **overrides)


@pytest.fixture
def start_app(stub: StubSlack, kb: KnowledgeBase) -> Iterator[Callable[..., SlackHarness]]:
    """Start the app with these settings overrides; every server started is stopped after the test."""
    servers = []

    def start(**overrides: Any) -> SlackHarness:
        server = make_server(kb, settings_for(stub, **overrides), host="127.0.0.1", port=0)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return SlackHarness(stub, f"http://127.0.0.1:{server.server_address[1]}", kb)

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture
def slack(start_app: Callable[..., SlackHarness]) -> SlackHarness:
    return start_app()


@pytest.fixture
def restore_logging() -> Iterator[None]:
    """Undo what ``python -m bot``'s in-process ``main`` does to global logging (handlers on pytest's streams)."""
    root = logging.getLogger()
    handlers, level, factory = list(root.handlers), root.level, logging.getLogRecordFactory()
    hooks = (sys.excepthook, threading.excepthook)
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    logging.setLogRecordFactory(factory)
    sys.excepthook, threading.excepthook = hooks
    logging.captureWarnings(False)
