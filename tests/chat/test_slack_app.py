"""The Slack app over real HTTP on 127.0.0.1: signed requests in, Web API calls to a local stub out.

Nothing here can reach Slack: the app's ``SLACK_API_URL`` and every
``response_url`` point at ``StubSlack``, an ``http.server`` that records each
call. Waits are on a condition with a timeout, never sleeps.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml
from slack_sdk.signature import SignatureVerifier

from bot.chat.render_slack import ACTION_FEEDBACK, ACTION_SUGGEST, suggestion_value
from bot.chat.slack_app import APOLOGY, run_http, run_socket_mode
from bot.chat.slack_wsgi import make_server
from bot.cli import main as cli_main
from bot.cli.slack import manifest
from bot.config import Settings
from bot.core.models import Match
from bot.core.service import KnowledgeBase, answer_key
from tests.chat.slack_checks import check_message

ROOT = Path(__file__).resolve().parents[2]
SIGNING_SECRET = "5ec2e75ec2e75ec2e75ec2e75ec2e7ab"
BOT_TOKEN = "xoxb-111-222-secrettokenvalue"
APP_TOKEN = "xapp-1-A1-333-secretappvalue"
BOT_USER = "UBOT"
WAIT = 10.0
HOSTILE = "<!channel> <!here> <@U123> <#C1|general> <https://evil.example|click here> &amp; *bold* ~x~ `code`"


# -- a local Slack Web API ------------------------------------------------------------------------------


@dataclass
class Call:
    """One request the app made: a Web API method or a response_url POST."""

    method: str
    body: dict[str, Any]
    headers: dict[str, str]


@dataclass
class StubSlack:
    """Answers auth.test, chat.postMessage, chat.postEphemeral, views.open and response_url POSTs."""

    calls: list[Call] = field(default_factory=list)
    failures: dict[str, str] = field(default_factory=dict)
    """Web API method -> error code to answer it with (``ok: false``)."""
    changed: threading.Condition = field(default_factory=threading.Condition)

    def start(self) -> StubSlack:
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
                if "json" in (self.headers.get("Content-Type") or ""):
                    body = json.loads(raw) if raw else {}
                else:
                    body = {k: v[0] for k, v in urllib.parse.parse_qs(raw).items()}
                path = self.path.split("?", 1)[0]
                method = "response_url" if path.startswith("/response/") else path.rsplit("/", 1)[-1]
                if method == "response_url":
                    body["_path"] = path
                stub.record(Call(method, body, dict(self.headers)))
                if method == "response_url":
                    self.reply(200, b"ok", "text/plain")
                else:
                    self.reply(200, json.dumps(stub.answer(method, body)).encode(), "application/json")

            def reply(self, status: int, data: bytes, content_type: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def answer(self, method: str, body: dict[str, Any]) -> dict[str, Any]:
        if method in self.failures:
            return {"ok": False, "error": self.failures[method]}
        if method == "auth.test":
            return {"ok": True, "url": "https://test.slack.com/", "team": "Test", "user": "nvidia", "team_id": "T1",
                    "user_id": BOT_USER, "bot_id": "BBOT", "is_enterprise_install": False}
        if method == "chat.postMessage":
            return {"ok": True, "channel": body.get("channel"), "ts": f"{time.time():.6f}", "message": {}}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": f"{time.time():.6f}"}
        if method == "views.open":
            return {"ok": True, "view": {"id": "V1"}}
        return {"ok": False, "error": "unknown_method"}

    def record(self, call: Call) -> None:
        with self.changed:
            self.calls.append(call)
            self.changed.notify_all()

    def wait_for(self, predicate: Callable[[Call], bool], count: int = 1, timeout: float = WAIT) -> list[Call]:
        """The calls matching ``predicate`` once there are ``count`` of them (fails after ``timeout``)."""
        with self.changed:
            ok = self.changed.wait_for(lambda: len([c for c in self.calls if predicate(c)]) >= count, timeout)
            found = [c for c in self.calls if predicate(c)]
        assert ok, f"expected {count} matching call(s), got {len(found)}: {[c.method for c in self.calls]}"
        return found

    def made(self, method: str) -> list[Call]:
        with self.changed:
            return [c for c in self.calls if c.method == method]


# -- the app under test, and a client that signs like Slack ----------------------------------------------


@dataclass
class Response:
    status: int
    body: str
    elapsed: float


@dataclass
class SlackHarness:
    """The Bolt app in HTTP mode on 127.0.0.1:0, and helpers that send Slack's three kinds of request."""

    stub: StubSlack
    url: str
    kb: KnowledgeBase

    def post(self, body: str, content_type: str, *, timestamp: int | None = None, signature: str | None = "auto",
             headers: dict[str, str] | None = None) -> Response:
        ts = int(time.time()) if timestamp is None else timestamp
        sent = {"Content-Type": content_type, **(headers or {})}
        if signature is not None:
            sent["X-Slack-Request-Timestamp"] = str(ts)
            sent["X-Slack-Signature"] = (
                SignatureVerifier(SIGNING_SECRET).generate_signature(timestamp=str(ts), body=body)
                if signature == "auto" else signature
            )
        request = urllib.request.Request(f"{self.url}/slack/events", data=body.encode(), headers=sent, method="POST")
        start = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=WAIT) as resp:
                return Response(resp.status, resp.read().decode(), time.perf_counter() - start)
        except urllib.error.HTTPError as err:
            return Response(err.code, err.read().decode(), time.perf_counter() - start)

    def get(self, path: str) -> Response:
        start = time.perf_counter()
        try:
            with urllib.request.urlopen(f"{self.url}{path}", timeout=WAIT) as resp:
                return Response(resp.status, resp.read().decode(), time.perf_counter() - start)
        except urllib.error.HTTPError as err:
            return Response(err.code, err.read().decode(), time.perf_counter() - start)

    def command_body(self, text: str, *, user: str, channel: str, response_id: str) -> str:
        return urllib.parse.urlencode({
            "token": "legacy", "team_id": "T1", "team_domain": "test", "channel_id": channel,
            "channel_name": "general", "user_id": user, "user_name": "ann", "command": "/nvidia", "text": text,
            "api_app_id": "A1", "response_url": f"{self.stub.url}/response/{response_id}", "trigger_id": "1.2.3",
        })

    def command(self, text: str, *, user: str = "U1", channel: str = "C1") -> tuple[Response, dict[str, Any]]:
        """Run ``/nvidia text``; return the ack and the reply posted to the response_url."""
        rid = uuid.uuid4().hex
        ack = self.post(self.command_body(text, user=user, channel=channel, response_id=rid),
                        "application/x-www-form-urlencoded")
        assert ack.status == 200, ack
        reply = self.stub.wait_for(lambda c: c.body.get("_path") == f"/response/{rid}")[0].body
        return ack, reply

    def event(self, event: dict[str, Any], *, event_id: str | None = None,
              headers: dict[str, str] | None = None) -> Response:
        body = json.dumps({
            "token": "legacy", "team_id": "T1", "api_app_id": "A1", "type": "event_callback",
            "event_id": event_id or f"Ev{uuid.uuid4().hex}", "event_time": int(time.time()), "event": event,
            "authorizations": [{"team_id": "T1", "user_id": BOT_USER, "is_bot": True}],
        })
        response = self.post(body, "application/json", headers=headers)
        assert response.status == 200, response
        return response

    def click(self, action_id: str, value: str, *, user: str = "U1", channel: str = "C1",
              thread_ts: str | None = None) -> dict[str, Any]:
        """Press a button; return what the app posted to the response_url."""
        rid = uuid.uuid4().hex
        message: dict[str, Any] = {"type": "message", "ts": "1700000000.000200", "text": "answer"}
        if thread_ts:
            message["thread_ts"] = thread_ts
        payload = {
            "type": "block_actions", "api_app_id": "A1", "token": "legacy", "trigger_id": "1.2.3",
            "user": {"id": user, "username": "ann", "team_id": "T1"}, "team": {"id": "T1", "domain": "test"},
            "channel": {"id": channel, "name": "general"},
            "container": {"type": "message", "message_ts": message["ts"], "channel_id": channel,
                          "is_ephemeral": False},
            "message": message, "response_url": f"{self.stub.url}/response/{rid}",
            "actions": [{"type": "button", "action_id": action_id, "block_id": "b1", "value": value,
                         "action_ts": f"{time.time():.6f}", "text": {"type": "plain_text", "text": "x"}}],
        }
        response = self.post(urllib.parse.urlencode({"payload": json.dumps(payload)}),
                             "application/x-www-form-urlencoded")
        assert response.status == 200, response
        return self.stub.wait_for(lambda c: c.body.get("_path") == f"/response/{rid}")[0].body


