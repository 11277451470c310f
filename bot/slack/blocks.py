"""Block Kit building blocks within Slack's limits: escaping, cutting, text objects, blocks, the message value.

Pure functions, so every limit and every escape can be tested without Slack.
Two rules hold for everything built here:

* Every string that came from a user or from the data is escaped for mrkdwn
  (``&``, ``<``, ``>``) and ``@channel``/``@here``/``@everyone`` get an
  invisible word joiner, so a question or a fact can show ``<!channel>`` or a
  link but never trigger one. mrkdwn text objects are also ``verbatim`` so
  Slack does not auto-link names or mentions on its own.
* Every field stays within Block Kit's limits (measured in UTF-16 code units,
  the stricter of the ways Slack might count), cut at a word boundary with
  "…", never inside an ``&amp;`` entity or a ``<url|label>`` link.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

MAX_BLOCKS = 50
MAX_SECTION_TEXT = 3000
MAX_CONTEXT_TEXT = 2000
MAX_CONTEXT_ELEMENTS = 10
MAX_ACTIONS_ELEMENTS = 25
MAX_BUTTON_TEXT = 75
MAX_ACTION_ID = 255
MAX_BUTTON_VALUE = 2000
MAX_FALLBACK_TEXT = 3000

EMPTY = "(nothing to show)"
"""Slack rejects empty text objects, so an empty string is replaced by this."""

_WORD_JOINER = "\u2060"
_BROADCAST = re.compile(r"@(?=(?:channel|here|everyone)\b)", re.IGNORECASE)


# -- text -----------------------------------------------------------------------------------------------


def slack_len(text: str) -> int:
    """Length in UTF-16 code units: an emoji counts 2, so we never exceed a limit however Slack counts."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def escape(text: str) -> str:
    """Escape for mrkdwn and defuse broadcast words, so the text is shown and nothing is triggered."""
    text = _BROADCAST.sub("@" + _WORD_JOINER, text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def cut(mrkdwn: str, limit: int) -> str:
    """Shorten already-escaped text to ``limit`` with "…", at a word if one is near, never mid-entity or link."""
    if slack_len(mrkdwn) <= limit:
        return mrkdwn
    budget, used, end = limit - 1, 0, 0
    while end < len(mrkdwn):
        used += 2 if ord(mrkdwn[end]) > 0xFFFF else 1
        if used > budget:
            break
        end += 1
    head = mrkdwn[:end]
    amp = head.rfind("&")
    if amp != -1 and ";" not in head[amp:]:
        head = head[:amp]
    lt = head.rfind("<")
    if lt != -1 and ">" not in head[lt:]:
        head = head[:lt]
    space = max(head.rfind(" "), head.rfind("\n"))
    if space > 0 and space >= len(head) - 30:
        head = head[:space]
    return head.rstrip() + "…"


def fit(raw: str | None, limit: int) -> str:
    """Escape user or data text and cut it to ``limit``; never empty or blank (Slack rejects those)."""
    out = cut(escape(raw or ""), limit)
    return out if out.strip() else EMPTY


# -- blocks ---------------------------------------------------------------------------------------------


def mrkdwn(text: str) -> dict[str, Any]:
    """A mrkdwn text object that Slack will not auto-link or auto-mention in (``verbatim``)."""
    return {"type": "mrkdwn", "text": text if text.strip() else EMPTY, "verbatim": True}


def plain_text(text: str, limit: int) -> dict[str, Any]:
    """A plain_text object (modal titles, labels), cut to ``limit``; Slack shows it literally."""
    return {"type": "plain_text", "text": text[:limit], "emoji": True}


def section(text: str) -> dict[str, Any]:
    """A section block; ``text`` must already be escaped."""
    return {"type": "section", "text": mrkdwn(cut(text, MAX_SECTION_TEXT))}


def context(*texts: str) -> dict[str, Any]:
    """A context block of mrkdwn elements; the texts must already be escaped."""
    elements = [mrkdwn(cut(t, MAX_CONTEXT_TEXT)) for t in texts[:MAX_CONTEXT_ELEMENTS]]
    return {"type": "context", "elements": elements}


def button(label: str, action_id: str, value: str, style: str | None = None) -> dict[str, Any]:
    """A button; ``label`` is raw text (escaped here), ``value`` goes back to us untouched."""
    out: dict[str, Any] = {
        "type": "button",
        "text": {"type": "plain_text", "text": fit(label, MAX_BUTTON_TEXT), "emoji": True},
        "action_id": action_id[:MAX_ACTION_ID],
        "value": value[:MAX_BUTTON_VALUE],
    }
    if style:
        out["style"] = style
    return out


def actions(*elements: dict[str, Any]) -> dict[str, Any]:
    """An actions block."""
    return {"type": "actions", "elements": list(elements[:MAX_ACTIONS_ELEMENTS])}


def capped(head: list[dict[str, Any]], items: list[dict[str, Any]], tail: list[dict[str, Any]],
           what: str) -> list[dict[str, Any]]:
    """``head + items + tail`` within 50 blocks, replacing the items that do not fit with one "…and N more"."""
    room = MAX_BLOCKS - len(head) - len(tail)
    if len(items) > room:
        shown = max(room - 1, 0)
        items = [*items[:shown], context(f"…and {len(items) - shown} more {what}.")]
    return (head + items + tail)[:MAX_BLOCKS]


# -- messages -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SlackMessage:
    """A reply ready for Slack: fallback text, blocks, and whether only the asker should see it."""

    text: str
    blocks: list[dict[str, Any]] = field(default_factory=list)
    private: bool = False
    """Errors, help and notices go only to the asker whatever the channel setting."""

    def payload(self) -> dict[str, Any]:
        """The ``text`` and ``blocks`` arguments of chat.postMessage / respond."""
        return {"text": self.text, "blocks": self.blocks}


def notice(text: str, *, private: bool = True) -> SlackMessage:
    """A one-line message (rate limit, apology, thanks), escaped and cut."""
    return SlackMessage(fit(text, MAX_FALLBACK_TEXT), [section(escape(text))], private)


def private(text: str, blocks: list[dict[str, Any]]) -> SlackMessage:
    """A message only the asker sees: ``text`` is the raw fallback, ``blocks`` already escaped (within 50)."""
    return SlackMessage(fit(text, MAX_FALLBACK_TEXT), capped(blocks[:1], blocks[1:], [], "lines"), private=True)
