"""The Accept and Reject buttons under proposed facts, and what pressing one does.

Each button is a :class:`discord.ui.DynamicItem` whose ``custom_id`` names the
verb and the proposal, so the buttons keep working on old messages and after
a restart. A press is a moderator command like any other: who may is checked
again (:func:`bot.discord.moderating.moderate`), and it runs through the
shared execution, so the outcome and its texts are the ones every platform
shows.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import Any, Self

import discord

from bot.chat.grammar import AcceptProposal, RejectProposal
from bot.chat.moderation import ProposalItem, run_admin
from bot.discord.bot import NvidiaBot
from bot.discord.moderating import moderate
from bot.logging_setup import new_request_id

log = logging.getLogger(__name__)

TEMPLATE = r"nvidia-admin:pr:(?P<verb>accept|reject):(?P<id>\d{1,9})"
BUTTONS_PER_ROW = 5
MAX_ROWS = 5


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
