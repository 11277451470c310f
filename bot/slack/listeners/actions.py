"""The buttons under answers: a suggested question or a topic answered, a helpful / not-helpful vote recorded."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import App, Respond

from bot.slack.blocks import SlackMessage
from bot.slack.bot import SlackBot
from bot.slack.buttons import ACTION_FEEDBACK, ACTION_SUGGEST
from bot.slack.listeners.ack import ack_now


def register(app: App, bot: SlackBot) -> None:
    """Attach the suggestion and feedback button listeners to ``app``."""

    def on_suggestion(body: dict[str, Any], action: dict[str, Any], respond: Respond) -> None:
        thread_ts = (body.get("message") or {}).get("thread_ts")

        def send(message: SlackMessage) -> None:
            bot.respond(respond, message, thread_ts=thread_ts)

        with bot.apologising("suggestion button", send):
            refusal = bot.limited(body["user"]["id"], (body.get("channel") or {}).get("id"))
            send(refusal or bot.entry_reply(str(action.get("value") or "")))

    def on_feedback(body: dict[str, Any], action: dict[str, Any], respond: Respond) -> None:
        def send(message: SlackMessage) -> None:
            bot.respond(respond, message)

        with bot.apologising("feedback button", send):
            helpful = str(action.get("action_id", "")).endswith(":yes")
            send(bot.vote(str(action.get("value") or ""), body["user"]["id"], helpful))

    app.action(re.compile(rf"^{ACTION_SUGGEST}:"))(ack=ack_now, lazy=[on_suggestion])
    app.action(re.compile(rf"^{ACTION_FEEDBACK}:(yes|no)$"))(ack=ack_now, lazy=[on_feedback])
