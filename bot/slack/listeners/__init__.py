"""Attaches every listener to the Bolt app, one module per kind of request (as in Bolt's starter template).

Every listener but the form's is split in two: an ack function that runs in the
request's own thread and does nothing but ``ack()``, and a lazy function, run on
the app's thread pool, that does the work. So the ack never waits for the
knowledge base, for Slack's Web API or for a busy pool, and Slack's 3-second
limit holds however busy the answering threads are.
"""

from __future__ import annotations

import logging

from slack_bolt import App

from bot.slack.bot import SlackBot
from bot.slack.listeners import actions, commands, events, views

log = logging.getLogger(__name__)


def register(app: App, bot: SlackBot) -> None:
    """Attach the command, event, action and view listeners, and the last-resort error handler, to ``app``."""
    commands.register(app, bot)
    events.register(app, bot)
    actions.register(app, bot)
    views.register(app, bot)

    @app.error
    def on_error(error: Exception) -> None:
        # Reached only for failures outside the listeners' own handling (never with the request body).
        log.error("slack: request failed: %s", type(error).__name__, exc_info=error)
