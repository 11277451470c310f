"""Who may change the knowledge base, on Discord and on Slack; everyone else is refused."""

import pytest

from bot.config import Settings, load_settings
from bot.core.permissions import NOT_ALLOWED, discord_is_moderator, moderator_actor, slack_is_moderator

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


@pytest.mark.parametrize(
    ("user", "members", "allowed"),
    [
        ("U0MOD1", None, True),
        ("U0MOD2", set(), True),
        ("U0OTHER", {"U0OTHER"}, True),
        ("U0OTHER", {"U0SOMEONE"}, False),
        ("U0OTHER", None, False),
        ("", {""}, False),
    ],
)
def test_slack_listed_ids_or_user_group_members(user: str, members: set[str] | None, allowed: bool) -> None:
    assert slack_is_moderator(user, SETTINGS, members) is allowed


def test_slack_group_members_do_not_count_when_no_group_is_configured() -> None:
    no_group = load_settings({"SLACK_MODERATOR_IDS": "U0MOD1"}, env_file=None)
    assert not slack_is_moderator("U0OTHER", no_group, {"U0OTHER"})
    assert slack_is_moderator("U0MOD1", no_group, None)


def test_the_refusal_is_clear_and_says_nothing_changed() -> None:
    assert "only moderators" in NOT_ALLOWED and "nothing was changed" in NOT_ALLOWED


def test_a_chat_moderator_is_logged_by_name_and_id_and_never_as_shipped_data() -> None:
    actor = moderator_actor("discord", "4242", "Alice")
    assert (actor.name, actor.platform) == ("Alice (4242)", "discord") and not actor.problems()
    odd = moderator_actor("slack", "U0MOD1", "see https://spam.example")
    assert odd.name == "U0MOD1" and not odd.problems()
    assert moderator_actor("data", "x").problems()
