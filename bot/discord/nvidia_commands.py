"""``/nvidia``: the commands everyone uses, one group so the bot takes a single name in a server's list.

Each command reads its typed options and calls the knowledge base (or
:mod:`bot.chat.commands`) on the bot's worker thread; nothing is parsed from
text. Answers are public unless configured otherwise; help and errors are
only for the asker.
"""

from __future__ import annotations

import logging

import discord
from discord import app_commands

from bot.chat import commands
from bot.core.models import Answer
from bot.core.service import MAX_QUESTION_CHARS
from bot.discord import render
from bot.discord.bot import NvidiaBot
from bot.discord.views import answer_question, send_answer

log = logging.getLogger(__name__)

ERROR_LIMIT = 300
"""How much of a lookup error is shown: it may quote what was typed, which can be long."""
MAX_CHOICES = 25


class NvidiaGroup(app_commands.Group):
    """``/nvidia europe | ask | topics | fact | sources | help``."""

    def __init__(self, bot: NvidiaBot) -> None:
        super().__init__(name="nvidia", description="NVIDIA's European AI announcements, answered with sources")
        self.bot = bot

    @app_commands.command(name="europe", description="Overview of NVIDIA's European announcements, with sources")
    async def europe(self, interaction: discord.Interaction) -> None:
        """Show the overview."""
        overview = await self.bot.work(interaction, not self.bot.public, self.bot.kb.overview)
        await self.bot.send(interaction, embeds=render.overview_embeds(overview), ephemeral=not self.bot.public)

    @app_commands.command(name="ask", description="Ask a question about NVIDIA's European announcements")
    @app_commands.describe(question="Your question, in your own words")
    async def ask(
        self, interaction: discord.Interaction, question: app_commands.Range[str, 1, MAX_QUESTION_CHARS]
    ) -> None:
        """Answer a free question."""
        await answer_question(self.bot, interaction, question)

    @app_commands.command(name="topics", description="What I know about")
    async def topics(self, interaction: discord.Interaction) -> None:
        """List the topics."""
        topics = await self.bot.work(interaction, not self.bot.public, self.bot.kb.topics)
        await self.bot.send(interaction, embeds=render.topics_embeds(topics), ephemeral=not self.bot.public)

    @app_commands.command(name="fact", description="The facts on one topic or entry, with sources")
    @app_commands.describe(topic="Start typing to pick a topic or question")
    async def fact(self, interaction: discord.Interaction, topic: str) -> None:
        """Answer one topic or entry by id, or the first whose title contains what was typed."""
        if not await self.bot.allowed(interaction):
            return
        reply = await self.bot.work(interaction, not self.bot.public, commands.fact_reply, self.bot.kb, topic)
        if isinstance(reply, Answer):
            await send_answer(self.bot, interaction, reply)
        else:
            await self.bot.send(interaction, content=render.cut(reply.text, ERROR_LIMIT), ephemeral=True)

    @fact.autocomplete("topic")
    async def fact_topics(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        """Topics and entries matching what the user has typed so far; a failure shows an empty list."""
        try:
            pairs = await self.bot.call(self.bot.kb.completions, current[: render.CHOICE_LIMIT])
        except Exception:
            log.exception("autocomplete failed for %r", current[:50])
            return []
        return [
            app_commands.Choice(name=render.cut(label, render.CHOICE_LIMIT) or key, value=key)
            for label, key in pairs[:MAX_CHOICES]
            if 1 <= len(key) <= render.CHOICE_LIMIT
        ]

    @app_commands.command(name="sources", description="The source documents my answers quote")
    async def sources(self, interaction: discord.Interaction) -> None:
        """List the sources."""
        sources = await self.bot.work(interaction, not self.bot.public, self.bot.kb.sources)
        await self.bot.send(interaction, embeds=render.sources_embeds(sources), ephemeral=not self.bot.public)

    @app_commands.command(name="help", description="How to use this bot")
    async def help(self, interaction: discord.Interaction) -> None:
        """Show the help (only to the person who asked)."""
        await self.bot.send(interaction, embeds=render.help_embeds(), ephemeral=True)
