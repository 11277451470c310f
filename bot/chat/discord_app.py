"""The Discord adapter: ``/nvidia`` application commands, mentions and DMs, buttons.

A thin layer: every question goes to ``KnowledgeBase`` and every reply is drawn
by ``render_discord``; nothing here matches or reads data. What lives here is
what only Discord has: the command tree, the auto-sharded gateway client,
persistent buttons (their ``custom_id`` carries what a press needs, so they keep
working after a restart), the cooldown, ephemeral replies and the rule that no
reply ever pings anyone.

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
import contextlib
import contextvars
import functools
import logging
import re
import signal
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import Any, ParamSpec, Self, TypeVar, cast

import aiohttp
import discord
from discord import app_commands

from bot.chat import render_discord as render
from bot.chat.commands import ErrorReply, run_command
from bot.config import Settings
from bot.core.models import Answer, Match, MatchKind, Status, Voter
from bot.core.ratelimit import RateLimiter
from bot.core.service import MAX_QUESTION_CHARS, KnowledgeBase
from bot.logging_setup import new_request_id

log = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")

NO_MENTIONS = discord.AllowedMentions.none()
"""Used on every send: ``@everyone`` or ``<@id>`` in a question or a fact is shown, never triggered."""
CONTENT_LIMIT = 2000
APOLOGY = "Sorry, something went wrong on my side while answering that. Please try again in a moment."
OUTDATED = "This command is out of date. Please try again later (a server admin may need to re-sync the bot)."
DEFER_AFTER = 2.0
"""Seconds to wait for the core before telling Discord "thinking…" (it drops replies after 3 s)."""
PLATFORM = "discord"

STATUSES: tuple[Status, ...] = ("answered", "unsure", "no_answer")
_ID = r"[A-Za-z0-9_.-]+"
SUGGEST_TEMPLATE = rf"nvidia:sg:(?P<kind>faq|fact):(?P<id>{_ID})"
VOTE_TEMPLATE = rf"nvidia:fb:(?P<vote>[yn]):(?P<ref>(?:faq|fact):{_ID}|answered|unsure|no_answer)"
ASK_TEMPLATE = "nvidia:ask"
MODAL_TIMEOUT = 600.0
"""A form left open longer is forgotten (so abandoned forms do not pile up in memory)."""
CUSTOM_ID_LIMIT = 100
MAX_SUGGESTION_BUTTONS = 20
"""Four rows of five; the fifth row holds the feedback buttons."""


# -- the commands ----------------------------------------------------------------------------------


def _bot(interaction: discord.Interaction) -> NvidiaBot:
    """The running bot behind an interaction (commands are defined apart from it, for ``commands --json``)."""
    client = interaction.client
    if not isinstance(client, NvidiaBot):
        raise RuntimeError("the /nvidia commands need the NvidiaBot client")
    return client


class NvidiaGroup(app_commands.Group):
    """``/nvidia``: one group, so the bot takes a single top-level name in a server's command list."""

    def __init__(self) -> None:
        super().__init__(name="nvidia", description="NVIDIA's European AI announcements, answered with sources")

    @app_commands.command(name="europe", description="Overview of NVIDIA's European announcements, with sources")
    async def europe(self, interaction: discord.Interaction) -> None:
        """Show the overview."""
        await _bot(interaction).on_europe(interaction)

    @app_commands.command(name="ask", description="Ask a question about NVIDIA's European announcements")
    @app_commands.describe(question="Your question, in your own words")
    async def ask(
        self, interaction: discord.Interaction, question: app_commands.Range[str, 1, MAX_QUESTION_CHARS]
    ) -> None:
        """Answer a free question."""
        await _bot(interaction).on_ask(interaction, question)

    @app_commands.command(name="topics", description="What I know about")
    async def topics(self, interaction: discord.Interaction) -> None:
        """List the topics."""
        await _bot(interaction).on_topics(interaction)

    @app_commands.command(name="fact", description="The facts on one topic or entry, with sources")
    @app_commands.describe(topic="Start typing to pick a topic or question")
    async def fact(self, interaction: discord.Interaction, topic: str) -> None:
        """Answer one topic or entry by id."""
        await _bot(interaction).on_fact(interaction, topic)

    @fact.autocomplete("topic")
    async def fact_topics(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        """Topics and entries matching what the user has typed so far."""
        return await _bot(interaction).complete_topics(current)

    @app_commands.command(name="sources", description="The source documents my answers quote")
    async def sources(self, interaction: discord.Interaction) -> None:
        """List the sources."""
        await _bot(interaction).on_sources(interaction)

    @app_commands.command(name="help", description="How to use this bot")
    async def help(self, interaction: discord.Interaction) -> None:
        """Show the help (only to the person who asked)."""
        await _bot(interaction).on_help(interaction)


def silence_voice_warnings() -> None:
    """Drop the "PyNaCl/davey is not installed" warnings: the bot never joins voice."""
    discord.VoiceClient.warn_nacl = False
    discord.VoiceClient.warn_dave = False


def offline_tree() -> app_commands.CommandTree[discord.Client]:
    """A command tree holding ``/nvidia`` on a client that never connects (for payloads and ``sync``)."""
    silence_voice_warnings()
    tree: app_commands.CommandTree[discord.Client] = app_commands.CommandTree(
        discord.Client(intents=discord.Intents.default())
    )
    return tree


def command_payloads() -> list[dict[str, Any]]:
    """The exact JSON ``sync`` registers, built offline (no token, no network)."""
    from bot.chat.discord_admin import AdminGroup  # it builds on this module

    tree = offline_tree()
    tree.add_command(NvidiaGroup())
    tree.add_command(AdminGroup())
    return [command.to_dict(tree) for command in tree.get_commands()]


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


# -- buttons that survive restarts -----------------------------------------------------------------


class SuggestionButton(discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]], template=SUGGEST_TEMPLATE):
    """A "did you mean" button; its custom_id names the entry, so it works on old messages too."""

    def __init__(self, kind: MatchKind, entry_id: str, label: str) -> None:
        super().__init__(
            discord.ui.Button(
                label=render.cut(label, render.BUTTON_LABEL_LIMIT) or entry_id,
                style=discord.ButtonStyle.secondary,
                custom_id=f"nvidia:sg:{kind}:{entry_id}",
            )
        )
        self.kind: MatchKind = kind
        self.entry_id = entry_id
        self.label = label

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> Self:
        """Rebuild the button from a press: the label shown on the message is the question to answer."""
        label = getattr(item, "label", None) or match["id"]
        return cls(cast(MatchKind, match["kind"]), match["id"], label)

    async def callback(self, interaction: discord.Interaction) -> None:
        """Answer the suggested entry."""
        await _bot(interaction).on_suggestion(interaction, self.kind, self.entry_id, self.label)


