"""The whole app over real HTTP: hostile input through every entry point never crashes and stays within limits."""

from __future__ import annotations

import pytest

from bot.config import Settings
from bot.core.service import KnowledgeBase
from bot.slack.app import build_app
from bot.slack.bot import APOLOGY
from tests.slack.checks import check_message
from tests.slack.harness import HOSTILE, SlackHarness, dm, mention

HOSTILE_INPUTS = [
    HOSTILE,
    "<!everyone> @here @channel",
    "*bold* _it_ ~strike~ `code` ```block``` > quote\n> more",
    "x" * 10_000,
    "why " * 2_500,
    "",
    "   \t  ",
    "\x00\x07\x1b[31mred\u202e\u200b",
    "😀" * 3000,
    "&amp;&lt;&gt;&",
    "\ud800 lone surrogate",
]


@pytest.mark.parametrize("text", HOSTILE_INPUTS, ids=range(len(HOSTILE_INPUTS)))
def test_hostile_input_never_crashes_and_stays_within_limits(slack: SlackHarness, text: str) -> None:
    form_safe = "\ud800" not in text  # a form body cannot carry a lone surrogate; JSON events can
    for prefix in ("", "ask ", "fact ") if form_safe else ():
        _, reply = slack.command(prefix + text)
        check_message(reply)
        assert reply["text"] != APOLOGY
    slack.event(mention(text, ts="6.0"))
    slack.event(dm(text, ts="7.0"))
    posted = slack.stub.wait_for(lambda c: c.method.startswith("chat."), count=2)
    for call in posted:
        check_message(call.body)
        assert call.body["text"] != APOLOGY


def test_build_app_needs_a_bot_token(shared_kb: KnowledgeBase) -> None:
    with pytest.raises(ValueError, match="SLACK_BOT_TOKEN"):
        build_app(shared_kb, Settings())
