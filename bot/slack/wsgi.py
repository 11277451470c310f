"""The production WSGI entry point: ``app``, built once per worker process from the environment.

A WSGI server runs several worker processes that share the one SQLite database::

    gunicorn --workers 4 --threads 4 --bind 0.0.0.0:3000 'bot.slack.wsgi:app'

Each worker builds its own application (its own database connection and
``auth.test``) when gunicorn loads ``app``, so a bad token or setting stops
the worker at boot; with ``--preload`` the application is rebuilt in each
forked worker on its first request, since an SQLite connection must not
cross a fork.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from bot.config import ConfigError, load_settings
from bot.core.service import KnowledgeBase
from bot.logging_setup import configure_logging
from bot.slack.http import SlackWsgiApp, create_wsgi_app
from bot.slack.startup import StartupError, describe

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment


def create_app() -> SlackWsgiApp:
    """The production application: settings from the environment / ``.env``, the database from ``$BOT_DB``."""
    settings = load_settings()
    configure_logging(settings)
    if not settings.slack_bot_token:
        raise ConfigError("SLACK_BOT_TOKEN is required for HTTP mode")
    kb = KnowledgeBase.open()
    try:
        return create_wsgi_app(kb, settings)
    except Exception as exc:  # the WSGI server prints this: scrubbed, and without the library's chained error
        kb.close()
        raise StartupError(f"could not start Slack HTTP mode: {describe(exc, settings)}") from None


class ProcessLocalApp:
    """Builds the application once per process: a forked worker never reuses its parent's connection."""

    def __init__(self, factory: Callable[[], WSGIApplication]) -> None:
        self._factory = factory
        self._app: WSGIApplication | None = None
        self._pid: int | None = None
        self._lock = threading.Lock()

    def get(self) -> WSGIApplication:
        """The application of the current process, built on first use."""
        pid = os.getpid()
        if self._pid != pid or self._app is None:
            with self._lock:
                if self._pid != pid or self._app is None:
                    self._app, self._pid = self._factory(), pid
        return self._app

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        """Serve one request with the application of the current process."""
        return self.get()(environ, start_response)


_production: ProcessLocalApp | None = None


def __getattr__(name: str) -> ProcessLocalApp:
    """``app`` for the WSGI server, built when the server loads it (so a bad setting fails at boot)."""
    global _production
    if name != "app":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    if _production is None:
        _production = ProcessLocalApp(create_app)
        _production.get()
    return _production
