"""Assembles the Discord bot: the client with its two command groups, its persistent buttons and mentions.

:func:`build_bot` is the one place that knows every part; each part receives
the client it works for. :func:`command_payloads` is what ``python -m bot
discord commands --json`` prints and ``sync`` registers, built from that same
assembly without a token, a network or a database.
"""

from __future__ import annotations

from typing import Any

from bot.config import Settings
from bot.core.service import KnowledgeBase
from bot.core.store import Store
from bot.discord.admin_commands import AdminGroup
from bot.discord.bot import NvidiaBot
from bot.discord.messages import MentionHandler
from bot.discord.moderating import ProposalButton
from bot.discord.nvidia_commands import NvidiaGroup
from bot.discord.views import PERSISTENT_ITEMS


def build_bot(kb: KnowledgeBase, settings: Settings, **options: Any) -> NvidiaBot:
    """The bot, ready to start: ``/nvidia``, ``/nvidia-admin``, the buttons of any answer, mentions and DMs.

    ``options`` go to :class:`discord.AutoShardedClient` (a ``connector``, say).
    """
    bot = NvidiaBot(kb, settings, **options)
    bot.tree.add_command(NvidiaGroup(bot))
    bot.tree.add_command(AdminGroup(bot))
    bot.add_dynamic_items(*PERSISTENT_ITEMS, ProposalButton)
    bot.event(MentionHandler(bot).on_message)
    return bot


def offline_bot(settings: Settings | None = None, **options: Any) -> NvidiaBot:
    """The bot over an empty in-memory knowledge base: enough to build or sync the commands, never to answer."""
    return build_bot(KnowledgeBase(Store.memory(load=False)), settings or Settings(), **options)


def command_payloads() -> list[dict[str, Any]]:
    """The exact JSON ``sync`` registers, built offline (no token, no network)."""
    tree = offline_bot().tree
    return [command.to_dict(tree) for command in tree.get_commands()]