def mention(text: str, *, ts: str = "1700000000.000100", channel: str = "C1", user: str = "U1",
            **extra: Any) -> dict[str, Any]:
    return {"type": "app_mention", "user": user, "text": f"<@{BOT_USER}> {text}", "ts": ts, "channel": channel,
            "event_ts": ts, **extra}


def dm(text: str, *, ts: str = "1700000000.000300", user: str = "U1", **extra: Any) -> dict[str, Any]:
    return {"type": "message", "channel_type": "im", "user": user, "text": text, "ts": ts, "channel": "D1",
            "event_ts": ts, **extra}


def section_texts(payload: dict[str, Any]) -> list[str]:
    return [b["text"]["text"] for b in payload.get("blocks", []) if b["type"] == "section"]


def context_texts(payload: dict[str, Any]) -> list[str]:
    return [e["text"] for b in payload.get("blocks", []) if b["type"] == "context" for e in b["elements"]]


def buttons(payload: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for b in payload.get("blocks", []) if b["type"] == "actions" for e in b["elements"]]


def escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@pytest.fixture
def stub() -> Iterator[StubSlack]:
    server = StubSlack().start()
    yield server
    server.stop()


@pytest.fixture
def start_app(stub: StubSlack, kb: KnowledgeBase) -> Iterator[Callable[..., SlackHarness]]:
    """Start the app with these settings overrides; every server started is stopped after the test."""
    servers = []

    def start(**overrides: Any) -> SlackHarness:
        settings = replace(
            Settings(slack_bot_token=BOT_TOKEN, slack_signing_secret=SIGNING_SECRET, slack_api_url=f"{stub.url}/api/",
                     user_rate=1000, channel_rate=1000),
            **overrides,
        )
        server = make_server(kb, settings, host="127.0.0.1", port=0)
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


