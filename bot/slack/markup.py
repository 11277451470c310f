"""Slack's message markup read back to the plain text the user saw, before the shared grammar parses it.

The grammar and the core then never see Slack syntax, and whatever is echoed
back is escaped again by :mod:`bot.slack.blocks`.
"""

from __future__ import annotations

import re

_SLACK_MARKUP = re.compile(r"<([^<>\n]*)>")


def from_slack(text: str | None) -> str:
    """Slack's message markup to the plain text the user saw: ``<@U1|ann>`` -> ``@ann``, entities decoded."""
    text = (text or "").encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")

    def plain(match: re.Match[str]) -> str:
        inner = match.group(1)
        target, _, label = inner.partition("|")
        if target.startswith(("@", "#")):
            return (target[0] + label.lstrip("@#")) if label else target
        if target.startswith("!"):
            if label:
                return label
            word = target[1:].split("^", 1)[0]
            return "@" + word
        return label or target

    text = _SLACK_MARKUP.sub(plain, text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def strip_mention(text: str, user_id: str | None) -> str:
    """Remove mentions of the bot itself (``<@UBOT>`` or ``<@UBOT|name>``) from a message's raw text."""
    if not user_id:
        return text
    return re.sub(rf"<@{re.escape(user_id)}(?:\|[^>]*)?>", " ", text).strip()
