"""Mentions and direct messages: a message that mentions the bot (or is sent to it) is a question.

Everything else is ignored: other people's conversations, bots, webhooks,
the bot itself, and ``@everyone`` on its own. Replies point to the question
and ping nobody. The cooldown applies as for commands, but a notice in a
channel is public, so it is said once per cooldown, not once per message.
"""

from __future__ import annotations

import asyncio
import logging
import re

import discord

from bot.chat import commands
from bot.discord import render
from bot.discord.bot import APOLOGY, PLATFORM, NvidiaBot
from bot.discord.views import answer_view
from bot.logging_setup import new_request_id

log = logging.getLogger(__name__)


class MentionHandler:
    """The bot's ``on_message``: answers mentions and DMs."""

    def __init__(self, bot: NvidiaBot) -> None:
        self.bot = bot
        self._cooldown_told: dict[int, float] = {}

    def question_in(self, message: discord.Message) -> str | None:
        """The question in a DM or a message mentioning the bot, or None if the message is not for us."""
        me = self.bot.user
        if me is None or message.author.bot or message.author.id == me.id or message.webhook_id is not None:
            return None
        if message.type not in (discord.MessageType.default, discord.MessageType.reply):
            return None
        mentions = [rf"<@!?{me.id}>"]
        if not isinstance(message.channel, discord.DMChannel):  # not "guild is None": it may be uncached
            own_role = message.guild.self_role if message.guild else None
            if own_role is not None and own_role in message.role_mentions:
                mentions.append(rf"<@&{own_role.id}>")
            elif not any(user.id == me.id for user in message.mentions):
                return None  # @everyone alone is not a question for us
        return re.sub("|".join(mentions), " ", message.content).strip()

    async def on_message(self, message: discord.Message) -> None:
        """Answer a mention or a DM as a question; ignore bots, ourselves and everything else."""
        question = self.question_in(message)
        if question is None:
            return
        new_request_id()
        try:
            if not question:
                await self.bot.reply(message, embeds=render.help_embeds())
                return
            verdict = await self.bot.cooldown(message.author.id, message.channel.id)
            if not verdict.allowed:
                if self._should_tell_cooldown(message.author.id, verdict.retry_after):
                    await self.bot.reply(message, content=verdict.message)
                return
            answer = await self.bot.call(commands.ask, self.bot.kb, question, platform=PLATFORM)
            await self.bot.reply(message, embeds=render.answer_embeds(answer), view=answer_view(answer))
        except Exception as exc:
            log.error("answering message %s in channel %s failed: %r", message.id, message.channel.id, exc,
                      exc_info=exc)
            try:
                await self.bot.reply(message, content=APOLOGY)
            except Exception as again:
                log.warning("could not send an apology for message %s: %r", message.id, again)

    def _should_tell_cooldown(self, user_id: int, retry_after: float) -> bool:
        now = asyncio.get_running_loop().time()
        if self._cooldown_told.get(user_id, 0.0) > now:
            return False
        self._cooldown_told = {u: t for u, t in self._cooldown_told.items() if t > now}
        self._cooldown_told[user_id] = now + max(retry_after, 1.0)
        return True
