"""Slack ack latency: how fast ``/nvidia`` is acknowledged over HTTP while many commands arrive at once.

Slack drops a slash command that is not acknowledged within 3 seconds. The app
acks in the request's own thread before any work (see ``bot.slack.listeners``);
this measures how long that takes from the client's side, with the real app in
HTTP mode on 127.0.0.1 and a local sink standing in for Slack's Web API and
``response_url`` (nothing reaches Slack). The tests check that every command is
acked before its answer; the time it takes is reported here, never asserted.
"""

from __future__ import annotations

import json
import tempfile
import threading
import time
import urllib.parse
import urllib.request
import uuid
from contextlib import ExitStack
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from slack_sdk.signature import SignatureVerifier

from benchmarks.report import percentile
from bot.config import Settings
from bot.core.service import KnowledgeBase
from bot.slack.http import make_server

SIGNING_SECRET = "benchmark-signing-secret-0123456789"
BOT_TOKEN = "xoxb-0-0-benchmark"
ANSWER_TIMEOUT_S = 120.0
"""How long to wait for every answer to reach the sink before giving up."""


@dataclass(frozen=True)
class AckLatency:
    """Ack latency of ``commands`` slash commands sent ``concurrency`` at a time, and when the answers came."""

    commands: int
    concurrency: int
    p50_ms: float
    p99_ms: float
    max_ms: float
    answers_s: float
    """Seconds from the first command sent to the last answer received (the answering work, for scale)."""

    def to_json(self) -> dict[str, Any]:
        """The figures as a JSON object, rounded for a report."""
        return {"commands": self.commands, "concurrency": self.concurrency, "p50_ms": round(self.p50_ms, 2),
                "p99_ms": round(self.p99_ms, 2), "max_ms": round(self.max_ms, 2),
                "answers_s": round(self.answers_s, 3)}


class _Sink:
    """Slack's Web API and every ``response_url`` on 127.0.0.1: answers ``ok`` and counts the answers."""

    def __init__(self) -> None:
        self.answers = 0
        self.changed = threading.Condition()
        sink = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self.path.startswith("/response/"):
                    with sink.changed:
                        sink.answers += 1
                        sink.changed.notify_all()
                    body = b"ok"
                else:  # auth.test and any Web API method
                    body = json.dumps({"ok": True, "user_id": "UBENCH", "bot_id": "BBENCH", "team_id": "T0"}).encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, name="slack-sink", daemon=True).start()

    def wait_for(self, count: int, timeout: float) -> bool:
        """Whether ``count`` answers arrived within ``timeout`` seconds."""
        with self.changed:
            return self.changed.wait_for(lambda: self.answers >= count, timeout)

    def close(self) -> None:
        """Stop serving."""
        self.server.shutdown()
        self.server.server_close()


def _signed_command(app_url: str, sink_url: str, text: str, user: str) -> urllib.request.Request:
    body = urllib.parse.urlencode({
        "command": "/nvidia", "text": text, "user_id": user, "user_name": user, "channel_id": f"C{user}",
        "team_id": "T0", "api_app_id": "A0", "trigger_id": "0.0.0",
        "response_url": f"{sink_url}/response/{uuid.uuid4().hex}",
    })
    ts = str(int(time.time()))
    signature = SignatureVerifier(SIGNING_SECRET).generate_signature(timestamp=ts, body=body) or ""
    return urllib.request.Request(
        f"{app_url}/slack/events", data=body.encode(), method="POST",
        headers={"Content-Type": "application/x-www-form-urlencoded", "X-Slack-Request-Timestamp": ts,
                 "X-Slack-Signature": signature},
    )


def _ack_ms(request: urllib.request.Request) -> float:
    start = time.perf_counter()
    with urllib.request.urlopen(request, timeout=30) as response:
        body = response.read()
        status = response.status
    elapsed = (time.perf_counter() - start) * 1000
    if status != 200 or body:
        raise RuntimeError(f"the app did not ack: HTTP {status} {body[:200]!r}")
    return elapsed


def measure_ack_latency(concurrency: int = 40, rounds: int = 3, *, db_path: Path | None = None) -> AckLatency:
    """Send ``rounds`` bursts of ``concurrency`` signed ``/nvidia`` commands at once; time each ack.

    The questions are the shipped FAQ's own, so every command is really answered (on the app's
    answering threads, which the acks must not wait for). ``db_path`` defaults to a fresh database
    built from ``data/`` in a temporary directory; nothing else is written anywhere.
    """
    if concurrency < 1 or rounds < 1:
        raise ValueError("concurrency and rounds must be at least 1")
    with ExitStack() as stack:
        if db_path is None:
            db_path = Path(stack.enter_context(tempfile.TemporaryDirectory())) / "kb.db"
        kb = KnowledgeBase.open(db_path)
        stack.callback(kb.close)
        sink = _Sink()
        stack.callback(sink.close)
        settings = Settings(slack_bot_token=BOT_TOKEN, slack_signing_secret=SIGNING_SECRET,
                            slack_api_url=f"{sink.url}/api/", user_rate=10**9, channel_rate=10**9)
        server = make_server(kb, settings, host="127.0.0.1", port=0)
        threading.Thread(target=server.serve_forever, name="slack-bench", daemon=True).start()
        stack.callback(server.server_close)
        stack.callback(server.shutdown)
        app_url = f"http://127.0.0.1:{server.server_address[1]}"
        questions = [entry.question for entry in kb.answers.data.faq] or ["europe"]

        latencies: list[float] = []
        lock = threading.Lock()
        failures: list[Exception] = []
        started = time.perf_counter()
        for round_no in range(rounds):
            requests = [_signed_command(app_url, sink.url, questions[i % len(questions)], f"U{round_no}x{i}")
                        for i in range(concurrency)]
            gate = threading.Barrier(concurrency)

            def send(request: urllib.request.Request, gate: threading.Barrier = gate) -> None:
                try:
                    gate.wait()  # the whole burst leaves at once
                    elapsed = _ack_ms(request)
                except Exception as exc:  # reported after the burst, not lost in a thread
                    gate.abort()
                    with lock:
                        failures.append(exc)
                    return
                with lock:
                    latencies.append(elapsed)

            senders = [threading.Thread(target=send, args=(r,)) for r in requests]
            for sender in senders:
                sender.start()
            for sender in senders:
                sender.join()
            if failures:
                raise RuntimeError(f"{len(failures)} command(s) failed: {failures[0]!r}") from failures[0]
        total = concurrency * rounds
        if not sink.wait_for(total, ANSWER_TIMEOUT_S):
            raise RuntimeError(f"only {sink.answers} of {total} answers arrived within {ANSWER_TIMEOUT_S:.0f} s")
        answers_s = time.perf_counter() - started
    return AckLatency(total, concurrency, percentile(latencies, 50), percentile(latencies, 99), max(latencies),
                      answers_s)
