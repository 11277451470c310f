"""The Discord client: the gateway connection, the worker thread for core calls, and how replies are sent.

What lives here is what every part of the adapter shares: the auto-sharded
client, the command tree (which logs failures with their cause and answers
with a short apology), the cooldown, ephemeral replies and the rule that no
reply ever pings anyone. The commands, buttons and mention handling are
added by :func:`bot.discord.app.build_bot`; each receives this client.

The core is synchronous and shares one SQLite connection, so its calls run on
one worker thread rather than on the event loop. Measured: a question takes
about 1 ms (p95 under 2 ms, worst about 11 ms), but rebuilding the index after a
moderator's edit takes about 20 ms, and a write (a vote, the unanswered queue)
can wait up to SQLite's 5 s busy timeout while another process holds the lock.
One thread, not a pool, because the core's writes are not safe to interleave
across threads on its shared connection.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import logging
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, ParamSpec, TypeVar

import discord
from discord import app_commands

from bot.config import Settings
from bot.core.ratelimit import RateLimiter, Verdict
from bot.core.service import KnowledgeBase
from bot.discord import render
from bot.logging_setup import new_request_id

log = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")

PLATFORM = "discord"
NO_MENTIONS = discord.AllowedMentions.none()
"""Used on every send: ``@everyone`` or ``<@id>`` in a question or a fact is shown, never triggered."""
CONTENT_LIMIT = 2000
APOLOGY = "Sorry, something went wrong on my side while answering that. Please try again in a moment."
OUTDATED = "This command is out of date. Please try again later (a server admin may need to re-sync the bot)."
DEFER_AFTER = 2.0
"""Seconds to wait for the core before telling Discord "thinking…" (it drops replies after 3 s)."""

REQUIRED_PERMISSIONS = discord.Permissions(
    view_channel=True,  # see the channel it is mentioned in
    send_messages=True,  # reply to mentions (slash-command replies need no permission)
    send_messages_in_threads=True,  # the same inside threads
    embed_links=True,  # without it, the answer embeds of a channel reply are dropped
    read_message_history=True,  # a reply refers to the question's message
)
"""What the invite asks for: 274877991936. Nothing to manage, moderate or mention."""


def invite_url(application_id: int) -> str:
    """The OAuth2 link that adds the bot with its slash commands and exactly the permissions above."""
    return discord.utils.oauth_url(
        application_id, permissions=REQUIRED_PERMISSIONS, scopes=("bot", "applications.commands")
    )


def bot_intents() -> discord.Intents:
    """Default intents: mentions and DMs arrive with their text without the privileged message-content intent."""
    intents = discord.Intents.default()
    intents.message_content = False
    intents.typing = False
    intents.dm_typing = False
    return intents


def silence_voice_warnings() -> None:
    """Drop the "PyNaCl/davey is not installed" warnings: the bot never joins voice."""
    discord.VoiceClient.warn_nacl = False
    discord.VoiceClient.warn_dave = False


class NvidiaTree(app_commands.CommandTree["NvidiaBot"]):
    """The command tree, whose errors are logged with their cause and answered with a short apology."""

    async def interaction_check(self, interaction: discord.Interaction[NvidiaBot], /) -> bool:
        """Give each command (and autocomplete) its own request id, which every log line of it carries."""
        new_request_id()
        return True

    async def on_error(
        self, interaction: discord.Interaction[NvidiaBot], error: app_commands.AppCommandError, /
    ) -> None:
        """Log the failure (with its traceback, never shown to the user) and apologise ephemerally."""
        name = interaction.command.qualified_name if interaction.command else "unknown"
        if isinstance(error, app_commands.CommandNotFound | app_commands.CommandSignatureMismatch):
            log.warning("/%s: %s (run `python -m bot discord sync`)", name, error)
            await self.client.apologise(interaction, OUTDATED)
            return
        cause = error.original if isinstance(error, app_commands.CommandInvokeError) else error
        log.error("/%s failed in guild %s: %r", name, interaction.guild_id, cause, exc_info=cause)
        await self.client.apologise(interaction, APOLOGY)


class NvidiaBot(discord.AutoShardedClient):
    """One process, any number of shards; all of them answer from the same knowledge base.

    ``options`` go to :class:`discord.AutoShardedClient` as they are (a ``connector`` for a proxy, say).
    """

    def __init__(
        self, kb: KnowledgeBase, settings: Settings, *, limiter: RateLimiter | None = None, **options: Any
    ) -> None:
        if settings.discord_shard_count is not None:
            options.setdefault("shard_count", settings.discord_shard_count)
        if settings.discord_shard_ids:
            options.setdefault("shard_ids", list(settings.discord_shard_ids))
        silence_voice_warnings()
        super().__init__(intents=bot_intents(), allowed_mentions=NO_MENTIONS, **options)
        self.kb = kb
        self.settings = settings
        self.limiter = limiter or RateLimiter(settings.user_rate, settings.channel_rate, settings.rate_window_s,
                                              hits=kb.store.limits, namespace=PLATFORM)
        """The cooldown, counted in the database: shards in several processes give a user one limit, not one each."""
        self.tree = NvidiaTree(self)
        self.defer_after = DEFER_AFTER
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="knowledge-base")

    @classmethod
    def of(cls, interaction: discord.Interaction[Any]) -> NvidiaBot:
        """The bot behind an interaction (for buttons, which discord.py rebuilds from a press without us)."""
        client = interaction.client
        if not isinstance(client, cls):
            raise RuntimeError("this interaction needs the NvidiaBot client")
        return client

    @property
    def public(self) -> bool:
        """Whether answers are visible to the channel (errors and help never are)."""
        return self.settings.answers_public

    # -- start and stop -------------------------------------------------------------------------------

    async def close(self) -> None:
        """Disconnect, then stop the worker: the call in flight finishes, queued ones nobody will see are dropped."""
        try:
            await super().close()
        finally:
            await asyncio.to_thread(self._worker.shutdown, wait=True, cancel_futures=True)

    async def on_ready(self) -> None:
        """Say that the bot is up, as whom, in how many guilds and on which shards."""
        log.info(
            "Discord bot ready as %s (id %s) in %d guilds; shards %s of %s",
            self.user, self.user.id if self.user else "?", len(self.guilds),
            sorted(self.shards), self.shard_count,
        )
        if self.application_id:
            log.info("invite link: %s", invite_url(self.application_id))

    async def on_shard_ready(self, shard_id: int) -> None:
        """Shards come up one by one; log each."""
        log.info("shard %s ready", shard_id)

    # -- running the core off the loop ---------------------------------------------------------------

    async def call(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        """Run a core call on the worker thread, so SQLite and matching never stall the event loop.

        The call runs in a copy of this task's context, so the core's log lines carry the request id.
        """
        loop = asyncio.get_running_loop()
        context = contextvars.copy_context()
        return await loop.run_in_executor(self._worker, context.run, functools.partial(fn, *args, **kwargs))

    async def work(
        self,
        interaction: discord.Interaction[Any],
        ephemeral: bool,
        fn: Callable[P, T],
        /,
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> T:
        """A core call for an interaction; if it is slow, tell Discord "thinking…" before the 3 s deadline."""
        task = asyncio.ensure_future(self.call(fn, *args, **kwargs))
        done, _ = await asyncio.wait({task}, timeout=self.defer_after)
        if not done and not interaction.response.is_done():
            await interaction.response.defer(ephemeral=ephemeral, thinking=True)
        return await task

    # -- sending ------------------------------------------------------------------------------------

    async def send(
        self,
        interaction: discord.Interaction[Any],
        *,
        embeds: Sequence[discord.Embed] = (),
        content: str | None = None,
        view: discord.ui.View | None = None,
        ephemeral: bool,
    ) -> None:
        """Reply to an interaction (or follow up a deferred one), never pinging anyone."""
        kwargs = _message(embeds, content, view)
        kwargs["ephemeral"] = ephemeral
        if interaction.response.is_done():
            await interaction.followup.send(**kwargs)
        else:
            await interaction.response.send_message(**kwargs)

    async def reply(
        self,
        message: discord.Message,
        *,
        embeds: Sequence[discord.Embed] = (),
        content: str | None = None,
        view: discord.ui.View | None = None,
    ) -> None:
        """Reply to a message without pinging its author or anyone it names, even if it was deleted."""
        kwargs = _message(embeds, content, view)
        kwargs["reference"] = message.to_reference(fail_if_not_exists=False)
        kwargs["mention_author"] = False
        await message.channel.send(**kwargs)

    async def apologise(self, interaction: discord.Interaction[Any], text: str = APOLOGY) -> None:
        """A short ephemeral apology; if even that fails (say the interaction expired), log it."""
        try:
            await self.send(interaction, content=text, ephemeral=True)
        except Exception as exc:
            log.warning("could not send an apology for interaction %s: %r", interaction.id, exc)

    async def cooldown(self, user_id: int, channel_id: int | None) -> Verdict:
        """Count a question against the cooldown, off the event loop (the count is a short database write)."""
        channel = str(channel_id) if channel_id else None
        return await asyncio.to_thread(self.limiter.check, str(user_id), channel)

    async def allowed(self, interaction: discord.Interaction[Any]) -> bool:
        """Apply the cooldown; when hit, say so kindly and only to the asker."""
        verdict = await self.cooldown(interaction.user.id, interaction.channel_id)
        if not verdict.allowed:
            await self.send(interaction, content=verdict.message, ephemeral=True)
        return verdict.allowed


def _message(
    embeds: Sequence[discord.Embed], content: str | None, view: discord.ui.View | None
) -> dict[str, Any]:
    """The keyword arguments of one send: no mentions, content cut to Discord's limit."""
    problems = render.embed_problems(embeds)
    if problems:  # the renderer prevents this; if it ever fails, say so loudly rather than send a 400
        raise ValueError(f"reply would break Discord's limits: {problems}")
    kwargs: dict[str, Any] = {"allowed_mentions": NO_MENTIONS}
    if embeds:
        kwargs["embeds"] = list(embeds)
    if content:
        kwargs["content"] = render.cut(content, CONTENT_LIMIT)
    if view is not None:
        kwargs["view"] = view
    return kwargs
