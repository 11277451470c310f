"""Who may change the knowledge base from Slack: listed ids or members of the user group."""

import pytest

from bot.config import load_settings
from bot.slack.permissions import slack_is_moderator

SETTINGS = load_settings(
    {"DISCORD_MODERATOR_ROLE_IDS": "111, 222", "SLACK_MODERATOR_IDS": "U0MOD1,U0MOD2",
     "SLACK_MODERATOR_USERGROUP": "S0MODS"},
    env_file=None,
)

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
