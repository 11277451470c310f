"""Runs a moderator's action for ``/nvidia-admin`` and its forms, and shows the outcome privately.

The check of who may comes first, every time (Discord hides the group from
others, but a server admin can change that, and roles change between opening
a form and saving it). The action runs on the bot's worker thread and returns
an outcome of :mod:`bot.chat.moderation`, whose texts (saved, refused,
conflict, not allowed, busy) are the ones every platform shows; here they
become ephemeral replies with embeds.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

import discord

from bot.chat.moderation import (
    BUSY,
    NOT_ALLOWED,
    Done,
    FormNeeded,
    HistoryShown,
    Outcome,
    ProposalsShown,
    Refused,
    Saved,
    UnansweredShown,
    moderator_actor,
    refusal_text,
)
from bot.core.curation import Actor, Curator
from bot.discord import render
from bot.discord.bot import PLATFORM, NvidiaBot
from bot.discord.permissions import is_moderator

log = logging.getLogger(__name__)

OPEN_FORM_WITHIN = 2.5
"""A modal must be the first response (within 3 s), so a slow lookup cannot fall back to "thinking…"."""

Action = Callable[[Curator, Actor], Outcome]
"""A moderator's change or lookup, run on the worker thread; refusals come back as :class:`Refused`."""


def actor_of(interaction: discord.Interaction[Any]) -> Actor:
    """How this moderator is named in the audit log."""
    user = interaction.user
    return moderator_actor(PLATFORM, str(user.id), user.display_name)


async def refuse_non_moderator(bot: NvidiaBot, interaction: discord.Interaction[Any]) -> bool:
    """True (after telling them, privately) if the user may not moderate here."""
    if is_moderator(interaction, bot.settings):
        return False
    await bot.send(interaction, content=NOT_ALLOWED, ephemeral=True)
    return True


async def moderate(bot: NvidiaBot, interaction: discord.Interaction[Any], action: Action) -> None:
    """Check the moderator, run ``action`` on the worker thread, and show its outcome."""
    if await refuse_non_moderator(bot, interaction):
        return
    curator, actor = Curator.of(bot.kb), actor_of(interaction)
    outcome = await bot.work(interaction, True, action, curator, actor)
    await show(bot, interaction, outcome)


async def show(bot: NvidiaBot, interaction: discord.Interaction[Any], outcome: Outcome) -> None:
    """An outcome as an ephemeral reply: the shared text, and the entry (or list) as embeds."""
    if isinstance(outcome, ProposalsShown):
        from bot.discord.review_buttons import proposals_view  # the buttons run moderate(), defined here

        await bot.send(interaction, embeds=render.proposals_embeds(outcome.headline, outcome.items),
                       view=proposals_view(outcome.items), ephemeral=True)
        return
    content, embeds = "", []
    if isinstance(outcome, Saved):
        content, embeds = outcome.headline, render.record_embeds(outcome.record)
    elif isinstance(outcome, Refused):
        content = refusal_text(outcome)
        if outcome.newer is not None:
            embeds = render.record_embeds(outcome.newer, title="The newer version")
    elif isinstance(outcome, HistoryShown):
        embeds = render.history_embeds(outcome.entity, outcome.id, outcome.versions)
    elif isinstance(outcome, UnansweredShown):
        embeds = render.unanswered_embeds(outcome.groups)
    elif isinstance(outcome, Done):
        content = outcome.text
    else:  # a form or the text help: the Discord commands never ask for these here
        raise TypeError(f"cannot show {type(outcome).__name__} as a reply")
    await bot.send(interaction, content=content, embeds=embeds, ephemeral=True)


async def open_form(
    bot: NvidiaBot,
    interaction: discord.Interaction[Any],
    load: Action,
    build: Callable[[FormNeeded], discord.ui.Modal],
) -> None:
    """Load the entry and open its edit form, which must be the first response, within 3 s.

    ``load`` returns :class:`FormNeeded` with the entry, or :class:`Refused` (no such entry), shown instead.
    """
    if await refuse_non_moderator(bot, interaction):
        return
    curator, actor = Curator.of(bot.kb), actor_of(interaction)
    try:
        outcome = await asyncio.wait_for(bot.call(load, curator, actor), OPEN_FORM_WITHIN)
    except TimeoutError:
        await bot.send(interaction, content=BUSY, ephemeral=True)
        return
    if isinstance(outcome, FormNeeded):
        await interaction.response.send_modal(build(outcome))
    else:
        await show(bot, interaction, outcome)
