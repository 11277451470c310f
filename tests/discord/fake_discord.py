"""A fake Discord: the REST API and the gateway, on a unix socket, served from a thread of its own.

The bot reaches it through discord.py's public ``connector`` option: an
``aiohttp.UnixConnector`` sends every request, ``https://discord.com/api/v10/…``
and the gateway's websocket alike, over the socket as plain HTTP. So the real
discord.py logs in (``GET /users/@me``), opens the gateway, identifies, gets
READY and the test guild, and receives events exactly as from Discord; no
private hook of discord.py is touched. What the bot sends (interaction
responses, follow-ups, channel messages) is recorded as :class:`Sent` and
answered with payloads shaped like Discord's, so a test can press a button
on a message the bot "sent".

It runs on its own thread and event loop, as Discord runs elsewhere: the
bot's loop does only the bot's work, and a bot run by ``run_discord`` in the
main thread (for SIGTERM) reaches it the same way.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import shutil
import tempfile
import threading
from collections.abc import Coroutine
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web

from tests.discord.payloads import (
    APP_ID,
    BOT_USER,
    CHANNEL_ID,
    DM_CHANNEL_ID,
    EPHEMERAL,
    GUILD_ID,
    TOKEN,
    application_payload,
    guild_payload,
    message_payload,
    snowflake,
)

HEARTBEAT_MS = 45_000
GATEWAY_URL = "wss://gateway.discord.gg"
WAIT = 10.0
"""How long a test waits for the bot, at most (it answers in milliseconds; this only bounds a failure)."""


@dataclass
class Sent:
    """One request the bot made: how it was sent and the JSON it carried."""

    method: str
    path: str
    payload: dict[str, Any]
    message: dict[str, Any] | None = None
    """The message object the fake Discord created from it, if any."""
    listed: list[dict[str, Any]] = field(default_factory=list)
    """The JSON, when it was a list (a command sync)."""

    @property
    def via(self) -> str:
        """``response`` (interaction callback), ``followup`` (webhook) or ``channel`` (bot API)."""
        if self.path.endswith("/callback"):
            return "response"
        return "followup" if self.path.startswith("/webhooks/") else "channel"

    @property
    def type(self) -> int | None:
        """The interaction response type (4 message, 5 deferred, 8 autocomplete, 9 modal), if any."""
        return self.payload.get("type") if self.via == "response" else None

    @property
    def body(self) -> dict[str, Any]:
        """The message part of the request."""
        if self.via == "response":
            data = self.payload.get("data") or {}
            assert isinstance(data, dict)
            return data
        return self.payload

    @property
    def embeds(self) -> list[dict[str, Any]]:
        return list(self.body.get("embeds") or [])

    @property
    def content(self) -> str:
        return str(self.body.get("content") or "")

    @property
    def ephemeral(self) -> bool:
        return bool(int(self.body.get("flags") or 0) & EPHEMERAL)

    @property
    def allowed_mentions(self) -> dict[str, Any] | None:
        return self.body.get("allowed_mentions")

    @property
    def buttons(self) -> list[dict[str, Any]]:
        return [c for row in self.body.get("components") or [] for c in row.get("components", [])]

    @property
    def text(self) -> str:
        """Everything a user would read in it, for "does it say X" checks."""
        parts = [self.content]
        for embed in self.embeds:
            parts += [embed.get("title") or "", embed.get("description") or "",
                      (embed.get("footer") or {}).get("text", "")]
            parts += [f"{f['name']}\n{f['value']}" for f in embed.get("fields", [])]
        return "\n".join(p for p in parts if p)


@dataclass
class _Waiter:
    count: int
    loop: asyncio.AbstractEventLoop
    future: asyncio.Future[None]


class FakeDiscord:
    """Discord for one test: start it, point the bot's ``connector`` at it, send events, read what came back."""

    def __init__(self, *, token: str = TOKEN) -> None:
        self.token = token
        self._dir = Path(tempfile.mkdtemp(prefix="fake-discord-"))  # short: a socket path has ~100 bytes
        self.socket_path = str(self._dir / "discord.sock")
        self._lock = threading.Lock()
        self._calls: list[Sent] = []
        self._waiters: list[_Waiter] = []
        self._gateways: list[web.WebSocketResponse] = []
        self._sequence = itertools.count(1)
        self.identified = threading.Event()
        """Set once the bot has identified and been sent READY and the test guild."""
        self.disconnected = threading.Event()
        """Set when the bot closes its gateway connection."""
        self._started = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._thread = threading.Thread(target=asyncio.run, args=(self._serve(),), name="fake-discord", daemon=True)

    def __enter__(self) -> FakeDiscord:
        self._thread.start()
        if not self._started.wait(WAIT):
            raise RuntimeError("the fake Discord did not start")
        return self

    def __exit__(self, *_: object) -> None:
        if self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(WAIT)
        shutil.rmtree(self._dir, ignore_errors=True)

    def connector(self) -> aiohttp.UnixConnector:
        """What the bot connects through (call it on the bot's event loop: aiohttp needs one running)."""
        return aiohttp.UnixConnector(path=self.socket_path, limit=0)

    # -- what the bot sent -------------------------------------------------------------------------------

    @property
    def calls(self) -> list[Sent]:
        """Every request recorded so far, in order."""
        with self._lock:
            return list(self._calls)

    async def wait_for(self, count: int, timeout: float = WAIT) -> list[Sent]:
        """Wait (on the caller's loop, without polling) until at least ``count`` requests are recorded."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[None] = loop.create_future()
        with self._lock:
            if len(self._calls) >= count:
                return list(self._calls)
            self._waiters.append(_Waiter(count, loop, future))
        async with asyncio.timeout(timeout):
            await future
        return self.calls

    async def until_identified(self) -> None:
        """Wait until the bot has identified on the gateway (its events then follow READY and the guild)."""
        if not await asyncio.to_thread(self.identified.wait, WAIT):
            raise TimeoutError("the bot did not identify on the gateway")

    def _record(self, sent: Sent) -> None:
        with self._lock:
            self._calls.append(sent)
            due = [w for w in self._waiters if w.count <= len(self._calls)]
            self._waiters = [w for w in self._waiters if w.count > len(self._calls)]
        for waiter in due:
            waiter.loop.call_soon_threadsafe(_resolve, waiter.future)

    # -- events to the bot -------------------------------------------------------------------------------

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Send one gateway event (``INTERACTION_CREATE``, ``MESSAGE_CREATE``…) to the bot."""
        await self._on_server(self._send_event(event, data))

    async def _on_server(self, coro: Coroutine[Any, Any, None]) -> None:
        assert self._loop is not None
        await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(coro, self._loop))

    async def _send_event(self, event: str, data: dict[str, Any]) -> None:
        if not self._gateways:
            raise RuntimeError("the bot is not connected to the gateway")
        await self._gateways[-1].send_json({"op": 0, "s": next(self._sequence), "t": event, "d": data})

    # -- the server --------------------------------------------------------------------------------------

    async def _serve(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        app = web.Application()
        app.router.add_get("/", self._gateway)
        app.router.add_route("*", r"/api/v{version:\d+}/{path:.*}", self._api)
        runner = web.AppRunner(app, shutdown_timeout=1.0)
        await runner.setup()
        await web.UnixSite(runner, self.socket_path).start()
        self._started.set()
        try:
            await self._stop.wait()
        finally:
            for ws in list(self._gateways):
                await ws.close()
            await runner.cleanup()

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._gateways.append(ws)
        await ws.send_json({"op": 10, "d": {"heartbeat_interval": HEARTBEAT_MS}, "s": None, "t": None})
        try:
            async for frame in ws:
                if frame.type != aiohttp.WSMsgType.TEXT:
                    continue
                message = json.loads(frame.data)
                if message["op"] == 1:  # heartbeat
                    await ws.send_json({"op": 11, "d": None, "s": None, "t": None})
                elif message["op"] == 2:  # identify
                    await self._identify(ws, message["d"])
        finally:
            self._gateways.remove(ws)
            self.disconnected.set()
        return ws

    async def _identify(self, ws: web.WebSocketResponse, identify: dict[str, Any]) -> None:
        if identify.get("token") != self.token:
            await ws.close(code=4004, message=b"Authentication failed.")
            return
        ready = {
            "v": 10, "user": BOT_USER, "guilds": [{"id": str(GUILD_ID), "unavailable": True}],
            "session_id": "fake-session", "resume_gateway_url": GATEWAY_URL,
            "shard": identify.get("shard", [0, 1]), "application": {"id": str(APP_ID), "flags": 0},
        }
        await ws.send_json({"op": 0, "s": next(self._sequence), "t": "READY", "d": ready})
        await ws.send_json({"op": 0, "s": next(self._sequence), "t": "GUILD_CREATE", "d": guild_payload()})
        self.identified.set()

    async def _api(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["path"]
        if path.startswith(("/users/@me", "/oauth2/", "/gateway/", "/channels/", "/applications/")) and (
            request.headers.get("Authorization") != f"Bot {self.token}"
        ):
            return _json({"message": "401: Unauthorized", "code": 0}, status=401)
        if path == "/users/@me":
            return _json(BOT_USER)
        if path == "/oauth2/applications/@me":
            return _json(application_payload())
        if path == "/gateway/bot":
            limit = {"total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1}
            return _json({"url": GATEWAY_URL, "shards": 1, "session_start_limit": limit})
        body = await _body(request)
        sent = Sent(request.method, path, body if isinstance(body, dict) else {},
                    listed=body if isinstance(body, list) else [])
        reply = self._reply(sent)
        response = _json(reply) if reply is not None else _json({"message": "404: Not Found", "code": 0}, status=404)
        # Recorded once the answer is on its way, so a test that has seen the request (and then closes the
        # bot) never cuts the bot off mid-response.
        await response.prepare(request)
        await response.write_eof()
        self._record(sent)
        return response

    def _reply(self, sent: Sent) -> dict[str, Any] | list[dict[str, Any]] | None:
        """Discord's answer to a request, creating the message it sends, if any."""
        if sent.via == "response":
            interaction_id = sent.path.split("/")[2]
            reply: dict[str, Any] = {"interaction": {
                "id": interaction_id, "type": 2, "response_message_ephemeral": sent.ephemeral,
                "response_message_loading": sent.type == 5}}
            if sent.type in (4, 5, 7):
                sent.message = _bot_message(sent, CHANNEL_ID)
                reply["interaction"]["response_message_id"] = sent.message["id"]
                reply["resource"] = {"type": sent.type, "message": sent.message}
            return reply
        if sent.via == "followup" and sent.method in ("POST", "PATCH"):
            sent.message = _bot_message(sent, CHANNEL_ID)
            return sent.message
        if sent.method == "POST" and sent.path.startswith("/channels/") and sent.path.endswith("/messages"):
            channel_id = int(sent.path.split("/")[2])
            sent.message = _bot_message(sent, channel_id)
            return sent.message
        if sent.method == "PUT" and sent.path.startswith(f"/applications/{APP_ID}/") and sent.path.endswith(
            "/commands"
        ):  # a sync: the commands as registered, each with its id
            return [{**command, "id": str(snowflake()), "application_id": str(APP_ID), "version": "1"}
                    for command in sent.listed]
        return None


def _bot_message(sent: Sent, channel_id: int) -> dict[str, Any]:
    """The message Discord would have created from a send."""
    body = sent.body
    return message_payload(
        content=str(body.get("content") or ""), author=BOT_USER, channel_id=channel_id,
        guild=channel_id != DM_CHANNEL_ID, embeds=body.get("embeds") or [],
        components=body.get("components") or [], flags=int(body.get("flags") or 0),
    )


async def _body(request: web.Request) -> dict[str, Any] | list[dict[str, Any]]:
    """The JSON a request carried (in ``payload_json`` when it came as multipart, with files)."""
    if not request.can_read_body:
        return {}
    if request.content_type.startswith("multipart/"):
        form = await request.post()
        return dict(json.loads(str(form["payload_json"])))
    data = await request.json()
    return data if isinstance(data, dict | list) else {}


def _json(data: dict[str, Any] | list[dict[str, Any]], *, status: int = 200) -> web.Response:
    # exactly "application/json", without "; charset": discord.py decodes only that content type
    return web.Response(body=json.dumps(data).encode(), status=status, content_type="application/json")


def _resolve(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)
