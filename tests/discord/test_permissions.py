"""Who may change the knowledge base from Discord: Manage Server or a listed role."""

import pytest

from bot.config import Settings, load_settings
from bot.discord.permissions import discord_is_moderator

SETTINGS = load_settings(
    {"DISCORD_MODERATOR_ROLE_IDS": "111, 222", "SLACK_MODERATOR_IDS": "U0MOD1,U0MOD2",
     "SLACK_MODERATOR_USERGROUP": "S0MODS"},
    env_file=None,
)

@pytest.mark.parametrize(
    ("manage_guild", "roles", "allowed"),
    [
        (True, [], True),
        (False, [222], True),
        (False, [333, 111], True),
        (False, [], False),
        (False, [333], False),
    ],
)
def test_discord_manage_server_or_a_moderator_role(manage_guild: bool, roles: list[int], allowed: bool) -> None:
    assert discord_is_moderator(manage_guild, roles, SETTINGS) is allowed


def test_discord_without_configured_roles_only_manage_server_counts() -> None:
    bare = Settings()
    assert not discord_is_moderator(False, [111, 222], bare)
    assert discord_is_moderator(True, [], bare)
