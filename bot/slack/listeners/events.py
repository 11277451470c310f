"""Mentions in channels and direct messages: each question is answered in a thread under it.

Messages from bots (this one included), edits and other subtypes are ignored,
so the app never answers itself; an event Slack retries is answered once.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from bot.chat.grammar import is_free, parse
from bot.slack.blocks import SlackMessage
from bot.slack.bot import SlackBot
from bot.slack.listeners.ack import ack_now
from bot.slack.markup import from_slack, strip_mention

log = logging.getLogger(__name__)


def is_from_bot(event: dict[str, Any], bot_user_id: str | None) -> bool:
    """Whether a message came from a bot (this one or another): answering those risks reply loops."""
    return bool(
        event.get("bot_id")
        or event.get("bot_profile")
        or event.get("subtype")
        or not event.get("user")
        or (bot_user_id and event.get("user") == bot_user_id)
    )


def register(app: App, bot: SlackBot) -> None:
    """Attach the ``app_mention`` and ``message`` listeners to ``app``."""

    def on_question(event: dict[str, Any], body: dict[str, Any], client: WebClient, context: BoltContext,
                    direct: bool) -> None:
        if is_from_bot(event, context.bot_user_id) or not bot.first_time(body.get("event_id")):
            return
        channel, user = event.get("channel"), event.get("user")
        thread_ts = event.get("thread_ts") or event.get("ts")
        if not (channel and user and thread_ts):
            log.warning("slack: ignored a %s without channel, user or ts", event.get("type"))
            return

        def send(message: SlackMessage) -> None:
            bot.post(client, message, channel=channel, user=user, thread_ts=thread_ts, direct=direct)

        with bot.apologising("direct message" if direct else "mention", send):
            text = from_slack(strip_mention(event.get("text") or "", context.bot_user_id))
            command = parse(text)
            refusal = None if is_free(command) else bot.limited(user, None if direct else channel)
            send(refusal or bot.command_reply(command, text))

    def on_mention(event: dict[str, Any], body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        on_question(event, body, client, context, direct=False)

    def on_message(event: dict[str, Any], body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        # Every message event is acknowledged; only a person's own message in our DMs is a question.
        if event.get("channel_type") == "im":
            on_question(event, body, client, context, direct=True)

    app.event("app_mention")(ack=ack_now, lazy=[on_mention])
    app.event("message")(ack=ack_now, lazy=[on_message])