class FeedbackButton(discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]], template=VOTE_TEMPLATE):
    """Helpful / not helpful; its custom_id holds the vote and the answer's match (or status)."""

    def __init__(self, helpful: bool, ref: str) -> None:
        super().__init__(
            discord.ui.Button(
                label="Helpful" if helpful else "Not helpful",
                emoji="👍" if helpful else "👎",
                style=discord.ButtonStyle.secondary,
                custom_id=f"nvidia:fb:{'y' if helpful else 'n'}:{ref}",
                row=4,
            )
        )
        self.helpful = helpful
        self.ref = ref

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> Self:
        """Rebuild the button from a press."""
        return cls(match["vote"] == "y", match["ref"])

    async def callback(self, interaction: discord.Interaction) -> None:
        """Record the vote."""
        await _bot(interaction).on_vote(interaction, self.helpful, self.ref)


class AskButton(discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]], template=ASK_TEMPLATE):
    """"Ask differently": opens a form to rephrase, under answers that missed."""

    def __init__(self) -> None:
        super().__init__(
            discord.ui.Button(
                label="Ask differently", emoji="✏️", style=discord.ButtonStyle.primary, custom_id=ASK_TEMPLATE, row=4
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> Self:
        """Nothing to decode: the button always opens the same form."""
        return cls()

    async def callback(self, interaction: discord.Interaction) -> None:
        """Open the question form."""
        try:
            await interaction.response.send_modal(AskModal())
        except Exception as exc:
            log.error("could not open the question form: %r", exc, exc_info=exc)
            await _bot(interaction).apologise(interaction)


class AskModal(discord.ui.Modal, title="Ask about NVIDIA in Europe"):
    """The rephrase form; submitting it asks the question like ``/nvidia ask``."""

    question: discord.ui.TextInput[AskModal] = discord.ui.TextInput(
        label="Your question",
        placeholder="For example: how many chips will Mistral Compute use?",
        min_length=1,
        max_length=MAX_QUESTION_CHARS,
    )

    def __init__(self) -> None:
        super().__init__(timeout=MODAL_TIMEOUT)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        """Answer the submitted question."""
        new_request_id()
        await _bot(interaction).on_ask(interaction, self.question.value)

    async def on_error(  # type: ignore[override]  # Modal.on_error has no item argument, unlike View
        self, interaction: discord.Interaction, error: Exception, /
    ) -> None:
        """Log with the cause and apologise, as for commands."""
        log.error("question form failed: %r", error, exc_info=error)
        await _bot(interaction).apologise(interaction)


def vote_ref(answer: Answer) -> str:
    """What a feedback button must remember: the matched entry, or the status when nothing matched."""
    if answer.match is not None:
        ref = f"{answer.match.kind}:{answer.match.id}"
        if re.fullmatch(VOTE_TEMPLATE, f"nvidia:fb:y:{ref}") and len(f"nvidia:fb:y:{ref}") <= CUSTOM_ID_LIMIT:
            return ref
    return answer.status


def answer_from_vote(ref: str, question: str) -> Answer:
    """The answer a vote is about, rebuilt from the button and the message (all ``record_feedback`` keys on)."""
    if ref in STATUSES:
        return Answer(question, ref, None, 0.0)
    kind, _, entry_id = ref.partition(":")
    return Answer(question, "answered", None, 0.0, match=Match(cast(MatchKind, kind), entry_id))


def answer_view(answer: Answer) -> discord.ui.View:
    """Suggestions and "ask differently" when the answer missed; the feedback buttons on every answer."""
    view = discord.ui.View(timeout=None)
    if answer.status == "unsure":
        seen: set[str] = set()
        for label, match in list(zip(answer.suggestions, answer.suggested, strict=False))[:MAX_SUGGESTION_BUTTONS]:
            custom_id = f"nvidia:sg:{match.kind}:{match.id}"
            if custom_id in seen or len(custom_id) > CUSTOM_ID_LIMIT or not re.fullmatch(SUGGEST_TEMPLATE, custom_id):
                continue  # still listed in the embed; only the button is left out
            seen.add(custom_id)
            view.add_item(SuggestionButton(match.kind, match.id, label))
    if answer.status != "answered":
        view.add_item(AskButton())
    ref = vote_ref(answer)
    view.add_item(FeedbackButton(True, ref))
    view.add_item(FeedbackButton(False, ref))
    return view


# -- the client ------------------------------------------------------------------------------------

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


class NvidiaBot(discord.AutoShardedClient):
    """One process, any number of shards; all of them answer from the same knowledge base."""

    def __init__(self, kb: KnowledgeBase, settings: Settings, *, limiter: RateLimiter | None = None) -> None:
        shards: dict[str, Any] = {"shard_count": settings.discord_shard_count}
        if settings.discord_shard_ids:
            shards["shard_ids"] = list(settings.discord_shard_ids)
        silence_voice_warnings()
        super().__init__(intents=bot_intents(), allowed_mentions=NO_MENTIONS, **shards)
        self.kb = kb
        self.settings = settings
        self.limiter = limiter or RateLimiter(settings.user_rate, settings.channel_rate, settings.rate_window_s)
        self.tree = NvidiaTree(self)
        self.tree.add_command(NvidiaGroup())
        from bot.chat.discord_admin import AdminGroup  # it builds on this module

        self.tree.add_command(AdminGroup())
        self.defer_after = DEFER_AFTER
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="knowledge-base")
        self._cooldown_told: dict[int, float] = {}

    @property
    def public(self) -> bool:
        """Whether answers are visible to the channel (errors and help never are)."""
        return self.settings.answers_public

    async def setup_hook(self) -> None:
        """Register the persistent buttons; commands are registered by ``discord sync``, not on every start."""
        self.add_dynamic_items(SuggestionButton, FeedbackButton, AskButton)
        loop = asyncio.get_running_loop()
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):  # not the main thread / platform
            loop.add_signal_handler(signal.SIGTERM, lambda: loop.create_task(self.close()))

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

    async def _work(
        self,
        interaction: discord.Interaction,
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
        interaction: discord.Interaction,
        *,
        embeds: Sequence[discord.Embed] = (),
        content: str | None = None,
        view: discord.ui.View | None = None,
        ephemeral: bool,
    ) -> None:
        """Reply to an interaction (or follow up a deferred one), never pinging anyone."""
        problems = render.embed_problems(embeds)
        if problems:  # the renderer prevents this; if it ever fails, say so loudly rather than send a 400
            raise ValueError(f"reply would break Discord's limits: {problems}")
        kwargs: dict[str, Any] = {"allowed_mentions": NO_MENTIONS, "ephemeral": ephemeral}
        if embeds:
            kwargs["embeds"] = list(embeds)
        if content:
            kwargs["content"] = render.cut(content, CONTENT_LIMIT)
        if view is not None:
            kwargs["view"] = view
        if interaction.response.is_done():
            await interaction.followup.send(**kwargs)
        else:
            await interaction.response.send_message(**kwargs)

    async def send_answer(self, interaction: discord.Interaction, answer: Answer) -> None:
        """An answer as embeds with its buttons; public unless configured otherwise."""
        await self.send(
            interaction, embeds=render.answer_embeds(answer), view=answer_view(answer), ephemeral=not self.public
        )

    async def apologise(self, interaction: discord.Interaction, text: str = APOLOGY) -> None:
        """A short ephemeral apology; if even that fails (say the interaction expired), log it."""
        try:
            await self.send(interaction, content=text, ephemeral=True)
        except Exception as exc:
            log.warning("could not send an apology for interaction %s: %r", interaction.id, exc)

    async def _allowed(self, interaction: discord.Interaction) -> bool:
        """Apply the cooldown; when hit, say so kindly and only to the asker."""
        channel = str(interaction.channel_id) if interaction.channel_id else None
        verdict = self.limiter.check(str(interaction.user.id), channel)
        if not verdict.allowed:
            await self.send(interaction, content=verdict.message, ephemeral=True)
        return verdict.allowed

    # -- command handlers ---------------------------------------------------------------------------

    async def on_europe(self, interaction: discord.Interaction) -> None:
        """``/nvidia europe``."""
        overview = await self._work(interaction, not self.public, self.kb.overview)
        await self.send(interaction, embeds=render.overview_embeds(overview), ephemeral=not self.public)

    async def on_ask(self, interaction: discord.Interaction, question: str) -> None:
        """``/nvidia ask``."""
        if not await self._allowed(interaction):
            return
        answer = await self._work(interaction, not self.public, self.kb.ask, question, platform=PLATFORM)
        await self.send_answer(interaction, answer)

    async def on_topics(self, interaction: discord.Interaction) -> None:
        """``/nvidia topics``."""
        topics = await self._work(interaction, not self.public, self.kb.topics)
        await self.send(interaction, embeds=render.topics_embeds(topics), ephemeral=not self.public)

    async def on_sources(self, interaction: discord.Interaction) -> None:
        """``/nvidia sources``."""
        sources = await self._work(interaction, not self.public, self.kb.sources)
        await self.send(interaction, embeds=render.sources_embeds(sources), ephemeral=not self.public)

    async def on_help(self, interaction: discord.Interaction) -> None:
        """``/nvidia help``: ephemeral."""
        await self.send(interaction, embeds=render.help_embeds(), ephemeral=True)

    async def on_fact(self, interaction: discord.Interaction, topic: str) -> None:
        """``/nvidia fact``: an entry or topic by id, or the closest title to what was typed."""
        if not await self._allowed(interaction):
            return
        reply = await self._work(interaction, not self.public, fact_reply, self.kb, topic)
        if isinstance(reply, Answer):
            await self.send_answer(interaction, reply)
        else:
            await self.send(interaction, content=reply.text, ephemeral=True)

    async def complete_topics(self, current: str) -> list[app_commands.Choice[str]]:
        """Autocomplete for ``topic``; a failure here shows an empty list, not an error."""
        try:
            pairs = await self.call(self.kb.completions, current[: render.CHOICE_LIMIT])
        except Exception:
            log.exception("autocomplete failed for %r", current[:50])
            return []
        return [
            app_commands.Choice(name=render.cut(label, render.CHOICE_LIMIT) or key, value=key)
            for label, key in pairs[:25]
            if 1 <= len(key) <= render.CHOICE_LIMIT
        ]

    async def on_suggestion(self, interaction: discord.Interaction, kind: MatchKind, entry_id: str, label: str) -> None:
        """A "did you mean" button: answer that entry, titled with the suggested question."""
        new_request_id()
        try:
            if not await self._allowed(interaction):
                return
            answer = await self._work(interaction, not self.public, self.kb.entry_answer, kind, entry_id)
            if answer is None:
                await self.send(interaction, content="That entry is no longer available. Try `/nvidia topics`.",
                                ephemeral=True)
                return
            await self.send_answer(interaction, replace(answer, question=label))
        except Exception as exc:
            log.error("suggestion %s:%s failed: %r", kind, entry_id, exc, exc_info=exc)
            await self.apologise(interaction)

    async def on_vote(self, interaction: discord.Interaction, helpful: bool, ref: str) -> None:
        """A feedback button: one vote per user per answer, a changed mind updates it."""
        new_request_id()
        try:
            embeds = interaction.message.embeds if interaction.message else []
            question = (embeds[0].title or "") if embeds else ""
            answer = answer_from_vote(ref, question)
            first = await self._work(
                interaction, True, self.kb.record_feedback,
                answer.ref, answer.question, Voter(PLATFORM, str(interaction.user.id)), helpful=helpful,
            )
            verdict = "helpful" if helpful else "not helpful"
            text = (f"Thanks! Noted as {verdict}." if first
                    else f"You had already voted on this answer; I've changed your vote to {verdict}.")
            await self.send(interaction, content=text, ephemeral=True)
        except Exception as exc:
            log.error("feedback on %s failed: %r", ref, exc, exc_info=exc)
            await self.apologise(interaction)

    # -- mentions and direct messages ---------------------------------------------------------------

    def question_in(self, message: discord.Message) -> str | None:
        """The question in a DM or a message mentioning the bot, or None if the message is not for us."""
        me = self.user
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
                await self._reply(message, embeds=render.help_embeds())
                return
            channel = str(message.channel.id)
            verdict = self.limiter.check(str(message.author.id), channel)
            if not verdict.allowed:
                if self._should_tell_cooldown(message.author.id, verdict.retry_after):
                    await self._reply(message, content=verdict.message)
                return
            answer = await self.call(self.kb.ask, question, platform=PLATFORM)
            await self._reply(message, embeds=render.answer_embeds(answer), view=answer_view(answer))
        except Exception as exc:
            log.error("answering message %s in channel %s failed: %r", message.id, message.channel.id, exc,
                      exc_info=exc)
            try:
                await self._reply(message, content=APOLOGY)
            except Exception as again:
                log.warning("could not send an apology for message %s: %r", message.id, again)

    def _should_tell_cooldown(self, user_id: int, retry_after: float) -> bool:
        """In channels a cooldown notice is public, so say it once per cooldown, not once per message."""
        now = asyncio.get_running_loop().time()
        if self._cooldown_told.get(user_id, 0.0) > now:
            return False
        self._cooldown_told = {u: t for u, t in self._cooldown_told.items() if t > now}
        self._cooldown_told[user_id] = now + max(retry_after, 1.0)
        return True

    async def _reply(
        self,
        message: discord.Message,
        *,
        embeds: Sequence[discord.Embed] = (),
        content: str | None = None,
        view: discord.ui.View | None = None,
    ) -> None:
        """Reply to a message without pinging its author or anyone it names, even if it was deleted."""
        problems = render.embed_problems(embeds)
        if problems:
            raise ValueError(f"reply would break Discord's limits: {problems}")
        kwargs: dict[str, Any] = {
            "allowed_mentions": NO_MENTIONS,
            "reference": message.to_reference(fail_if_not_exists=False),
            "mention_author": False,
        }
        if embeds:
            kwargs["embeds"] = list(embeds)
        if content:
            kwargs["content"] = render.cut(content, CONTENT_LIMIT)
        if view is not None:
            kwargs["view"] = view
        await message.channel.send(**kwargs)


