"""The buttons under an answer and the "ask differently" form, and what pressing or submitting them does.

Every button is a :class:`discord.ui.DynamicItem`: its ``custom_id`` carries
everything a press needs (the suggested entry, the vote and what it is about),
so the buttons keep working on old messages after a restart. discord.py
rebuilds them from a press, so they find the bot through the interaction.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from typing import Any, Self, cast

import discord

from bot.chat import commands
from bot.core.models import Answer, MatchKind, Voter
from bot.core.service import MAX_QUESTION_CHARS, UnknownEntry
from bot.discord import render
from bot.discord.bot import PLATFORM, NvidiaBot
from bot.logging_setup import new_request_id

log = logging.getLogger(__name__)

_ID = r"[A-Za-z0-9_.-]+"
SUGGEST_TEMPLATE = rf"nvidia:sg:(?P<kind>faq|fact):(?P<id>{_ID})"
VOTE_TEMPLATE = rf"nvidia:fb:(?P<vote>[yn]):(?P<ref>(?:faq|fact):{_ID}|answered|unsure|no_answer)"
ASK_TEMPLATE = "nvidia:ask"
CUSTOM_ID_LIMIT = 100
MAX_SUGGESTION_BUTTONS = 20
"""Four rows of five; the fifth row holds the feedback buttons."""
MODAL_TIMEOUT = 600.0
"""A form left open longer is forgotten (so abandoned forms do not pile up in memory)."""
EXPIRED = "That entry is no longer available. Try `/nvidia topics`."
"""The reply to a button whose entry has been retired since the answer was sent."""


# -- answering ---------------------------------------------------------------------------------------


def vote_ref(answer: Answer) -> str:
    """What a feedback button must remember: ``Answer.ref``, or the status when that does not fit a custom_id."""
    custom_id = f"nvidia:fb:y:{answer.ref}"
    if re.fullmatch(VOTE_TEMPLATE, custom_id) and len(custom_id) <= CUSTOM_ID_LIMIT:
        return answer.ref
    return answer.status


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


async def send_answer(bot: NvidiaBot, interaction: discord.Interaction[Any], answer: Answer) -> None:
    """An answer as embeds with its buttons; public unless configured otherwise."""
    await bot.send(interaction, embeds=render.answer_embeds(answer), view=answer_view(answer), ephemeral=not bot.public)


async def answer_question(bot: NvidiaBot, interaction: discord.Interaction[Any], question: str) -> None:
    """``/nvidia ask`` and the form: the cooldown, then the answer with its buttons."""
    if not await bot.allowed(interaction):
        return
    answer = await bot.work(interaction, not bot.public, commands.ask, bot.kb, question, platform=PLATFORM)
    await send_answer(bot, interaction, answer)


# -- the buttons -------------------------------------------------------------------------------------


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
        """Answer the suggested entry, titled with the suggested question."""
        new_request_id()
        bot = NvidiaBot.of(interaction)
        try:
            if not await bot.allowed(interaction):
                return
            answer = await bot.work(interaction, not bot.public, bot.kb.entry_answer, self.kind, self.entry_id)
            if answer is None:
                await bot.send(interaction, content=EXPIRED, ephemeral=True)
                return
            await send_answer(bot, interaction, replace(answer, question=self.label))
        except Exception as exc:
            log.error("suggestion %s:%s failed: %r", self.kind, self.entry_id, exc, exc_info=exc)
            await bot.apologise(interaction)


class FeedbackButton(discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]], template=VOTE_TEMPLATE):
    """Helpful / not helpful; its custom_id holds the vote and what the answer was (``Answer.ref``)."""

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
        """Record the vote: one per user per answer, a changed mind updates it; nothing for a retired entry."""
        new_request_id()
        bot = NvidiaBot.of(interaction)
        try:
            embeds = interaction.message.embeds if interaction.message else []
            question = (embeds[0].title or "") if embeds else ""
            voter = Voter(PLATFORM, str(interaction.user.id))
            try:
                first = await bot.work(
                    interaction, True, bot.kb.record_feedback, self.ref, question, voter, helpful=self.helpful
                )
            except UnknownEntry:
                await bot.send(interaction, content=EXPIRED, ephemeral=True)
                return
            verdict = "helpful" if self.helpful else "not helpful"
            text = (f"Thanks! Noted as {verdict}." if first
                    else f"You had already voted on this answer; I've changed your vote to {verdict}.")
            await bot.send(interaction, content=text, ephemeral=True)
        except Exception as exc:
            log.error("feedback on %s failed: %r", self.ref, exc, exc_info=exc)
            await bot.apologise(interaction)


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
        bot = NvidiaBot.of(interaction)
        try:
            await interaction.response.send_modal(AskModal(bot))
        except Exception as exc:
            log.error("could not open the question form: %r", exc, exc_info=exc)
            await bot.apologise(interaction)


PERSISTENT_ITEMS = (SuggestionButton, FeedbackButton, AskButton)
"""What the client listens for on any message, old or new."""


class AskModal(discord.ui.Modal, title="Ask about NVIDIA in Europe"):
    """The rephrase form; submitting it asks the question like ``/nvidia ask``."""

    question: discord.ui.TextInput[AskModal] = discord.ui.TextInput(
        label="Your question",
        placeholder="For example: how many chips will Mistral Compute use?",
        min_length=1,
        max_length=MAX_QUESTION_CHARS,
    )

    def __init__(self, bot: NvidiaBot) -> None:
        super().__init__(timeout=MODAL_TIMEOUT)
        self.bot = bot

    async def on_submit(self, interaction: discord.Interaction) -> None:
        """Answer the submitted question."""
        new_request_id()
        await answer_question(self.bot, interaction, self.question.value)

    async def on_error(  # type: ignore[override]  # Modal.on_error has no item argument, unlike View
        self, interaction: discord.Interaction, error: Exception, /
    ) -> None:
        """Log with the cause and apologise, as for commands."""
        log.error("question form failed: %r", error, exc_info=error)
        await self.bot.apologise(interaction)
