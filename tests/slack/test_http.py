"""HTTP mode: the WSGI app's routes, body limits, request signatures, and ``run_http`` refusing a bad token."""

from __future__ import annotations

import json
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

import pytest

from bot.config import Settings
from bot.core.service import KnowledgeBase
from bot.slack.http import run_http
from tests.slack.harness import BOT_TOKEN, FORM, SIGNING_SECRET, WAIT, SlackHarness, StubSlack, sign


def test_app_starts_against_the_stub_with_auth_test_only(slack: SlackHarness) -> None:
    assert [c.method for c in slack.stub.calls] == ["auth.test"]
    assert slack.stub.calls[0].headers["Authorization"] == f"Bearer {BOT_TOKEN}"


def test_healthz_and_unknown_paths(slack: SlackHarness) -> None:
    health = slack.get("/healthz")
    assert health.status == 200 and json.loads(health.body)["ok"] is True
    assert slack.get("/slack/events").status == 404
    assert slack.get("/elsewhere").status == 404


def test_healthz_fails_when_the_database_is_gone(slack: SlackHarness) -> None:
    slack.kb.close()
    health = slack.get("/healthz")
    assert health.status == 503 and json.loads(health.body)["ok"] is False


def test_oversized_and_unsigned_non_utf8_bodies_are_refused(slack: SlackHarness) -> None:
    host, port = urllib.parse.urlsplit(slack.url).netloc.split(":")
    with socket.create_connection((host, int(port)), timeout=WAIT) as conn:  # declares 2 MB, sends none
        conn.sendall(b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000\r\n\r\n")
        assert conn.recv(100).split(b" ", 2)[1] == b"413"
    request = urllib.request.Request(f"{slack.url}/slack/events", data=b"\xff\xfe", method="POST",
                                     headers={"Content-Type": "application/json"})
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(request, timeout=WAIT)
    assert err.value.code == 401, "unsigned junk is refused as unsigned, whatever its bytes"


def test_url_verification_challenge(slack: SlackHarness) -> None:
    body = json.dumps({"token": "legacy", "challenge": "c-123", "type": "url_verification"})
    response = slack.post(body, "application/json")
    assert response.status == 200 and "c-123" in response.body


# -- request signatures -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "how", ["bad signature", "missing signature", "old timestamp", "signed with another secret", "body changed"]
)
def test_unsigned_or_stale_requests_get_401_and_no_answer(slack: SlackHarness, how: str) -> None:
    rid = uuid.uuid4().hex
    body = slack.command_body("europe", user="U1", channel="C1", response_id=rid)
    if how == "bad signature":
        response = slack.post(body, FORM, signature="v0=" + "0" * 64)
    elif how == "missing signature":
        response = slack.post(body, FORM, signature=None)
    elif how == "old timestamp":
        response = slack.post(body, FORM, timestamp=int(time.time()) - 5 * 60 - 30)
    elif how == "signed with another secret":
        ts = int(time.time())
        response = slack.post(body, FORM, timestamp=ts, signature=sign(body, ts, "f" * 32))
    else:
        ts = int(time.time())
        response = slack.post(body.replace("europe", "topics"), FORM, timestamp=ts, signature=sign(body, ts))
    assert response.status == 401
    # A signed request afterwards is answered; the rejected one never reaches the stub.
    slack.command("help")
    assert not [c for c in slack.stub.calls if c.body.get("_path") == f"/response/{rid}"]
    assert [c.method for c in slack.stub.calls] == ["auth.test", "response_url"]


# -- run_http ---------------------------------------------------------------------------------------------


def test_run_http_reports_a_rejected_token_without_a_traceback(stub: StubSlack, kb: KnowledgeBase,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    stub.failures["auth.test"] = "invalid_auth"
    settings = Settings(slack_bot_token=BOT_TOKEN, slack_signing_secret=SIGNING_SECRET,
                        slack_api_url=f"{stub.url}/api/")
    assert run_http(kb, settings, port=0, host="127.0.0.1") == 1
    err = capsys.readouterr().err
    assert BOT_TOKEN not in err
    ours = [line for line in err.splitlines() if line.startswith("error:")]  # not other tests' stray log handlers
    assert ours == ["error: could not start Slack HTTP mode: BoltError: `token` is invalid "
                    "(auth.test result: {'ok': False, 'error': 'invalid_auth'})"]
