"""The Slack tests' stand-ins: a local Web API that records every call, and a client that signs like Slack.

Nothing here can reach Slack: the app's ``SLACK_API_URL`` and every
``response_url`` point at ``StubSlack``, an ``http.server`` on 127.0.0.1
(port 0) that records each call. Requests to the app are signed with
``SignatureVerifier`` and the test signing secret. Waits are on a condition
with a timeout, never sleeps.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from slack_sdk.signature import SignatureVerifier

from bot.core.service import KnowledgeBase

SIGNING_SECRET = "5ec2e75ec2e75ec2e75ec2e75ec2e7ab"
BOT_TOKEN = "xoxb-111-222-secrettokenvalue"
APP_TOKEN = "xapp-1-A1-333-secretappvalue"
BOT_USER = "UBOT"
WAIT = 10.0
HOSTILE = "<!channel> <!here> <@U123> <#C1|general> <https://evil.example|click here> &amp; *bold* ~x~ `code`"
FORM = "application/x-www-form-urlencoded"


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
    socket_url: str | None = None
    """What ``apps.connections.open`` answers: a stub Socket Mode server's URL (see ``socket_stub``)."""
    rate_limited: dict[str, list[str]] = field(default_factory=dict)
    """Web API method -> ``Retry-After`` values: each call answers HTTP 429 with the next one, until none is left."""
    echo_authorization: bool = False
    """Failed calls quote the request's ``Authorization`` header back, as a careless proxy might."""
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
                elif stub.rate_limited.get(method):
                    pause = stub.rate_limited[method].pop(0)
                    self.reply(429, b'{"ok": false, "error": "ratelimited"}', "application/json",
                               {"Retry-After": pause})
                else:
                    answer = stub.answer(method, body)
                    if stub.echo_authorization and not answer.get("ok"):
                        answer["echo"] = self.headers.get("Authorization")
                    self.reply(200, json.dumps(answer).encode(), "application/json")

            def reply(self, status: int, data: bytes, content_type: str,
                      headers: dict[str, str] | None = None) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
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
        if method == "apps.connections.open" and self.socket_url:
            return {"ok": True, "url": self.socket_url}
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


def sign(body: str, timestamp: int, secret: str = SIGNING_SECRET) -> str:
    """The ``X-Slack-Signature`` Slack would send for ``body`` at ``timestamp``."""
    return SignatureVerifier(secret).generate_signature(timestamp=str(timestamp), body=body)


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
            sent["X-Slack-Signature"] = sign(body, ts) if signature == "auto" else signature
        request = urllib.request.Request(f"{self.url}/slack/events", data=body.encode(), headers=sent, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=WAIT) as resp:
                return Response(resp.status, resp.read().decode())
        except urllib.error.HTTPError as err:
            return Response(err.code, err.read().decode())

    def get(self, path: str) -> Response:
        try:
            with urllib.request.urlopen(f"{self.url}{path}", timeout=WAIT) as resp:
                return Response(resp.status, resp.read().decode())
        except urllib.error.HTTPError as err:
            return Response(err.code, err.read().decode())

    def command_body(self, text: str, *, user: str, channel: str, response_id: str) -> str:
        return urllib.parse.urlencode({
            "token": "legacy", "team_id": "T1", "team_domain": "test", "channel_id": channel,
            "channel_name": "general", "user_id": user, "user_name": "ann", "command": "/nvidia", "text": text,
            "api_app_id": "A1", "response_url": f"{self.stub.url}/response/{response_id}", "trigger_id": "1.2.3",
        })

    def send_command(self, text: str, *, user: str = "U1", channel: str = "C1") -> tuple[Response, str]:
        """Send ``/nvidia text`` without waiting for the reply; return the ack and the response_url's id."""
        rid = uuid.uuid4().hex
        return self.post(self.command_body(text, user=user, channel=channel, response_id=rid), FORM), rid

    def reply_to(self, rid: str) -> dict[str, Any]:
        """What the app posted to the response_url with id ``rid`` (waits for it)."""
        return self.stub.wait_for(lambda c: c.body.get("_path") == f"/response/{rid}")[0].body

    def command(self, text: str, *, user: str = "U1", channel: str = "C1") -> tuple[Response, dict[str, Any]]:
        """Run ``/nvidia text``; return the ack and the reply posted to the response_url."""
        ack, rid = self.send_command(text, user=user, channel=channel)
        assert ack.status == 200, ack
        return ack, self.reply_to(rid)

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
        response = self.post(urllib.parse.urlencode({"payload": json.dumps(payload)}), FORM)
        assert response.status == 200, response
        return self.reply_to(rid)


# -- what Slack sends, and reading what the app posted ---------------------------------------------------


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


def first_faq(kb: KnowledgeBase) -> tuple[str, str, str]:
    """(id, question, answer) of the first FAQ entry, whatever the data says today."""
    entry = kb.answers.data.faq[0]
    return entry.id, entry.question, entry.answer
