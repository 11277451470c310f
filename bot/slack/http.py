"""Slack HTTP mode: the WSGI application (``POST /slack/events``, ``GET /healthz``), its threaded server, ``run_http``.

Bolt's own WSGI adapter (``slack_bolt.adapter.wsgi``) needs no web framework;
this wraps it with a health check and a guard on the body's size and
encoding. ``python -m bot slack serve`` runs it on wsgiref's server with one
thread per request; production runs the same application under a WSGI server
through :mod:`bot.slack.wsgi`.
"""

from __future__ import annotations

import io
import json
import logging
import sys
from collections.abc import Iterable
from socketserver import ThreadingMixIn
from typing import TYPE_CHECKING, Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer

from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient

from bot.config import ConfigError, Settings
from bot.core.health import check_knowledge_base
from bot.core.service import KnowledgeBase
from bot.shutdown import stop_on_sigterm
from bot.slack.app import build_app

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIEnvironment

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
MAX_BODY_BYTES = 1 << 20
"""Slack's requests are a few kilobytes; anything much bigger is refused before it is read."""


class SlackWsgiApp:
    """Routes ``/healthz`` here and everything else to Bolt, after checking the body's size and encoding."""

    def __init__(self, kb: KnowledgeBase, handler: SlackRequestHandler) -> None:
        self.kb = kb
        self.handler = handler

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        """Serve one request."""
        method, path = environ.get("REQUEST_METHOD", "GET"), environ.get("PATH_INFO", "")
        if path == HEALTH_PATH and method in ("GET", "HEAD"):
            return self.health(start_response, head=method == "HEAD")
        if method == "POST" and path == EVENTS_PATH:
            try:
                length = int(environ.get("CONTENT_LENGTH") or 0)
            except ValueError:
                return _reply(start_response, "400 Bad Request", {"error": "bad content-length"})
            if length < 0 or length > MAX_BODY_BYTES:
                return _reply(start_response, "413 Content Too Large", {"error": "request too large"})
            body = environ["wsgi.input"].read(length) if length else b""
            try:
                body.decode("utf-8")
            except UnicodeDecodeError:
                return _reply(start_response, "400 Bad Request", {"error": "body is not UTF-8"})
            environ["wsgi.input"] = io.BytesIO(body)
            environ["CONTENT_LENGTH"] = str(len(body))
        return self.handler(environ, start_response)

    def health(self, start_response: StartResponse, *, head: bool = False) -> Iterable[bytes]:
        """200 when this worker's database and index answer a known question (for the load balancer), else 503."""
        try:
            health = check_knowledge_base(self.kb)
        except Exception as exc:  # a probe must report, never crash the worker
            log.exception("slack: health check failed")
            return _reply(start_response, "503 Service Unavailable",
                          {"ok": False, "checks": [{"name": "health", "ok": False, "detail": type(exc).__name__}]},
                          head=head)
        if not health.ok:
            log.warning("slack: unhealthy: %s", "; ".join(health.lines()))
        status = "200 OK" if health.ok else "503 Service Unavailable"
        return _reply(start_response, status, health.to_json(), head=head)


def _reply(start_response: StartResponse, status: str, body: dict[str, Any], *, head: bool = False) -> list[bytes]:
    data = json.dumps(body).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
    return [] if head else [data]


def create_wsgi_app(kb: KnowledgeBase, settings: Settings, *, client: WebClient | None = None) -> SlackWsgiApp:
    """The WSGI application for ``kb`` (builds the Bolt app, so calls ``auth.test``)."""
    if not settings.slack_signing_secret:
        raise ConfigError("SLACK_SIGNING_SECRET is required for HTTP mode")
    return SlackWsgiApp(kb, SlackRequestHandler(build_app(kb, settings, client=client), path=EVENTS_PATH))


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    """wsgiref's server, one thread per request, so a slow listener never delays another request's ack."""

    daemon_threads = True
    request_queue_size = 128
    """socketserver's default backlog of 5 makes a burst of clients wait a second for a SYN retry."""


class QuietHandler(WSGIRequestHandler):
    """Logs requests at DEBUG without query strings (wsgiref prints every request to stderr)."""

    def log_message(self, format: str, *args: Any) -> None:
        """Route wsgiref's request lines to our logger."""
        log.debug("http %s %s", self.command, self.path.split("?", 1)[0])


def make_server(kb: KnowledgeBase, settings: Settings, *, host: str = "0.0.0.0", port: int = 3000,
                client: WebClient | None = None) -> ThreadingWSGIServer:
    """A bound (not yet serving) HTTP server; port 0 picks a free port (see ``server.server_address``)."""
    wsgi = create_wsgi_app(kb, settings, client=client)
    server = ThreadingWSGIServer((host, port), QuietHandler)
    server.set_app(wsgi)
    return server


def run_http(kb: KnowledgeBase, settings: Settings, port: int = 3000, *, host: str = "0.0.0.0") -> int:
    """HTTP mode on one process (threads): POST /slack/events and GET /healthz until interrupted or SIGTERM."""
    if not (settings.slack_bot_token and settings.slack_signing_secret):
        print("error: HTTP mode needs SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET", file=sys.stderr)
        return 2
    try:
        server = make_server(kb, settings, host=host, port=port)
    except Exception as exc:  # auth.test refused or Slack unreachable: say so, without a traceback
        log.error("slack: could not start HTTP mode: %s", exc)
        print(f"error: could not start Slack HTTP mode: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    bound_host, bound_port = server.server_address[:2]
    print(f"Slack HTTP mode: http://{bound_host!s}:{bound_port}/slack/events (health: /healthz)", file=sys.stderr)
    try:
        with stop_on_sigterm(server.shutdown):  # SIGTERM ends the loop the way Ctrl-C does
            server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        kb.close()
    return 0
