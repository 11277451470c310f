"""Discord's JSON, as the gateway and the REST API carry it: users, the test guild, messages, interactions.

Shaped after Discord's API reference (v10), so the real discord.py builds its
real objects (``Interaction``, ``Message``, ``Member``) from them.
"""

from __future__ import annotations

import itertools
from typing import Any

APP_ID = 900_000_000_000_000_001
BOT_ID = APP_ID
GUILD_ID = 900_000_000_000_000_100
CHANNEL_ID = 900_000_000_000_000_200
DM_CHANNEL_ID = 900_000_000_000_000_300
BOT_ROLE_ID = 900_000_000_000_000_400
USER_ID = 900_000_000_000_001_000
"""The test guild's owner (so Manage Server through ownership)."""
COMMAND_ID = 900_000_000_000_000_500
MANAGE_ROLE_ID = 900_000_000_000_000_600
"""A role with Manage Server."""
MOD_ROLE_ID = 900_000_000_000_000_700
"""A role with no permissions, for DISCORD_MODERATOR_ROLE_IDS."""
TIMESTAMP = "2025-06-11T10:00:00.000000+00:00"
EPHEMERAL = 1 << 6
TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GAbCdE.fakefakefakefakefakefakefakefakefake12"
"""Shaped like a bot token; the fake Discord accepts this one only."""

APPLICATION_COMMAND, COMPONENT, AUTOCOMPLETE, MODAL_SUBMIT = 2, 3, 4, 5
"""Interaction types."""

_ids = itertools.count(900_000_000_000_100_000)


def snowflake() -> int:
    """A fresh id, increasing like Discord's."""
    return next(_ids)


def user_payload(user_id: int = USER_ID, *, bot: bool = False, name: str | None = None) -> dict[str, Any]:
    """A Discord user object."""
    return {
        "id": str(user_id), "username": name or f"user{user_id % 10_000}", "discriminator": "0",
        "global_name": None, "avatar": None, "bot": bot,
    }


BOT_USER = user_payload(BOT_ID, bot=True, name="nvidia-europe")


def application_payload() -> dict[str, Any]:
    """``GET /oauth2/applications/@me``."""
    return {
        "id": str(APP_ID), "name": "nvidia-europe", "icon": None, "description": "", "bot_public": True,
        "bot_require_code_grant": False, "owner": user_payload(), "verify_key": "0" * 64, "flags": 0,
    }


def guild_payload() -> dict[str, Any]:
    """The test guild as GUILD_CREATE gives it: a text channel, the bot with its managed role, two more roles."""
    role = {"position": 0, "color": 0, "hoist": False, "managed": False, "mentionable": False, "permissions": "0"}
    return {
        "id": str(GUILD_ID), "name": "Test guild", "owner_id": str(USER_ID), "features": [], "emojis": [],
        "stickers": [], "member_count": 2, "large": False, "unavailable": False,
        "roles": [
            {**role, "id": str(GUILD_ID), "name": "@everyone"},
            {**role, "id": str(BOT_ROLE_ID), "name": "nvidia-europe", "managed": True, "position": 1,
             "tags": {"bot_id": str(BOT_ID)}},
            {**role, "id": str(MANAGE_ROLE_ID), "name": "managers", "position": 2, "permissions": "32"},
            {**role, "id": str(MOD_ROLE_ID), "name": "moderators", "position": 2},
        ],
        "channels": [{"id": str(CHANNEL_ID), "type": 0, "name": "general", "position": 0,
                      "permission_overwrites": []}],
        "members": [{"user": BOT_USER, "roles": [str(BOT_ROLE_ID)], "joined_at": TIMESTAMP, "deaf": False,
                     "mute": False, "flags": 0}],
    }


