"""Socket Mode against a stub Socket Mode server: every envelope acked in time, reconnects included; clean stops.

``StubSocketMode`` is a real WebSocket server on 127.0.0.1 (port 0) that the
stub Web API's ``apps.connections.open`` points at. Slack's deadline for an
ack is 3 seconds, a correctness contract, so it is the one time these tests
check: every envelope must be acked before it, including one sent on a new
connection right after its ``hello``, following a ``disconnect``.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.config import Settings
from bot.core.service import KnowledgeBase
from bot.slack.app import build_app
from bot.slack.socket_mode import SocketModeService, run_socket_mode
from tests.slack.checks import check_message
from tests.slack.harness import APP_TOKEN, BOT_TOKEN, WAIT, StubSlack
from tests.slack.socket_stub import ACK_DEADLINE, StubSocketMode, slash_command
from tests.slack.test_cli import cli_env

RECONNECTS = 3


@pytest.fixture
def socket_stub(stub: StubSlack) -> Iterator[StubSocketMode]:
    server = StubSocketMode().start()
    stub.socket_url = server.url
    yield server
    server.stop()


def socket_settings(stub: StubSlack) -> Settings:
    return Settings(slack_bot_token=BOT_TOKEN, slack_app_token=APP_TOKEN, slack_api_url=f"{stub.url}/api/",
                    user_rate=1000, channel_rate=1000)


@pytest.fixture
def service(stub: StubSlack, socket_stub: StubSocketMode, kb: KnowledgeBase) -> Iterator[SocketModeService]:
    """The app connected to the stub in Socket Mode, on a thread of its own, stopped after the test."""
    settings = socket_settings(stub)
    running = SocketModeService(build_app(kb, settings), settings)
    results: list[int] = []
    thread = threading.Thread(target=lambda: results.append(running.run()), name="socket-mode", daemon=True)
    thread.start()
    socket_stub.wait_connections(1)
    yield running
    running.stop()
    thread.join(WAIT)
    assert results == [0]


def command(stub: StubSlack, text: str) -> tuple[dict[str, object], str]:
    rid = uuid.uuid4().hex
    return slash_command(text, f"{stub.url}/response/{rid}"), rid


def answer_to(stub: StubSlack, rid: str) -> dict[str, object]:
    return stub.wait_for(lambda c: c.body.get("_path") == f"/response/{rid}")[0].body


def test_every_envelope_is_acked_before_the_deadline_and_answered(
        service: SocketModeService, stub: StubSlack, socket_stub: StubSocketMode) -> None:
    for text in ("topics", "europe", "help", "how many chips for mistral compute?"):
        envelope, rid = command(stub, text)
        acked = socket_stub.ack_of(socket_stub.send(envelope))
        assert acked.latency is not None and acked.latency < ACK_DEADLINE, f"{text!r} acked after the 3 s deadline"
        check_message(answer_to(stub, rid))


def test_an_envelope_right_after_a_reconnect_is_acked_before_the_deadline(
        service: SocketModeService, stub: StubSlack, socket_stub: StubSocketMode) -> None:
    for n in range(1, RECONNECTS + 1):
        envelope, rid = command(stub, "topics")
        acked = socket_stub.ack_of(socket_stub.refresh_then_send(envelope))
        assert acked.connection == n, "sent on the new connection, right after its hello"
        assert acked.latency is not None and acked.latency < ACK_DEADLINE, (
            f"acked {acked.latency:.2f} s after it was sent on a new connection: past Slack's 3 s deadline")
        check_message(answer_to(stub, rid))
    socket_stub.wait(lambda: set(range(RECONNECTS)) <= set(socket_stub.closed), "the app to close old connections")
    assert len(stub.made("apps.connections.open")) == RECONNECTS + 1


def test_stop_closes_the_connection_cleanly(stub: StubSlack, socket_stub: StubSocketMode,
                                            kb: KnowledgeBase) -> None:
    settings = socket_settings(stub)
    running = SocketModeService(build_app(kb, settings), settings)
    results: list[int] = []
    thread = threading.Thread(target=lambda: results.append(running.run()), daemon=True)
    thread.start()
    socket_stub.wait_connections(1)
    running.stop()
    thread.join(WAIT)
    assert not thread.is_alive() and results == [0]
    # The stub records the close frame on its own loop: wait for it there (a close that never comes, or a
    # connection dropped without one, fails here), not on the order two threads happen to run in.
    assert socket_stub.wait_closed(1) == [0]
    assert socket_stub.close_codes == {0: 1000}, "a normal close (code 1000)"


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


@pytest.mark.slow
def test_sigterm_right_after_connecting_closes_the_connection_and_exits_cleanly(
        stub: StubSlack, socket_stub: StubSocketMode, db_path: Path, tmp_path: Path) -> None:
    env = {**cli_env(stub, db_path), "SLACK_APP_TOKEN": APP_TOKEN}
    proc = subprocess.Popen([sys.executable, "-m", "bot", "slack", "socket"], cwd=tmp_path, env=env,
                            stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stderr is not None
        seen = []
        for line in proc.stderr:  # log lines may come first
            seen.append(line)
            if "Slack Socket Mode: connected" in line:
                break
        assert "connected" in seen[-1], seen
        proc.send_signal(signal.SIGTERM)  # at once: the handler is in place before the connection opens
        rest = proc.stderr.read()
        assert proc.wait(timeout=WAIT) == 0, rest
        assert "Traceback" not in rest
        assert socket_stub.wait_closed(1) == [0] and socket_stub.close_codes == {0: 1000}
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
