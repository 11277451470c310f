"""HTTP mode refuses junk without a 500 or a traceback, runs a replayed request once, and keeps paths private.

Unsigned (or unverifiable) junk gets 401 before its body is read; signed junk
gets 400; neither reaches a listener or leaves a traceback in the logs.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable

import pytest
from slack_sdk.signature import SignatureVerifier

from bot.core.service import KnowledgeBase
from bot.slack.http import make_server
from tests.slack.conftest import settings_for
from tests.slack.harness import FORM, SIGNING_SECRET, WAIT, Response, SlackHarness, StubSlack

JSON = "application/json"


def post_raw(harness: SlackHarness, body: str, content_type: str, headers: dict[str, str]) -> Response:
    request = urllib.request.Request(f"{harness.url}/slack/events", data=body.encode(), method="POST",
                                     headers={"Content-Type": content_type, **headers})
    try:
        with urllib.request.urlopen(request, timeout=WAIT) as resp:
            return Response(resp.status, resp.read().decode())
    except urllib.error.HTTPError as err:
        return Response(err.code, err.read().decode())


def signed_headers(body: str, timestamp: str) -> dict[str, str]:
    signature = SignatureVerifier(SIGNING_SECRET).generate_signature(timestamp=timestamp, body=body)
    return {"X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": signature}


@pytest.fixture
def quiet_logs(caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]) -> Callable[[], None]:
    """A check that nothing was logged at ERROR, no record carried a traceback, and stderr shows none."""
    caplog.set_level(logging.DEBUG)

    def check() -> None:
        loud = [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info or r.exc_text]
        assert not loud, [(r.name, r.getMessage()) for r in loud]
        assert "Traceback" not in capfd.readouterr().err

    return check


BAD_TIMESTAMPS = ["abc", "nan", "1e3", "", " 1", "-1", "9" * 400, "1700000000³"]
JUNK_BODIES = [
    ("{not json", JSON), ("[1,2]", JSON), ("null", JSON), ('"text"', JSON), ("{", FORM),
    ("payload={not json", FORM), ("payload=[1,2]", FORM), ("payload=null", FORM), ("payload=%22x%22", FORM),
]


@pytest.mark.parametrize("timestamp", BAD_TIMESTAMPS)
def test_a_timestamp_that_is_not_a_time_gets_401(slack: SlackHarness, timestamp: str,
                                                 quiet_logs: Callable[[], None]) -> None:
    body = slack.command_body("europe", user="U1", channel="C1", response_id=uuid.uuid4().hex)
    # Signed over that very timestamp: the signature matches, but a request that is not dated is not fresh.
    assert post_raw(slack, body, FORM, signed_headers(body, timestamp)).status == 401
    quiet_logs()


@pytest.mark.parametrize(("body", "content_type"), JUNK_BODIES)
def test_junk_gets_401_unsigned_and_400_signed(slack: SlackHarness, body: str, content_type: str,
                                               quiet_logs: Callable[[], None]) -> None:
    assert post_raw(slack, body, content_type, {}).status == 401
    assert post_raw(slack, body, content_type, {"X-Slack-Signature": "v0=ÿ", "X-Slack-Request-Timestamp": "1"}
                    ).status == 401
    response = post_raw(slack, body, content_type, signed_headers(body, str(int(time.time()))))
    assert response.status == 400 and json.loads(response.body) == {"error": "not a Slack request"}
    assert [c.method for c in slack.stub.calls] == ["auth.test"], "nothing reached a listener"
    quiet_logs()


def test_a_signed_object_of_the_wrong_shape_gets_400_without_a_traceback(
        slack: SlackHarness, caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]) -> None:
    caplog.set_level(logging.DEBUG)
    for body in ('{"authorizations": 5}', '{"type": "block_actions", "user": "x", "actions": 3}',
                 'payload={"type": "view_submission", "view": 7, "user": []}'):
        response = post_raw(slack, body, FORM if body.startswith("payload") else JSON,
                            signed_headers(body, str(int(time.time()))))
        assert response.status in (200, 400, 404), response
    assert not [r for r in caplog.records if r.exc_info or r.exc_text]
    assert "Traceback" not in capfd.readouterr().err


# -- replays ---------------------------------------------------------------------------------------------


def test_a_replayed_request_is_acknowledged_and_not_run_again(slack: SlackHarness) -> None:
    rid = uuid.uuid4().hex
    body = slack.command_body("europe", user="U1", channel="C1", response_id=rid)
    headers = signed_headers(body, str(int(time.time())))
    assert post_raw(slack, body, FORM, headers).status == 200
    slack.reply_to(rid)
    replay = post_raw(slack, body, FORM, headers)
    assert replay.status == 200 and replay.body == ""
    slack.command("help")  # answered after the replay, so the replay had its chance to post first
    assert len([c for c in slack.stub.calls if c.body.get("_path") == f"/response/{rid}"]) == 1


def test_a_request_replayed_to_another_worker_is_not_run_again(slack: SlackHarness, stub: StubSlack,
                                                               kb: KnowledgeBase) -> None:
    assert kb.store.path is not None
    other_kb = KnowledgeBase.open(kb.store.path)  # a second worker: its own connections to the same file
    server = make_server(other_kb, settings_for(stub), host="127.0.0.1", port=0)
    try:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        other = SlackHarness(stub, f"http://127.0.0.1:{server.server_address[1]}", other_kb)
        rid = uuid.uuid4().hex
        body = slack.command_body("europe", user="U1", channel="C1", response_id=rid)
        headers = signed_headers(body, str(int(time.time())))
        assert post_raw(slack, body, FORM, headers).status == 200
        slack.reply_to(rid)
        assert post_raw(other, body, FORM, headers).status == 200
        other.command("help")
        assert len([c for c in stub.calls if c.body.get("_path") == f"/response/{rid}"]) == 1
    finally:
        server.shutdown()
        server.server_close()
        other_kb.close()


# -- /healthz --------------------------------------------------------------------------------------------


def test_healthz_names_the_database_file_but_not_where_it_is(slack: SlackHarness, kb: KnowledgeBase) -> None:
    assert kb.store.path is not None
    health = slack.get("/healthz")
    assert health.status == 200
    assert str(kb.store.path.parent) not in health.body
    checks = {c["name"]: c for c in json.loads(health.body)["checks"]}
    assert checks["database"]["detail"] == kb.store.path.name


def test_a_body_that_is_not_utf8_gets_401_unsigned_and_400_signed(slack: SlackHarness,
                                                                   quiet_logs: Callable[[], None]) -> None:
    body = b"command=%2Fnvidia&text=\xff\xfe"
    timestamp = str(int(time.time()))

    def post(headers: dict[str, str]) -> int:
        request = urllib.request.Request(f"{slack.url}/slack/events", data=body, method="POST",
                                         headers={"Content-Type": FORM, **headers})
        try:
            with urllib.request.urlopen(request, timeout=WAIT) as resp:
                return int(resp.status)
        except urllib.error.HTTPError as err:
            return int(err.code)

    signature = "v0=" + hmac.new(SIGNING_SECRET.encode(), f"v0:{timestamp}:".encode() + body,
                                 hashlib.sha256).hexdigest()
    assert post({}) == 401
    assert post({"X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": "v0=" + "0" * 64}) == 401
    assert post({"X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": signature}) == 400
    quiet_logs()
