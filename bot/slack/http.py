"""Slack HTTP mode: the WSGI application (``POST /slack/events``, ``GET /healthz``), its server, ``run_http``.

Bolt's own WSGI adapter (``slack_bolt.adapter.wsgi``) needs no web framework;
this wraps it with a health check, limits on the body's size and encoding, and
:mod:`bot.slack.guard`'s checks (signature, replay, body shape), so junk gets
401 or 400 and never reaches Bolt. ``python -m bot slack serve`` runs it on
:mod:`bot.slack.server`; production runs the same application under a WSGI
server through :mod:`bot.slack.wsgi`.
"""

from __future__ import annotations

import io
import json
import logging
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient

from bot.config import ConfigError, Settings
from bot.core.health import Health, check_knowledge_base
from bot.core.once import Once
from bot.core.service import KnowledgeBase
from bot.shutdown import stop_on_sigterm
from bot.slack.app import build_app, finish_answers
from bot.slack.guard import REPLAY_MEMORY_S, RequestGuard
from bot.slack.server import HttpServer
from bot.slack.startup import report

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIEnvironment

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
MAX_BODY_BYTES = 1 << 20
"""Slack's requests are a few kilobytes; anything much bigger is refused before it is read."""


class SlackWsgiApp:
    """Routes ``/healthz`` here and everything else to Bolt, once the request has passed the guard."""

    def __init__(self, kb: KnowledgeBase, handler: SlackRequestHandler, guard: RequestGuard) -> None:
        self.kb = kb
        self.handler = handler
        self.guard = guard

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
            refusal = self.guard.check_bytes(_headers(environ), body)
            if refusal is not None:
                if refusal.error is None:
                    log.info("slack: a replayed request was acknowledged and not run again")
                    return _reply(start_response, refusal.status, None)
                return _reply(start_response, refusal.status, {"error": refusal.error})
            environ["wsgi.input"] = io.BytesIO(body)
            environ["CONTENT_LENGTH"] = str(len(body))
            try:
                return self.handler(environ, start_response)
            except Exception as exc:  # a signed body of a shape Bolt trips on: refused, logged in one line
                log.warning("slack: refused a signed request Bolt could not read (%s)", type(exc).__name__)
                return _reply(start_response, "400 Bad Request", {"error": "not a Slack request"})
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
        return _reply(start_response, status, public(health, self.kb.store.path), head=head)


def public(health: Health, db_path: Path | None) -> dict[str, Any]:
    """The health report for anyone who can reach ``/healthz``: the database named by its file name, not its path."""
    body = health.to_json()
    if db_path is not None:
        for check in body["checks"]:
            check["detail"] = str(check["detail"]).replace(str(db_path), db_path.name)
    return body


def _headers(environ: WSGIEnvironment) -> dict[str, str]:
    """The request's headers with lower-case names, as the guard reads them."""
    headers = {key[5:].lower().replace("_", "-"): str(value) for key, value in environ.items()
               if key.startswith("HTTP_")}
    headers["content-type"] = str(environ.get("CONTENT_TYPE") or "")
    return headers


def _reply(start_response: StartResponse, status: str, body: dict[str, Any] | None, *,
           head: bool = False) -> list[bytes]:
    data = json.dumps(body).encode() if body is not None else b""
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
    return [] if head or not data else [data]


def create_wsgi_app(kb: KnowledgeBase, settings: Settings, *, client: WebClient | None = None) -> SlackWsgiApp:
    """The WSGI application for ``kb`` (builds the Bolt app, so calls ``auth.test``)."""
    if not settings.slack_signing_secret:
        raise ConfigError("SLACK_SIGNING_SECRET is required for HTTP mode")
    replays = Once(kb.store.limits, REPLAY_MEMORY_S, namespace="slack:request")
    return SlackWsgiApp(kb, SlackRequestHandler(build_app(kb, settings, client=client), path=EVENTS_PATH),
                        RequestGuard(settings.slack_signing_secret, replays))


def make_server(kb: KnowledgeBase, settings: Settings, *, host: str = "0.0.0.0", port: int = 3000,
                client: WebClient | None = None) -> HttpServer:
    """A bound (not yet serving) HTTP server; port 0 picks a free port (see ``server.server_address``)."""
    return HttpServer(create_wsgi_app(kb, settings, client=client), host, port, max_body=MAX_BODY_BYTES)


def run_http(kb: KnowledgeBase, settings: Settings, port: int = 3000, *, host: str = "0.0.0.0") -> int:
    """HTTP mode on one process (threads): POST /slack/events and GET /healthz until interrupted or SIGTERM."""
    if not (settings.slack_bot_token and settings.slack_signing_secret):
        print("error: HTTP mode needs SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET", file=sys.stderr)
        return 2
    try:
        wsgi = create_wsgi_app(kb, settings)
        server = HttpServer(wsgi, host, port, max_body=MAX_BODY_BYTES)
    except Exception as exc:  # auth.test refused, Slack unreachable, the port taken: say so, without a traceback
        kb.close()
        return report("start Slack HTTP mode", exc, settings)
    bound_host, bound_port = server.server_address[:2]
    print(f"Slack HTTP mode: http://{bound_host!s}:{bound_port}/slack/events (health: /healthz)", file=sys.stderr)
    try:
        with stop_on_sigterm(server.shutdown):  # SIGTERM ends the loop the way Ctrl-C does
            server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        finish_answers(wsgi.handler.app)
        kb.close()
    return 0
