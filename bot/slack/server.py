"""The HTTP server behind ``python -m bot slack serve``: aiohttp reads each request, a few threads run the app.

wsgiref's threading server spent a thread on every connection for as long as
the client liked: 3,000 clients each sending half a body held 3,003 threads
and 157 MB. Here a connection costs a coroutine while its request arrives, the
whole request must arrive within ``READ_TIMEOUT_S`` (else 408, and the
connection is closed), a connection that sends nothing is closed after
``IDLE_TIMEOUT_S``, and only complete requests reach the WSGI application, on
at most ``APP_THREADS`` threads. Requests that are slow to arrive never delay
the others' acks.
"""

from __future__ import annotations

import asyncio
import io
import logging
import socket
import sys
import threading
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from aiohttp import web

if TYPE_CHECKING:
    from wsgiref.types import WSGIApplication, WSGIEnvironment

log = logging.getLogger(__name__)

READ_TIMEOUT_S = 10.0
"""Time for a request's body to arrive once its headers have: Slack sends a few kilobytes at once."""
IDLE_TIMEOUT_S = 15.0
"""Time a connection may stay open without sending a request (aiohttp's keep-alive timer)."""
APP_THREADS = 16
"""Requests the application works on at once. Each is a signature check and an ack (about a millisecond); the
answering happens on the app's own pool, so a few threads keep thousands of requests a second moving."""
SHUTDOWN_GRACE_S = 3.0
"""On shutdown, time for requests in progress to finish: an ack takes milliseconds, and a request still
arriving after Slack's own 3 s limit is answered by nobody."""
BACKLOG = 128
"""Connections the kernel queues before accepting: a burst of Slack's requests never waits for a SYN retry."""
HOP_BY_HOP = frozenset({"connection", "content-length", "keep-alive", "transfer-encoding"})
"""Response headers the server sets itself; the application's own values are dropped."""


class HttpServer:
    """Serves a WSGI application on ``host:port`` (port 0: any free port, see ``server_address``).

    The socket is bound when the server is made; ``serve_forever`` runs until ``shutdown`` (from any
    thread), which waits for it to end, like ``socketserver``'s servers.
    """

    def __init__(self, app: WSGIApplication, host: str, port: int, *, max_body: int) -> None:
        self.app = app
        self.max_body = max_body
        self.socket = socket.create_server((host, port), backlog=BACKLOG)
        self.server_address: tuple[str, int] = self.socket.getsockname()[:2]
        self._pool = ThreadPoolExecutor(APP_THREADS, thread_name_prefix="slack-http")
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._stopping = False
        self._serving = False
        self._done = threading.Event()

    # -- running and stopping --------------------------------------------------------------------------

    def serve_forever(self) -> None:
        """Serve until ``shutdown`` (at once, if it was called first)."""
        with self._lock:
            if self._stopping:
                return
            self._serving = True
        try:
            asyncio.run(self._serve())
        finally:
            self._done.set()

    async def _serve(self) -> None:
        application = web.Application(client_max_size=self.max_body)
        application.router.add_route("*", "/{path:.*}", self._handle)
        # lingering_time=0: aiohttp would otherwise read a refused request's body for 10 s more before closing.
        runner = web.AppRunner(application, handle_signals=False, access_log=None, keepalive_timeout=IDLE_TIMEOUT_S,
                               lingering_time=0, shutdown_timeout=SHUTDOWN_GRACE_S)
        await runner.setup()
        try:
            await web.SockSite(runner, self.socket).start()
            with self._lock:
                self._loop, self._stop = asyncio.get_running_loop(), asyncio.Event()
                if self._stopping:
                    self._stop.set()
            await self._stop.wait()
        finally:
            await runner.cleanup()

    def shutdown(self) -> None:
        """Stop serving (requests in progress finish) and wait until ``serve_forever`` has returned."""
        with self._lock:
            self._stopping = True
            serving, loop, stop = self._serving, self._loop, self._stop
        if not serving:
            return  # serve_forever, if it is ever called, returns at once
        if loop is not None and stop is not None:
            loop.call_soon_threadsafe(stop.set)  # else _serve sees _stopping as soon as it is listening
        self._done.wait()

    def server_close(self) -> None:
        """Close the socket and wait for the application's threads."""
        self.socket.close()
        self._pool.shutdown(wait=True)

    # -- one request -----------------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        if request.content_length is not None and request.content_length > self.max_body:
            return _plain(413, "request too large", close=True)
        try:
            body = await asyncio.wait_for(request.read(), READ_TIMEOUT_S)
        except TimeoutError:
            return _plain(408, "request body too slow", close=True)
        except web.HTTPRequestEntityTooLarge:
            return _plain(413, "request too large", close=True)
        environ = self._environ(request, body)
        loop = asyncio.get_running_loop()
        status, headers, data = await loop.run_in_executor(self._pool, _call, self.app, environ)
        code, _, reason = status.partition(" ")
        kept = [(name, value) for name, value in headers if name.lower() not in HOP_BY_HOP]
        return web.Response(status=int(code), reason=reason or None, headers=kept, body=data)

    def _environ(self, request: web.Request, body: bytes) -> WSGIEnvironment:
        environ: dict[str, Any] = {
            "REQUEST_METHOD": request.method,
            "SCRIPT_NAME": "",
            "PATH_INFO": request.path,
            "QUERY_STRING": request.query_string,
            "SERVER_NAME": self.server_address[0],
            "SERVER_PORT": str(self.server_address[1]),
            "SERVER_PROTOCOL": f"HTTP/{request.version.major}.{request.version.minor}",
            "REMOTE_ADDR": request.remote or "",
            "CONTENT_TYPE": request.headers.get("Content-Type", ""),
            "CONTENT_LENGTH": str(len(body)),
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(body),
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": True,
            "wsgi.multiprocess": False,
            "wsgi.run_once": False,
        }
        for name, value in request.headers.items():
            key = "HTTP_" + name.upper().replace("-", "_")
            if key not in ("HTTP_CONTENT_TYPE", "HTTP_CONTENT_LENGTH"):
                environ[key] = f"{environ[key]},{value}" if key in environ else value
        return environ


def _call(app: WSGIApplication, environ: WSGIEnvironment) -> tuple[str, list[tuple[str, str]], bytes]:
    """Run the WSGI application once; return its status, headers and whole body."""
    started: list[tuple[str, list[tuple[str, str]]]] = []

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
        started[:] = [(status, headers)]
        return lambda data: None

    try:
        chunks: Iterable[bytes] = app(environ, start_response)
        data = b"".join(chunks)
        close = getattr(chunks, "close", None)
        if close is not None:
            close()
    except Exception:
        log.exception("slack: the application failed on %s %s", environ["REQUEST_METHOD"], environ["PATH_INFO"])
        return "500 Internal Server Error", [("Content-Type", "text/plain")], b"internal error"
    status, headers = started[0]
    return status, list(headers), data


def _plain(status: int, text: str, *, close: bool = False) -> web.Response:
    response = web.Response(status=status, text=text)
    if close:
        response.force_close()
    return response
