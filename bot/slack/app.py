"""The Bolt app: the Web API client, quiet library logging, and every listener attached; no transport.

Like Bolt's own ``App``, this knows nothing of how requests arrive: the
adapters (:mod:`bot.slack.http`, :mod:`bot.slack.wsgi`,
:mod:`bot.slack.socket_mode`) import :func:`build_app`, never the other way.
"""

from __future__ import annotations

import logging
import secrets
from concurrent.futures import ThreadPoolExecutor

from slack_bolt import App
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped
from slack_sdk import WebClient

from bot.config import Settings
from bot.core.service import KnowledgeBase
from bot.slack import listeners
from bot.slack.bot import SlackBot
from bot.slack.retries import web_api_retries

LISTENER_THREADS = 16
"""Answers worked on at once per process (mostly waiting on Slack's Web API); acks never wait for these."""


class _DropClientTokenWarning(logging.Filter):
    """Bolt warns that ``$SLACK_BOT_TOKEN`` is unused whenever a client is given; ours carries that token."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Drop just that one warning."""
        return record.getMessage() != warning_client_prioritized_and_token_skipped()


def quiet_logger(name: str, settings: Settings) -> logging.Logger:
    """A logger for Bolt / slack_sdk at WARNING or above: their INFO and DEBUG lines include request bodies."""
    logger = logging.getLogger(name)
    level = logging.getLevelName(settings.log_level)
    logger.setLevel(max(logging.WARNING, level if isinstance(level, int) else logging.WARNING))
    if not any(isinstance(f, _DropClientTokenWarning) for f in logger.filters):
        logger.addFilter(_DropClientTokenWarning())
    return logger


def web_client(settings: Settings) -> WebClient:
    """The Web API client, pointed at ``SLACK_API_URL`` (Slack's by default; a local stub in tests).

    Rate-limited calls (HTTP 429) are retried after Slack's ``Retry-After`` (see :mod:`bot.slack.retries`).
    """
    return WebClient(
        token=settings.slack_bot_token,
        base_url=settings.slack_api_url,
        logger=quiet_logger("bot.slack.web", settings),
        retry_handlers=web_api_retries(),
    )


def build_app(kb: KnowledgeBase, settings: Settings, *, client: WebClient | None = None) -> App:
    """The Bolt app with every listener; calls ``auth.test`` once, through ``SLACK_API_URL``.

    Listeners ack at once and do their work on a pool of ``LISTENER_THREADS`` (see
    :mod:`bot.slack.listeners`); Bolt's default would run the whole listener on a pool of 5 and
    ack only once it got a thread.
    """
    if not settings.slack_bot_token and client is None:
        raise ValueError("SLACK_BOT_TOKEN is required for Slack")
    app = App(
        client=client or web_client(settings),
        # Without a signing secret (Socket Mode) a random one makes every HTTP request fail verification,
        # rather than Bolt falling back to $SLACK_SIGNING_SECRET or accepting an empty key.
        signing_secret=settings.slack_signing_secret or secrets.token_hex(32),
        logger=quiet_logger("bot.slack.bolt", settings),
        process_before_response=True,
        listener_executor=ThreadPoolExecutor(max_workers=LISTENER_THREADS, thread_name_prefix="slack-listener"),
    )
    listeners.register(app, SlackBot(kb, settings))
    return app


def finish_answers(app: App) -> None:
    """Wait for the answers already acknowledged, so the database is closed after them, not under them."""
    app.listener_runner.listener_executor.shutdown(wait=True)