def fact_reply(kb: KnowledgeBase, key: str) -> Answer | ErrorReply:
    """``/nvidia fact``'s lookup (shared with the terminal), titled with the entry's question, not its id."""
    reply = run_command(kb, f"fact {key}", platform=PLATFORM)
    if isinstance(reply, ErrorReply):
        return ErrorReply(render.cut(reply.text, 300))
    if not isinstance(reply, Answer):
        return ErrorReply("No such topic. See `/nvidia topics`.")
    labels = {k: label for label, k in kb.completions(reply.question)}
    return replace(reply, question=labels.get(reply.question, reply.question))


# -- running ---------------------------------------------------------------------------------------


def run_discord(kb: KnowledgeBase, settings: Settings) -> int:
    """Start the bot on the configured shards (all of them by default); return the exit status.

    Logging is set up by ``python -m bot`` (``bot.logging_setup``), which scrubs the token from every record.
    """
    if not settings.discord_token:
        log.error("DISCORD_TOKEN is not set")
        return 2
    from bot.chat.discord_payloads import validate_commands

    problems = validate_commands(command_payloads())
    if problems:  # the commands are registered by `sync`, but running with invalid ones helps nobody
        for problem in problems:
            log.error("invalid command definition: %s", problem)
        return 2
    bot = NvidiaBot(kb, settings)
    log.info(
        "starting the Discord bot (shards %s of %s, answers %s)",
        list(settings.discord_shard_ids) if settings.discord_shard_ids else "all",
        settings.discord_shard_count or "auto",
        "public" if settings.answers_public else "private",
    )
    try:
        bot.run(settings.discord_token, log_handler=None)  # returns after close(), e.g. on SIGTERM
    except discord.LoginFailure:
        log.error("Discord refused DISCORD_TOKEN: reset it in the developer portal (Bot page) and update .env")
        return 2
    except discord.PrivilegedIntentsRequired as exc:
        log.error("Discord refused a privileged intent for shard %s; this bot needs none", exc.shard_id)
        return 2
    except (aiohttp.ClientError, OSError, discord.DiscordException) as exc:
        log.error("the Discord bot stopped: %s: %s", type(exc).__name__, exc)
        return 1
    finally:
        kb.close()
    log.info("the Discord bot stopped cleanly")
    return 0
