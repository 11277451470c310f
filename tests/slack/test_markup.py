"""Slack's message markup read back to the plain text the user saw."""

from __future__ import annotations

import pytest

from bot.slack.markup import from_slack, strip_mention


@pytest.mark.parametrize(
    ("raw", "plain"),
    [
        ("<@U123> hi", "@U123 hi"),
        ("<@U123|ann> hi", "@ann hi"),
        ("<#C1|general>", "#general"),
        ("<!channel> <!here|here>", "@channel here"),
        ("<!subteam^S1|@mods>", "@mods"),
        ("<https://x.example|click> <https://y.example>", "click https://y.example"),
        ("R&amp;D &lt;b&gt; &amp;lt;", "R&D <b> &lt;"),
        ("broken \ud800 surrogate", "broken \ufffd surrogate"),
        (None, ""),
    ],
)
def test_from_slack_gives_the_text_the_user_saw(raw: str | None, plain: str) -> None:
    assert from_slack(raw) == plain


def test_strip_mention_removes_only_the_bot() -> None:
    assert strip_mention("<@UBOT> how about <@U2>?", "UBOT") == "how about <@U2>?"
    assert strip_mention("<@UBOT|nvidia> hi", "UBOT") == "hi"
    assert strip_mention("<@UBOT> hi", None) == "<@UBOT> hi"
