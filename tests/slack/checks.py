"""What Slack would reject or trigger in a message payload: shared by every Slack test.

Written from Block Kit's documented limits, independently of ``bot.slack.blocks``'s
constants, so a wrong constant there fails here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

LIVE = re.compile(r"<[!@#]")
"""Slack's syntax for a user, channel or broadcast mention: must never reach a payload unescaped."""
BROADCAST = re.compile(r"(?<![\w\u2060])@(?:channel|here|everyone)\b", re.IGNORECASE)
OUR_LINK = re.compile(r"<https?://[^\s<>|]+\|[^<>]*>")
QUOTE_LINE = re.compile(r"(?m)^> ")
BARE_AMP = re.compile(r"&(?!amp;|lt;|gt;)")


def units(text: str) -> int:
    """Length in UTF-16 code units, the stricter way Slack may count."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def strings(obj: Any) -> Iterator[str]:
    """Every ``text`` string in a payload (message text, section and context texts, button labels)."""
    if isinstance(obj, dict):
        for key, value in obj.items():
            if key == "text" and isinstance(value, str):
                yield value
            else:
                yield from strings(value)
    elif isinstance(obj, list):
        for value in obj:
            yield from strings(value)


def check_safe_text(text: str) -> None:
    """No live mention, no broadcast word, no markup but our own links, no bare ampersand."""
    assert not LIVE.search(text), f"live mention in {text[:200]!r}"
    assert not BROADCAST.search(text), f"broadcast word in {text[:200]!r}"
    rest = QUOTE_LINE.sub("", OUR_LINK.sub("", text))
    assert "<" not in rest and ">" not in rest, f"raw markup in {text[:200]!r}"
    assert not BARE_AMP.search(text), f"unescaped & in {text[:200]!r}"


def check_text_object(obj: dict[str, Any], limit: int) -> None:
    assert obj["type"] in ("mrkdwn", "plain_text")
    assert 0 < units(obj["text"]) <= limit, (units(obj["text"]), limit)
    assert obj["text"].strip()
    if obj["type"] == "mrkdwn":
        assert obj.get("verbatim") is True, "mrkdwn must be verbatim so Slack does not auto-link mentions"


def check_button(element: dict[str, Any]) -> None:
    assert element["type"] == "button"
    check_text_object(element["text"], 75)
    assert element["text"]["type"] == "plain_text"
    assert 0 < len(element["action_id"]) <= 255
    assert 0 < units(element["value"]) <= 2000


def check_message(payload: dict[str, Any]) -> None:
    """Assert a chat.postMessage / respond payload is one Slack accepts and that triggers nothing."""
    assert 0 < units(payload["text"]) <= 3000
    blocks = payload.get("blocks") or []
    assert len(blocks) <= 50
    action_ids: list[str] = []
    for block in blocks:
        kind = block["type"]
        if kind == "section":
            check_text_object(block["text"], 3000)
            if "accessory" in block:
                check_button(block["accessory"])
                action_ids.append(block["accessory"]["action_id"])
        elif kind == "context":
            assert 0 < len(block["elements"]) <= 10
            for element in block["elements"]:
                check_text_object(element, 2000)
        elif kind == "actions":
            assert 0 < len(block["elements"]) <= 25
            for element in block["elements"]:
                check_button(element)
                action_ids.append(element["action_id"])
        else:
            raise AssertionError(f"unexpected block type {kind}")
    assert len(action_ids) == len(set(action_ids)), "action ids must be unique in a message"
    for text in strings(payload):
        check_safe_text(text)
