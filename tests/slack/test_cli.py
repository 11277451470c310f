"""``python -m bot slack ...``: the manifest, and HTTP mode started from the command line."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import yaml

from bot.cli import main as cli_main
from bot.cli.slack import manifest
from bot.core.service import KnowledgeBase
from tests.slack.checks import check_message
from tests.slack.harness import BOT_TOKEN, SIGNING_SECRET, WAIT, SlackHarness, StubSlack

ROOT = Path(__file__).resolve().parents[2]


def cli_env(stub: StubSlack, db: Path) -> dict[str, str]:
    """A clean environment for a child process: only the stub's URL and test secrets."""
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DISCORD_", "BOT_"))}
    return {**keep, "SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": f"{stub.url}/api/", "BOT_DB": str(db), "PYTHONPATH": str(ROOT)}


@pytest.mark.usefixtures("restore_logging")
def test_manifest_declares_the_command_scopes_and_events(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["slack", "manifest"]) == 0
    text = capsys.readouterr().out
    data = yaml.safe_load(text)
    command = data["features"]["slash_commands"][0]
    assert command["command"] == "/nvidia" and "question" in command["usage_hint"]
    assert set(data["oauth_config"]["scopes"]["bot"]) == {
        "commands", "chat:write", "app_mentions:read", "im:history", "im:read", "im:write", "usergroups:read"}
    assert data["settings"]["event_subscriptions"]["bot_events"] == ["app_mention", "message.im"]
    assert data["settings"]["interactivity"]["is_enabled"] is True
    assert data["settings"]["socket_mode_enabled"] is True
    assert "https://YOUR-HOST/slack/events" in text and data["features"]["app_home"]["messages_tab_enabled"]


@pytest.mark.usefixtures("restore_logging")
def test_http_manifest_sets_every_request_url() -> None:
    url = "https://bot.example.org/slack/events"
    data = yaml.safe_load(manifest(url))
    assert data["settings"]["socket_mode_enabled"] is False
    assert data["features"]["slash_commands"][0]["url"] == url
    assert data["settings"]["event_subscriptions"]["request_url"] == url
    assert data["settings"]["interactivity"]["request_url"] == url
    assert cli_main(["slack", "manifest", "--request-url", "http://insecure"]) == 2


@pytest.mark.slow
def test_cli_serve_runs_http_mode_until_interrupted(stub: StubSlack, db_path: Path, tmp_path: Path) -> None:
    proc = subprocess.Popen([sys.executable, "-m", "bot", "slack", "serve", "--port", "0", "--host", "127.0.0.1"],
                            cwd=tmp_path, env=cli_env(stub, db_path), stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stderr is not None
        seen = []
        for line in proc.stderr:  # log lines may come first
            seen.append(line)
            if "Slack HTTP mode: http://127.0.0.1:" in line:
                break
        assert "Slack HTTP mode: http://127.0.0.1:" in line, seen
        threading.Thread(target=proc.stderr.read, daemon=True).start()
        port = int(line.split("http://127.0.0.1:", 1)[1].split("/", 1)[0])
        kb = KnowledgeBase.open(db_path)
        harness = SlackHarness(stub, f"http://127.0.0.1:{port}", kb)
        assert harness.get("/healthz").status == 200
        _, reply = harness.command("europe")
        check_message(reply)
        kb.close()
    finally:
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=WAIT) == 0


@pytest.mark.usefixtures("restore_logging")
def test_serve_refuses_to_start_without_a_signing_secret(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "DISCORD_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)
    assert cli_main(["slack", "serve", "--port", "0"]) == 2
    assert "SLACK_SIGNING_SECRET" in capsys.readouterr().err
