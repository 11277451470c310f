"""Slack Socket Mode: ``run_socket_mode`` connects over a WebSocket opened with the app token; no public URL.

An adapter over :func:`bot.slack.app.build_app`, like :mod:`bot.slack.http`:
it runs until Ctrl-C or SIGTERM, then closes the connection, lets the answers
in progress finish, and closes the database.

The connection is Bolt's aiohttp adapter, not slack_sdk's built-in client.
When Slack asks for a new connection (``disconnect``, which it does
periodically), the built-in client closes the old one under a lock that its
receive loop holds through a fixed 3-second read: an envelope arriving on the
new connection waited about 3 s for its ack, past Slack's limit, and SIGTERM
waited as long. aiohttp's client waits on events, never on timed reads. Bolt's
aiohttp adapter would run our synchronous app on the event loop itself; here
each envelope is dispatched on one of ``ACK_THREADS`` threads instead, so an
ack that touches the database (the edit form saves before acking) never holds
up another envelope's.
"""

from __future__ import annotations

import asyncio
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from slack_bolt import App
from slack_bolt.adapter.socket_mode.aiohttp import SocketModeHandler
from slack_bolt.adapter.socket_mode.async_internals import send_async_response
from slack_bolt.adapter.socket_mode.internals import run_bolt_app
from slack_sdk.socket_mode.async_client import AsyncBaseSocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.web.async_client import AsyncWebClient

from bot.config import Settings
from bot.core.service import KnowledgeBase
from bot.shutdown import stop_on_sigterm
from bot.slack.app import build_app, finish_answers, quiet_logger
from bot.slack.startup import report

ACK_THREADS = 8
"""Envelopes dispatched at once. A dispatch is an ack (the answering runs on the app's own pool), so a few
threads suffice; more than one, so an ack that waits on the database delays no other."""
PING_INTERVAL_S = 10
"""How often the connection is checked with a ping (Bolt's default); a dead one is replaced after four misses."""


class ThreadedSocketModeHandler(SocketModeHandler):
    """Bolt's aiohttp Socket Mode handler, with each envelope dispatched off the event loop."""

    def __init__(self, app: App, app_token: str, web_client: AsyncWebClient, executor: ThreadPoolExecutor) -> None:
        super().__init__(app, app_token, logger=app.logger, web_client=web_client, ping_interval=PING_INTERVAL_S)
        self.executor = executor

    async def handle(self, client: AsyncBaseSocketModeClient, req: SocketModeRequest) -> None:
        """Run the app on a thread, then send its ack (with any response payload) over the socket."""
        started = time.time()
        response = await asyncio.get_running_loop().run_in_executor(self.executor, run_bolt_app, self.app, req)
        await send_async_response(client, req, response, started)


class SocketModeService:
    """The Socket Mode connection, on its own event loop in the thread that calls ``run``, until ``stop``."""

    def __init__(self, app: App, settings: Settings) -> None:
        self.app = app
        self.settings = settings
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._stopping = False

    def run(self) -> int:
        """Connect, say so, and serve until ``stop``; 1 (with a message) when the first connection fails."""
        return asyncio.run(self._main())

    def stop(self) -> None:
        """End ``run`` (from any thread, or before it started): the connection is closed cleanly."""
        with self._lock:
            self._stopping = True
            loop, stop = self._loop, self._stop
        if loop is not None and stop is not None:
            loop.call_soon_threadsafe(stop.set)

    async def _main(self) -> int:
        with self._lock:
            self._loop, self._stop = asyncio.get_running_loop(), asyncio.Event()
            if self._stopping:
                return 0
        assert self.settings.slack_app_token
        web_client = AsyncWebClient(base_url=self.settings.slack_api_url,
                                    logger=quiet_logger("bot.slack.web", self.settings))
        with ThreadPoolExecutor(ACK_THREADS, thread_name_prefix="slack-ack") as executor:
            handler = ThreadedSocketModeHandler(self.app, self.settings.slack_app_token, web_client, executor)
            try:
                try:
                    # The first URL is fetched here, so a refused app token stops the start with a message
                    # (the client itself would retry it for ever).
                    handler.client.wss_uri = await handler.client.issue_new_wss_url()
                    await handler.connect_async()  # type: ignore[no-untyped-call]
                except Exception as exc:
                    return report("connect to Slack Socket Mode", exc, self.settings)
                print("Slack Socket Mode: connected; Ctrl-C to stop", file=sys.stderr)
                await self._stop.wait()
                return 0
            finally:
                await handler.close_async()  # type: ignore[no-untyped-call]


def run_socket_mode(kb: KnowledgeBase, settings: Settings) -> int:
    """Socket Mode: no public URL, Slack's events arrive over a WebSocket opened with the app token."""
    if not (settings.slack_bot_token and settings.slack_app_token):
        print("error: Socket Mode needs SLACK_BOT_TOKEN and SLACK_APP_TOKEN", file=sys.stderr)
        return 2
    try:
        app = build_app(kb, settings)
    except Exception as exc:  # auth.test refused or Slack unreachable: say so, without a traceback
        kb.close()
        return report("start Slack Socket Mode", exc, settings)
    service = SocketModeService(app, settings)
    try:
        with stop_on_sigterm(service.stop):  # installed before connecting: SIGTERM is never the default kill
            return service.run()
    except KeyboardInterrupt:
        return 0
    finally:
        finish_answers(app)
        kb.close()