def first_faq(kb: KnowledgeBase) -> tuple[str, str, str]:
    """(id, question, answer) of the first FAQ entry, whatever the data says today."""
    entry = kb.answers.data.faq[0]
    return entry.id, entry.question, entry.answer


# -- start-up --------------------------------------------------------------------------------------------


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


def test_oversized_and_non_utf8_bodies_are_refused(slack: SlackHarness) -> None:
    host, port = urllib.parse.urlsplit(slack.url).netloc.split(":")
    with socket.create_connection((host, int(port)), timeout=WAIT) as conn:  # declares 2 MB, sends none
        conn.sendall(b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000\r\n\r\n")
        assert conn.recv(100).startswith(b"HTTP/1.0 413")
    request = urllib.request.Request(f"{slack.url}/slack/events", data=b"\xff\xfe", method="POST",
                                     headers={"Content-Type": "application/json"})
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(request, timeout=WAIT)
    assert err.value.code == 400


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
    content = "application/x-www-form-urlencoded"
    if how == "bad signature":
        response = slack.post(body, content, signature="v0=" + "0" * 64)
    elif how == "missing signature":
        response = slack.post(body, content, signature=None)
    elif how == "old timestamp":
        response = slack.post(body, content, timestamp=int(time.time()) - 5 * 60 - 30)
    elif how == "signed with another secret":
        ts = int(time.time())
        sig = SignatureVerifier("f" * 32).generate_signature(timestamp=str(ts), body=body)
        response = slack.post(body, content, timestamp=ts, signature=sig)
    else:
        ts = int(time.time())
        sig = SignatureVerifier(SIGNING_SECRET).generate_signature(timestamp=str(ts), body=body)
        response = slack.post(body.replace("europe", "topics"), content, timestamp=ts, signature=sig)
    assert response.status == 401
    # A signed request afterwards is answered; the rejected one never reaches the stub.
    slack.command("help")
    assert not [c for c in slack.stub.calls if c.body.get("_path") == f"/response/{rid}"]
    assert [c.method for c in slack.stub.calls] == ["auth.test", "response_url"]


# -- the slash command ------------------------------------------------------------------------------------------


def test_slash_command_acks_at_once_then_answers_in_channel(slack: SlackHarness) -> None:
    _, question, answer = first_faq(slack.kb)
    ack, reply = slack.command(f"ask {question}")
    assert ack.body == "" and ack.elapsed < 3.0
    assert reply["response_type"] == "in_channel" and reply["replace_original"] is False
    check_message(reply)
    assert escaped(answer) in section_texts(reply)
    contexts = context_texts(reply)
    assert any(t.startswith("Confidence: ") for t in contexts)
    assert any("“" in t and ("date unknown" in t or any(ch.isdigit() for ch in t)) for t in contexts)
    assert [b["action_id"] for b in buttons(reply)] == [f"{ACTION_FEEDBACK}:yes", f"{ACTION_FEEDBACK}:no"]


def test_plain_question_is_a_shortcut_for_ask(slack: SlackHarness) -> None:
    _, question, answer = first_faq(slack.kb)
    _, reply = slack.command(question)
    assert escaped(answer) in section_texts(reply)


def test_ack_latency_stays_far_below_three_seconds(slack: SlackHarness) -> None:
    _, question, _ = first_faq(slack.kb)
    latencies = sorted(slack.command(question, user=f"U{i}")[0].elapsed for i in range(20))
    median, worst = latencies[len(latencies) // 2], latencies[-1]
    print(f"ack latency over 20 slash commands: median {median * 1000:.1f} ms, max {worst * 1000:.1f} ms")
    assert worst < 1.0


def test_the_ack_does_not_wait_for_the_answer(slack: SlackHarness, monkeypatch: pytest.MonkeyPatch) -> None:
    """Even with every answering thread stuck, each request is acked at once; answers follow when freed."""
    release = threading.Event()
    real_ask = slack.kb.ask

    def slow_ask(question: str, **kwargs: Any) -> Any:
        assert release.wait(WAIT)
        return real_ask(question, **kwargs)

    monkeypatch.setattr(slack.kb, "ask", slow_ask)
    _, question, _ = first_faq(slack.kb)
    rids = [uuid.uuid4().hex for _ in range(40)]  # more than the listener threads
    acks: list[Response] = []

    def send(i: int) -> None:
        body = slack.command_body(question, user=f"U{i}", channel=f"C{i}", response_id=rids[i])
        acks.append(slack.post(body, "application/x-www-form-urlencoded"))

    senders = [threading.Thread(target=send, args=(i,)) for i in range(len(rids))]
    for t in senders:
        t.start()
    for t in senders:
        t.join(WAIT)
    assert len(acks) == len(rids) and all(a.status == 200 for a in acks)
    assert not slack.stub.made("response_url"), "no answer yet: the acks came first"
    print(f"ack latency with every answering thread busy: max {max(a.elapsed for a in acks) * 1000:.1f} ms")
    assert max(a.elapsed for a in acks) < 3.0
    release.set()
    answers = slack.stub.wait_for(lambda c: c.method == "response_url", count=len(rids))
    assert {c.body["_path"] for c in answers} == {f"/response/{r}" for r in rids}


@pytest.mark.parametrize("text", ["help", "", "fact", "ask", "fact no-such-topic-<!channel>"])
def test_help_and_errors_are_ephemeral(slack: SlackHarness, text: str) -> None:
    _, reply = slack.command(text)
    assert reply["response_type"] == "ephemeral"
    check_message(reply)


@pytest.mark.parametrize("text", ["europe", "topics", "sources"])
def test_listings_are_posted_in_channel(slack: SlackHarness, text: str) -> None:
    _, reply = slack.command(text)
    assert reply["response_type"] == "in_channel"
    check_message(reply)


def test_answers_can_be_configured_private(start_app: Callable[..., SlackHarness]) -> None:
    slack = start_app(answers_public=False)
    _, question, _ = first_faq(slack.kb)
    _, reply = slack.command(question)
    assert reply["response_type"] == "ephemeral"


def test_fact_command_answers_a_topic(slack: SlackHarness) -> None:
    topic = slack.kb.topics()[0].topic
    _, reply = slack.command(f"fact {topic.id}")
    check_message(reply)
    assert reply["response_type"] == "in_channel"
    assert len([t for t in context_texts(reply) if "“" in t]) >= 1


# -- mentions and DMs ------------------------------------------------------------------------------------------


def test_mention_is_answered_in_a_thread(slack: SlackHarness) -> None:
    _, question, answer = first_faq(slack.kb)
    slack.event(mention(question, ts="1700000000.000100"))
    call = slack.stub.wait_for(lambda c: c.method == "chat.postMessage")[0]
    assert call.body["channel"] == "C1" and call.body["thread_ts"] == "1700000000.000100"
    assert call.body["unfurl_links"] is False
    check_message(call.body)
    assert escaped(answer) in section_texts(call.body)
    assert BOT_USER not in json.dumps(call.body), "the bot's own mention is not part of the question"


def test_mention_inside_a_thread_stays_in_that_thread(slack: SlackHarness) -> None:
    slack.event(mention("topics", ts="1700000000.000900", thread_ts="1700000000.000001"))
    call = slack.stub.wait_for(lambda c: c.method == "chat.postMessage")[0]
    assert call.body["thread_ts"] == "1700000000.000001"


def test_mention_escapes_everything_and_triggers_no_mention(slack: SlackHarness) -> None:
    slack.event(mention(f"ask {HOSTILE}"))
    call = slack.stub.wait_for(lambda c: c.method == "chat.postMessage")[0]
    check_message(call.body)
    text = json.dumps(call.body, ensure_ascii=False)
    assert "<!channel>" not in text and "<@U123>" not in text and "<https://evil" not in text
    assert "@\u2060channel" in text, "the question is echoed with the broadcast defused"


def test_mention_help_is_private_in_the_thread(slack: SlackHarness) -> None:
    slack.event(mention("help", ts="1700000000.000555"))
    call = slack.stub.wait_for(lambda c: c.method == "chat.postEphemeral")[0]
    assert call.body["user"] == "U1" and call.body["thread_ts"] == "1700000000.000555"
    assert not slack.stub.made("chat.postMessage")


def test_mentions_answered_privately_when_configured(start_app: Callable[..., SlackHarness]) -> None:
    slack = start_app(answers_public=False)
    slack.event(mention("europe"))
    call = slack.stub.wait_for(lambda c: c.method == "chat.postEphemeral")[0]
    assert call.body["user"] == "U1"


def test_direct_message_is_answered_in_a_thread(slack: SlackHarness) -> None:
    _, question, answer = first_faq(slack.kb)
    slack.event(dm(question, ts="1700000000.000300"))
    call = slack.stub.wait_for(lambda c: c.method == "chat.postMessage")[0]
    assert call.body["channel"] == "D1" and call.body["thread_ts"] == "1700000000.000300"
    assert escaped(answer) in section_texts(call.body)


def test_bot_messages_and_edits_are_ignored_so_there_is_no_reply_loop(slack: SlackHarness) -> None:
    ignored = [
        dm("from another bot", bot_id="B2", ts="1.1"),
        dm("from a bot", subtype="bot_message", ts="1.2"),
        dm("our own reply", user=BOT_USER, ts="1.3"),
        dm("edited", subtype="message_changed", ts="1.4"),
        {**mention("hi", ts="1.5"), "bot_id": "B2"},
        {"type": "message", "channel_type": "channel", "user": "U1", "text": "hi", "ts": "1.6", "channel": "C1"},
    ]
    for event in ignored:
        slack.event(event)
    slack.event(dm("europe", ts="2.0"))  # a barrier: answered after every ignored event was handled
    posted = slack.stub.wait_for(lambda c: c.method.startswith("chat."))
    assert [c.body["thread_ts"] for c in posted] == ["2.0"]


def test_a_retried_event_is_answered_once(slack: SlackHarness) -> None:
    slack.event(mention("europe", ts="3.0"), event_id="Ev-same")
    slack.event(mention("europe", ts="3.0"), event_id="Ev-same", headers={"X-Slack-Retry-Num": "1"})
    slack.event(mention("topics", ts="4.0"))  # barrier
    posted = slack.stub.wait_for(lambda c: c.method == "chat.postMessage", count=2)
    assert sorted(c.body["thread_ts"] for c in posted) == ["3.0", "4.0"]


# -- buttons ---------------------------------------------------------------------------------------------------


def test_suggestion_button_answers_the_suggested_question(slack: SlackHarness) -> None:
    faq_id, question, answer = first_faq(slack.kb)
    reply = slack.click(f"{ACTION_SUGGEST}:0", suggestion_value(Match("faq", faq_id), question), thread_ts="9.9")
    check_message(reply)
    assert reply["response_type"] == "in_channel" and reply["thread_ts"] == "9.9"
    assert escaped(answer) in section_texts(reply)
    assert any(escaped(question) in t for t in context_texts(reply))


def test_unsure_reply_buttons_answer_when_pressed(slack: SlackHarness) -> None:
    # Mixing two subjects usually leaves the matcher torn between them; try a few such mixes.
    titles = [t.topic.title.split()[-1] for t in slack.kb.topics()]
    candidates = ["mistral chips germany", "uk cars telecom", *(f"{a} {b}" for a in titles[:6] for b in titles[-6:])]
    unsure = next((q for q in candidates if slack.kb.ask(q).status == "unsure"), None)
    if unsure is None:
        pytest.skip("no vague question gives an unsure answer with today's data")
    _, reply = slack.command(f"ask {unsure}")
    check_message(reply)
    offered = [b for b in buttons(reply) if b["action_id"].startswith(ACTION_SUGGEST)]
    assert offered
    answered = slack.click(offered[0]["action_id"], offered[0]["value"])
    check_message(answered)
    assert [b["action_id"] for b in buttons(answered)] == [f"{ACTION_FEEDBACK}:yes", f"{ACTION_FEEDBACK}:no"]


def test_topic_button_shows_the_topics_facts(slack: SlackHarness) -> None:
    _, listing = slack.command("topics")
    first = next(b["accessory"] for b in listing["blocks"] if "accessory" in b)
    reply = slack.click(first["action_id"], first["value"])
    check_message(reply)
    assert any("“" in t for t in context_texts(reply))


def test_a_foreign_button_value_gets_a_polite_private_reply(slack: SlackHarness) -> None:
    for action_id, value in [(f"{ACTION_SUGGEST}:0", "nonsense"), (f"{ACTION_SUGGEST}:0", '{"id": "gone-entry"}'),
                             (f"{ACTION_FEEDBACK}:yes", "{}")]:
        reply = slack.click(action_id, value)
        assert reply["response_type"] == "ephemeral"
        assert "no longer works" in reply["text"]


def test_feedback_is_recorded_once_per_user(slack: SlackHarness) -> None:
    _, question, _ = first_faq(slack.kb)
    _, reply = slack.command(question)
    yes, no = buttons(reply)
    first = slack.click(yes["action_id"], yes["value"], user="U1")
    again = slack.click(no["action_id"], no["value"], user="U1")
    other = slack.click(yes["action_id"], yes["value"], user="U2")
    assert first["response_type"] == again["response_type"] == "ephemeral"
    assert "Thanks" in first["text"] and "already voted" in again["text"] and "Thanks" in other["text"]
    key = answer_key(slack.kb.ask(question))
    rows = list(slack.kb.store.db.query("select helpful, platform from feedback where answer_key = ?", [key]))
    assert sorted(r["helpful"] for r in rows) == [0, 1], "U1's vote was updated, U2's added"
    assert {r["platform"] for r in rows} == {"slack"}


# -- limits, failures, hostile input -----------------------------------------------------------------------------


def test_rate_limit_per_user_is_friendly_and_private(start_app: Callable[..., SlackHarness]) -> None:
    slack = start_app(user_rate=2, channel_rate=100)
    assert slack.command("europe", user="U7")[1]["response_type"] == "in_channel"
    slack.command("europe", user="U7")
    _, refused = slack.command("europe", user="U7")
    assert refused["response_type"] == "ephemeral" and "Easy there" in refused["text"]
    assert slack.command("help", user="U7")[1]["response_type"] == "ephemeral", "help still works"
    assert "Easy there" not in slack.command("help", user="U7")[1]["text"]
    assert slack.command("europe", user="U8")[1]["response_type"] == "in_channel", "other users are not limited"


def test_rate_limit_per_channel(start_app: Callable[..., SlackHarness]) -> None:
    slack = start_app(user_rate=100, channel_rate=2)
    slack.command("europe", user="U1", channel="C9")
    slack.command("europe", user="U2", channel="C9")
    _, refused = slack.command("europe", user="U3", channel="C9")
    assert "this channel" in refused["text"]
    slack.event(mention("europe", user="U4", channel="C9"))
    call = slack.stub.wait_for(lambda c: c.method == "chat.postEphemeral")[0]
    assert "Easy there" in call.body["text"] and call.body["user"] == "U4"


def test_a_core_failure_is_logged_and_apologised_for(slack: SlackHarness, monkeypatch: pytest.MonkeyPatch,
                                                     caplog: pytest.LogCaptureFixture) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("database is on fire")

    monkeypatch.setattr(slack.kb, "ask", broken)
    with caplog.at_level(logging.DEBUG):
        _, reply = slack.command("ask anything at all")
    assert reply["response_type"] == "ephemeral" and reply["text"] == APOLOGY
    record = next(r for r in caplog.records if "slash command failed" in r.getMessage())
    assert record.exc_info and "database is on fire" in str(record.exc_info[1])


def test_a_slack_api_failure_is_logged_with_its_cause_and_no_token(
    slack: SlackHarness, caplog: pytest.LogCaptureFixture
) -> None:
    slack.stub.failures["chat.postMessage"] = "not_in_channel"
    with caplog.at_level(logging.DEBUG):
        slack.event(mention("europe", ts="5.0"))
        apology = slack.stub.wait_for(lambda c: c.method == "chat.postEphemeral")[0]
    assert apology.body["text"] == APOLOGY and apology.body["thread_ts"] == "5.0"
    assert "not_in_channel" in caplog.text
    for secret in (BOT_TOKEN, SIGNING_SECRET):
        assert secret not in caplog.text


HOSTILE_INPUTS = [
    HOSTILE,
    "<!everyone> @here @channel",
    "*bold* _it_ ~strike~ `code` ```block``` > quote\n> more",
    "x" * 10_000,
    "why " * 2_500,
    "",
    "   \t  ",
    "\x00\x07\x1b[31mred\u202e\u200b",
    "😀" * 3000,
    "&amp;&lt;&gt;&",
    "\ud800 lone surrogate",
]


@pytest.mark.parametrize("text", HOSTILE_INPUTS, ids=range(len(HOSTILE_INPUTS)))
def test_hostile_input_never_crashes_and_stays_within_limits(slack: SlackHarness, text: str) -> None:
    form_safe = "\ud800" not in text  # a form body cannot carry a lone surrogate; JSON events can
    for prefix in ("", "ask ", "fact ") if form_safe else ():
        _, reply = slack.command(prefix + text)
        check_message(reply)
        assert reply["text"] != APOLOGY
    slack.event(mention(text, ts="6.0"))
    slack.event(dm(text, ts="7.0"))
    posted = slack.stub.wait_for(lambda c: c.method.startswith("chat."), count=2)
    for call in posted:
        check_message(call.body)
        assert call.body["text"] != APOLOGY


# -- Socket Mode, the manifest, and production ---------------------------------------------------------------


def test_socket_mode_talks_only_to_the_configured_api(stub: StubSlack, kb: KnowledgeBase,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    stub.failures["apps.connections.open"] = "invalid_auth"
    settings = Settings(slack_bot_token=BOT_TOKEN, slack_app_token=APP_TOKEN, slack_api_url=f"{stub.url}/api/")
    assert run_socket_mode(kb, settings) == 1
    assert [c.method for c in stub.calls] == ["auth.test", "apps.connections.open"]
    assert stub.calls[1].headers["Authorization"] == f"Bearer {APP_TOKEN}"
    err = capsys.readouterr().err
    assert "invalid_auth" in err and APP_TOKEN not in err


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


def cli_env(stub: StubSlack, db: Path) -> dict[str, str]:
    """A clean environment for a child process: only the stub's URL and test secrets."""
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DISCORD_", "BOT_"))}
    return {**keep, "SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": f"{stub.url}/api/", "BOT_DB": str(db), "PYTHONPATH": str(ROOT)}


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


@pytest.mark.skipif(shutil.which("gunicorn", path=str(Path(sys.executable).parent)) is None,
                    reason="gunicorn is not installed")
def test_gunicorn_workers_share_one_database(stub: StubSlack, db_path: Path, tmp_path: Path) -> None:
    env = cli_env(stub, db_path)
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent))
    assert gunicorn
    proc = subprocess.Popen(
        [gunicorn, "--workers", "2", "--threads", "4", "--bind", "127.0.0.1:0", "bot.chat.slack_wsgi:app"],
        cwd=tmp_path, env=env, stderr=subprocess.PIPE, text=True,
    )
    try:
        assert proc.stderr is not None
        port = None
        for line in proc.stderr:  # gunicorn reports the port it bound before starting workers
            if "Listening at: http://127.0.0.1:" in line:
                port = int(line.rsplit(":", 1)[1].split()[0].rstrip(")"))
                break
        assert port, "gunicorn did not start"
        threading.Thread(target=proc.stderr.read, daemon=True).start()
        stub.wait_for(lambda c: c.method == "auth.test", count=2, timeout=60)  # one per worker, at boot
        kb = KnowledgeBase.open(db_path)
        harness = SlackHarness(stub, f"http://127.0.0.1:{port}", kb)
        assert harness.get("/healthz").status == 200
        _, question, _ = first_faq(kb)
        _, reply = harness.command(question)
        yes = buttons(reply)[0]
        for i in range(8):  # spread over both workers: every vote lands in the one database
            assert "Thanks" in harness.click(yes["action_id"], yes["value"], user=f"UG{i}")["text"]
        rows = list(kb.store.db.query("select count(*) as n from feedback where answer_key = ?",
                                      [answer_key(kb.ask(question))]))
        assert rows[0]["n"] == 8
        kb.close()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
