"""Who is a moderator on Discord: Manage Server, or a role the operator lists.

A member may use ``/nvidia-admin`` if they have the *Manage Server*
permission (``manage_guild``) in the server where the command runs, or hold
one of the roles in ``DISCORD_MODERATOR_ROLE_IDS``. Outside a server (a
direct message) there is no member and no role: never a moderator. The
check is made on every admin command and again when a modal is submitted,
since roles can change between opening a form and saving it. Everyone else
gets ``bot.chat.moderation.NOT_ALLOWED``, privately, and nothing changes.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

import discord

from bot.config import Settings

log = logging.getLogger(__name__)

MODERATOR_PERMISSIONS = discord.Permissions(manage_guild=True)
"""What Discord shows ``/nvidia-admin`` to by default; the real check is :func:`is_moderator`."""


def discord_is_moderator(member_permissions_manage_guild: bool, role_ids: Iterable[int], settings: Settings) -> bool:
    """Manage Server, or one of the configured moderator roles (pass ``member.guild_permissions.manage_guild``)."""
    if member_permissions_manage_guild:
        return True
    allowed = settings.discord_moderator_role_ids
    return bool(allowed) and any(int(role) in allowed for role in role_ids)


def is_moderator(interaction: discord.Interaction[Any], settings: Settings) -> bool:
    """Manage Server or a moderator role, in a server; never in a DM (there is no member there)."""
    member = interaction.user
    if interaction.guild_id is None or not isinstance(member, discord.Member):
        return False
    try:
        return discord_is_moderator(member.guild_permissions.manage_guild, [r.id for r in member.roles], settings)
    except Exception:  # an uncached guild or a half-built member: fail closed
        log.warning("could not read the permissions of user %s", member.id, exc_info=True)
        return False
