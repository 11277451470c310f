"""Block Kit building blocks: escaping, cutting to Slack's limits, and the one-line notice."""

from __future__ import annotations

import pytest

from bot.slack.blocks import cut, escape, fit, notice
from tests.slack.checks import check_message, check_safe_text, units

HOSTILE = "<!channel> <!here> <!everyone> @here <@U123> <#C1|general> <https://evil.example|click> & *bold* _x_ `c`"


def test_escape_shows_markup_as_text() -> None:
    assert escape("<!channel> & <@U1>") == "&lt;!channel&gt; &amp; &lt;@U1&gt;"
    check_safe_text(escape(HOSTILE))
    assert "@\u2060here" in escape("@here") and "@\u2060Channel" in escape("@Channel")
    assert escape("mail me@example.com") == "mail me@example.com"


@pytest.mark.parametrize("limit", [1, 2, 10, 75, 3000])
def test_cut_respects_the_limit_and_marks_the_cut(limit: int) -> None:
    text = escape("word & <x> " * 1000)
    out = cut(text, limit)
    assert units(out) <= limit
    assert out.endswith("…")
    head = out[:-1]
    assert head.count("&") == head.count(";"), "an entity was split"


def test_cut_leaves_short_text_alone_and_counts_emoji_as_two() -> None:
    assert cut("short", 10) == "short"
    out = cut("😀" * 100, 75)
    assert units(out) <= 75 and out.endswith("…")
    assert cut(f"<https://x.example|{'a' * 50}> tail", 20) == "…"


def test_cut_prefers_a_word_boundary() -> None:
    assert cut("alpha beta gamma delta", 15) == "alpha beta…"


def test_fit_never_returns_empty() -> None:
    assert fit("", 10) and fit(None, 10)


def test_notice_is_private() -> None:
    message = notice("Easy there <@U1>")
    assert message.private
    check_message(message.payload())