def message_payload(
    *,
    content: str = "",
    author: dict[str, Any] | None = None,
    channel_id: int = CHANNEL_ID,
    guild: bool = True,
    embeds: list[dict[str, Any]] | None = None,
    components: list[dict[str, Any]] | None = None,
    flags: int = 0,
    mentions: list[dict[str, Any]] | None = None,
    mention_roles: list[int] | None = None,
    mention_everyone: bool = False,
    message_id: int | None = None,
    webhook_id: int | None = None,
) -> dict[str, Any]:
    """A Discord message object (as in MESSAGE_CREATE, or a message a response created)."""
    data: dict[str, Any] = {
        "id": str(message_id or snowflake()), "channel_id": str(channel_id), "author": author or user_payload(),
        "content": content, "timestamp": TIMESTAMP, "edited_timestamp": None, "tts": False,
        "mention_everyone": mention_everyone, "mentions": mentions or [],
        "mention_roles": [str(r) for r in mention_roles or []], "attachments": [], "embeds": embeds or [],
        "pinned": False, "type": 0, "flags": flags, "components": components or [],
    }
    if guild:
        data["guild_id"] = str(GUILD_ID)
    if webhook_id:
        data["webhook_id"] = str(webhook_id)
    return data


def interaction_payload(
    kind: int,
    data: dict[str, Any],
    *,
    user_id: int = USER_ID,
    guild: bool = True,
    message: dict[str, Any] | None = None,
    roles: list[int] | None = None,
) -> dict[str, Any]:
    """An INTERACTION_CREATE payload: from a guild member (with ``roles``), or from a user in a DM."""
    interaction_id = snowflake()
    user = user_payload(user_id)
    channel = CHANNEL_ID if guild else DM_CHANNEL_ID
    payload: dict[str, Any] = {
        "id": str(interaction_id), "application_id": str(APP_ID), "type": kind, "data": data,
        "token": f"interaction-token-{interaction_id}", "version": 1, "locale": "en-US",
        "attachment_size_limit": 8 * 1024 * 1024, "app_permissions": "0", "entitlements": [],
        "authorizing_integration_owners": {"0": str(GUILD_ID)} if guild else {"1": str(user_id)},
        "channel_id": str(channel),
    }
    if guild:
        payload.update(
            guild_id=str(GUILD_ID), guild_locale="en-US", context=0,
            channel={"id": str(channel), "type": 0, "name": "general", "position": 0, "guild_id": str(GUILD_ID),
                     "permission_overwrites": []},
            member={"user": user, "roles": [str(r) for r in roles or []], "joined_at": TIMESTAMP, "deaf": False,
                    "mute": False, "flags": 0, "permissions": "0", "pending": False},
        )
    else:
        payload.update(user=user, context=1, channel={"id": str(channel), "type": 1, "recipients": [user]})
    if message is not None:
        payload["message"] = message
    return payload


def command_data(group: str, sub: str, *, focused: str | None = None, **options: Any) -> dict[str, Any]:
    """The ``data`` of ``/<group> <sub> option:value ...`` (``focused``: the option being autocompleted)."""
    kinds = {bool: 5, int: 4, str: 3}
    inner = [{"name": k, "type": kinds[type(v)], "value": v, **({"focused": True} if k == focused else {})}
             for k, v in options.items()]
    return {"id": str(COMMAND_ID if group == "nvidia" else COMMAND_ID + 1), "name": group, "type": 1,
            "options": [{"name": sub, "type": 1, "options": inner}]}


def nvidia(sub: str, *, focused: str | None = None, **options: Any) -> dict[str, Any]:
    """The ``data`` of ``/nvidia <sub> option:value ...``."""
    return command_data("nvidia", sub, focused=focused, **options)


def button_press(custom_id: str) -> dict[str, Any]:
    """The ``data`` of a button press."""
    return {"custom_id": custom_id, "component_type": 2}


def modal_submit(custom_id: str, values: dict[str, str]) -> dict[str, Any]:
    """The ``data`` of a submitted form: one text input per row."""
    rows = [{"type": 1, "components": [{"type": 4, "custom_id": key, "value": value}]}
            for key, value in values.items()]
    return {"custom_id": custom_id, "components": rows}
