"""The buttons: an answer, a vote, or a moderator's decision on a proposed fact.

A suggested question or a topic is answered, a helpful / not-helpful vote is
recorded, and Accept or Reject under a proposed fact runs as a moderator
command (the moderator checked again on every press).
"""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import App, Respond
from slack_sdk import WebClient

from bot.slack.admin_blocks import ACTION_PROPOSAL
from bot.slack.blocks import SlackMessage
from bot.slack.bot import SlackBot
from bot.slack.buttons import ACTION_FEEDBACK, ACTION_SUGGEST
from bot.slack.listeners.ack import ack_now


def register(app: App, bot: SlackBot) -> None:
    """Attach the suggestion, feedback and proposal button listeners to ``app``."""

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

    def on_proposal(body: dict[str, Any], action: dict[str, Any], respond: Respond, client: WebClient) -> None:
        def send(message: SlackMessage) -> None:
            bot.respond(respond, message)

        with bot.apologising("proposal button", send):
            user = body.get("user") or {}
            verb = str(action.get("action_id", "")).rsplit(":", 1)[-1]
            send(bot.admin.proposal_button(verb, str(action.get("value") or ""), client=client,
                                           user_id=str(user.get("id") or ""),
                                           user_name=user.get("name") or user.get("username")))

    app.action(re.compile(rf"^{ACTION_PROPOSAL}:(accept|reject)$"))(ack=ack_now, lazy=[on_proposal])
    app.action(re.compile(rf"^{ACTION_SUGGEST}:"))(ack=ack_now, lazy=[on_suggestion])
    app.action(re.compile(rf"^{ACTION_FEEDBACK}:(yes|no)$"))(ack=ack_now, lazy=[on_feedback])
