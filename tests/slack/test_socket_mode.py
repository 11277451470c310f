"""Socket Mode: ``run_socket_mode`` talks only to the configured Web API and reports a refused connection."""

from __future__ import annotations

import pytest

from bot.config import Settings
from bot.core.service import KnowledgeBase
from bot.slack.socket_mode import run_socket_mode
from tests.slack.harness import APP_TOKEN, BOT_TOKEN, StubSlack


def test_socket_mode_talks_only_to_the_configured_api(stub: StubSlack, kb: KnowledgeBase,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    stub.failures["apps.connections.open"] = "invalid_auth"
    settings = Settings(slack_bot_token=BOT_TOKEN, slack_app_token=APP_TOKEN, slack_api_url=f"{stub.url}/api/")
    assert run_socket_mode(kb, settings) == 1
    assert [c.method for c in stub.calls] == ["auth.test", "apps.connections.open"]
    assert stub.calls[1].headers["Authorization"] == f"Bearer {APP_TOKEN}"
    err = capsys.readouterr().err
    assert "invalid_auth" in err and APP_TOKEN not in err


def test_socket_mode_needs_both_tokens(kb: KnowledgeBase, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_socket_mode(kb, Settings(slack_bot_token=BOT_TOKEN)) == 2
    assert "SLACK_APP_TOKEN" in capsys.readouterr().err
