"""The ``/nvidia`` slash command: parsed by the shared grammar, answered through the response_url.

Moderator words (``/nvidia admin ...``) go to :class:`bot.slack.admin.SlackAdmin`,
which checks who is asking; everything else is a user command. Help and usage
replies are free; every other command counts against the rate limit.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import App, Respond
from slack_sdk import WebClient

from bot.chat.grammar import ADMIN_WORD, COMMAND_WORDS, AdminCommand, Command, Usage, is_free, parse
from bot.slack.blocks import SlackMessage
from bot.slack.bot import SlackBot
from bot.slack.listeners.ack import ack_now
from bot.slack.markup import from_slack

COMMAND = "/nvidia"


def moderation(command: Command, text: str) -> AdminCommand | Usage | None:
    """The command if it is for moderators only: a moderator command, or moderator words that make none.

    The grammar answers ``admin frobnicate`` with a usage text; someone who is not a moderator gets
    the same refusal as for a well-formed moderator command instead.
    """
    if isinstance(command, AdminCommand):
        return command
    words = [w.lower() for w in text.split()[:2]]
    if words and words[0] in COMMAND_WORDS:
        words = words[1:]
    return command if isinstance(command, Usage) and words[:1] == [ADMIN_WORD] else None


def register(app: App, bot: SlackBot) -> None:
    """Attach the ``/nvidia`` listener to ``app``."""

    def on_command(command: dict[str, Any], respond: Respond, client: WebClient) -> None:
        def send(message: SlackMessage) -> None:
            bot.respond(respond, message)

        with bot.apologising("slash command", send):
            text = from_slack(command.get("text"))
            parsed = parse(text)
            refusal = None if is_free(parsed) else bot.limited(command["user_id"], command.get("channel_id"))
            if refusal is not None:
                send(refusal)
            elif (admin := moderation(parsed, text)) is not None:
                reply = bot.admin.command(admin, client=client, user_id=command["user_id"],
                                          user_name=command.get("user_name"), trigger_id=command.get("trigger_id"),
                                          channel_id=command.get("channel_id"))
                if reply is not None:
                    send(reply)
            else:
                send(bot.command_reply(parsed, text))

    app.command(COMMAND)(ack=ack_now, lazy=[on_command])
