"""A stand-in for Slack's Socket Mode server: a real WebSocket server on 127.0.0.1:0 that records every ack.

Slack's side of the protocol, as far as the app can tell: each new connection
gets a ``hello``; envelopes are sent on the newest connection; a
``disconnect`` (``refresh_requested``) asks the app to open a new connection
through ``apps.connections.open``, and the old one stays open until the app
closes it. Every envelope's send time and ack time are recorded, so a test
can check that each was acked before Slack's 3-second deadline. Waits are on
a condition with a timeout, never sleeps.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from tests.slack.harness import WAIT

ACK_DEADLINE = 3.0
"""Slack's limit: an envelope not acked within 3 seconds counts as failed (the user sees an error)."""


@dataclass
class Envelope:
    """One envelope sent to the app, and when (monotonic) it was sent and acked."""

    envelope_id: str
    connection: int
    sent_at: float
    acked_at: float | None = None
    ack: dict[str, Any] | None = None

    @property
    def latency(self) -> float | None:
        return None if self.acked_at is None else self.acked_at - self.sent_at


@dataclass
class StubSocketMode:
    """Socket Mode's server side: ``hello`` on connect, envelopes on demand, acks and closes recorded."""

    envelopes: dict[str, Envelope] = field(default_factory=dict)
    connections: list[web.WebSocketResponse] = field(default_factory=list)
    closed: list[int] = field(default_factory=list)
    """Indexes of the connections the app closed with a close frame, as a clean shutdown does, in the order the
    frames arrived. Recorded on arrival, before the stub answers the frame: the app's close returns only once
    that answer comes, so a connection the app has closed is already here (``wait_closed`` still waits)."""
    close_codes: dict[int, int] = field(default_factory=dict)
    """Connection index -> the code in the app's close frame (1000 for a normal close)."""
    dropped: list[int] = field(default_factory=list)
    """Indexes of the connections that ended without a close frame from the app (dropped, or the stub stopping)."""
    on_next_hello: list[dict[str, Any]] = field(default_factory=list)
    """Envelopes to send on the next new connection, right after its ``hello``."""
    changed: threading.Condition = field(default_factory=threading.Condition)

    def start(self) -> StubSocketMode:
        self.loop = asyncio.new_event_loop()
        ready = threading.Event()
        threading.Thread(target=self._serve, args=(ready,), name="stub-socket-mode", daemon=True).start()
        assert ready.wait(WAIT), "the stub Socket Mode server did not start"
        return self

    def _serve(self, ready: threading.Event) -> None:
        asyncio.set_event_loop(self.loop)
        app = web.Application()
        app.router.add_get("/link", self._connection)
        self.runner = web.AppRunner(app, handle_signals=False)
        self.loop.run_until_complete(self.runner.setup())
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        self.loop.run_until_complete(site.start())
        server = site._server
        assert server is not None and server.sockets
        self.url = f"ws://127.0.0.1:{server.sockets[0].getsockname()[1]}/link"
        ready.set()
        self.loop.run_forever()

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self.runner.cleanup(), self.loop).result(WAIT)
        self.loop.call_soon_threadsafe(self.loop.stop)

    async def _connection(self, request: web.Request) -> web.WebSocketResponse:
        # autoclose off: the app's close frame is recorded before the stub answers it (see ``closed``).
        ws = web.WebSocketResponse(autoping=True, autoclose=False)
        await ws.prepare(request)
        with self.changed:
            self.connections.append(ws)
            index = len(self.connections) - 1
            pending, self.on_next_hello = self.on_next_hello, []
        await ws.send_str(json.dumps({"type": "hello", "num_connections": 1,
                                      "debug_info": {"host": "stub", "approximate_connection_time": 18060}}))
        for envelope in pending:
            await self._send(index, envelope)
        with self.changed:
            self.changed.notify_all()
        while True:
            message = await ws.receive()
            if message.type == WSMsgType.TEXT:
                self._acked(json.loads(message.data))
            elif message.type == WSMsgType.CLOSE:  # the app's close frame: record it, then answer it
                with self.changed:
                    self.closed.append(index)
                    self.close_codes[index] = int(message.data)
                    self.changed.notify_all()
                await ws.close()
                return ws
            elif message.type in (WSMsgType.CLOSING, WSMsgType.CLOSED, WSMsgType.ERROR):
                with self.changed:
                    self.dropped.append(index)
                    self.changed.notify_all()
                return ws

    async def _send(self, index: int, envelope: dict[str, Any]) -> None:
        with self.changed:
            self.envelopes[envelope["envelope_id"]] = Envelope(envelope["envelope_id"], index, time.monotonic())
        await self.connections[index].send_str(json.dumps(envelope))

    def _acked(self, message: dict[str, Any]) -> None:
        with self.changed:
            sent = self.envelopes.get(str(message.get("envelope_id")))
            if sent is not None and sent.acked_at is None:
                sent.acked_at, sent.ack = time.monotonic(), message
            self.changed.notify_all()

    # -- what a test does ----------------------------------------------------------------------------------

    def wait(self, predicate: Callable[[], bool], what: str, timeout: float = WAIT) -> None:
        with self.changed:
            assert self.changed.wait_for(predicate, timeout), f"timed out waiting for {what}"

    def wait_connections(self, count: int) -> None:
        self.wait(lambda: len(self.connections) >= count, f"{count} connection(s)")

    def wait_closed(self, count: int) -> list[int]:
        """The connections closed so far, once the app has closed ``count`` or one ended without a close frame."""
        self.wait(lambda: len(self.closed) >= count or bool(self.dropped), f"the app to close {count} connection(s)")
        with self.changed:
            assert not self.dropped, f"connection(s) {self.dropped} ended without a close frame from the app"
            return list(self.closed)

    def send(self, envelope: dict[str, Any]) -> str:
        """Send an envelope on the newest connection; return its id."""
        index = len(self.connections) - 1
        asyncio.run_coroutine_threadsafe(self._send(index, envelope), self.loop).result(WAIT)
        return str(envelope["envelope_id"])

    def refresh_then_send(self, envelope: dict[str, Any]) -> str:
        """Ask for a new connection, as Slack does periodically, and send ``envelope`` right after its hello."""
        with self.changed:
            self.on_next_hello.append(envelope)
        message = json.dumps({"type": "disconnect", "reason": "refresh_requested",
                              "debug_info": {"host": "stub"}})
        ws = self.connections[-1]
        asyncio.run_coroutine_threadsafe(ws.send_str(message), self.loop).result(WAIT)
        return str(envelope["envelope_id"])

    def ack_of(self, envelope_id: str, timeout: float = WAIT) -> Envelope:
        """The envelope once acked (waits up to ``timeout``; an ack that never comes fails the test)."""
        self.wait(lambda: envelope_id in self.envelopes and self.envelopes[envelope_id].acked_at is not None,
                  f"the ack of {envelope_id}", timeout)
        return self.envelopes[envelope_id]


def slash_command(text: str, response_url: str, *, user: str = "U1", channel: str = "C1") -> dict[str, Any]:
    """A ``/nvidia`` envelope as Socket Mode delivers it."""
    return {
        "envelope_id": uuid.uuid4().hex, "type": "slash_commands", "accepts_response_payload": True,
        "payload": {"token": "legacy", "team_id": "T1", "team_domain": "test", "channel_id": channel,
                    "channel_name": "general", "user_id": user, "user_name": "ann", "command": "/nvidia",
                    "text": text, "api_app_id": "A1", "response_url": response_url, "trigger_id": "1.2.3"},
    }
