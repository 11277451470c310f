"""Runs a moderator's action for ``/nvidia-admin`` and its forms, and shows the outcome privately.

The check of who may comes first, every time (Discord hides the group from
others, but a server admin can change that, and roles change between opening
a form and saving it). The action runs on the bot's worker thread and returns
an outcome of :mod:`bot.chat.moderation`, whose texts (saved, refused,
conflict, not allowed, busy) are the ones every platform shows; here they
become ephemeral replies with embeds.

Proposed facts are listed with Accept and Reject buttons. Each button is a
:class:`discord.ui.DynamicItem` whose ``custom_id`` names the verb and the
proposal, so the buttons keep working on old messages and after a restart. A
press is a moderator action like any other: who may is checked again and it
runs through :func:`moderate`, so the outcome and its texts are the same.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable, Sequence
from typing import Any, Self

import discord

from bot.chat.grammar import AcceptProposal, RejectProposal
from bot.chat.moderation import (
    BUSY,
    NOT_ALLOWED,
    Done,
    FormNeeded,
    HistoryShown,
    Outcome,
    ProposalItem,
    ProposalsShown,
    Refused,
    Saved,
    UnansweredShown,
    moderator_actor,
    refusal_text,
    run_admin,
)
from bot.core.curation import Actor, Curator
from bot.discord import render
from bot.discord.bot import PLATFORM, NvidiaBot
from bot.discord.permissions import is_moderator
from bot.logging_setup import new_request_id

log = logging.getLogger(__name__)

OPEN_FORM_WITHIN = 2.5
"""A modal must be the first response (within 3 s), so a slow lookup cannot fall back to "thinking…"."""

TEMPLATE = r"nvidia-admin:pr:(?P<verb>accept|reject):(?P<id>\d{1,9})"
BUTTONS_PER_ROW = 5
MAX_ROWS = 5

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


# -- the buttons under proposed facts --------------------------------------------------------------------


def proposals_view(items: Sequence[ProposalItem]) -> discord.ui.View | None:
    """One row per open proposal: Accept and Reject (five rows at most); None when there is nothing to decide."""
    view = discord.ui.View(timeout=None)
    rows = 0
    for item in items:
        if item.proposal.status != "open" or rows >= MAX_ROWS:
            continue
        view.add_item(ProposalButton("accept", item.proposal.id, row=rows))
        view.add_item(ProposalButton("reject", item.proposal.id, row=rows))
        rows += 1
    return view if rows else None


class ProposalButton(discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]], template=TEMPLATE):
    """Accept or reject one proposal; its custom_id holds both, so it works on old messages too."""

    def __init__(self, verb: str, proposal_id: int, *, row: int | None = None) -> None:
        accept = verb == "accept"
        super().__init__(
            discord.ui.Button(
                label=f"{'Accept' if accept else 'Reject'} #{proposal_id}",
                style=discord.ButtonStyle.success if accept else discord.ButtonStyle.secondary,
                custom_id=f"nvidia-admin:pr:{verb}:{proposal_id}",
                row=row,
            )
        )
        self.verb = verb
        self.proposal_id = proposal_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> Self:
        """Rebuild the button from a press."""
        return cls(match["verb"], int(match["id"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        """Run the decision as the moderator who pressed (checked again), and show its outcome privately."""
        new_request_id()
        bot = NvidiaBot.of(interaction)
        command = (AcceptProposal(self.proposal_id) if self.verb == "accept"
                   else RejectProposal(self.proposal_id, "rejected from Discord"))
        try:
            await moderate(bot, interaction, lambda curator, actor: run_admin(curator, actor, command))
        except Exception as exc:
            log.error("proposal button %s #%s failed: %r", self.verb, self.proposal_id, exc, exc_info=exc)
            await bot.apologise(interaction)
