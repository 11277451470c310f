"""What the answer buttons carry, and reading it back when one is pressed.

A button's ``value`` comes back to us from Slack, possibly long after it was
posted and from a message rendered by an older version of the bot; so the
formats here stay compatible with buttons already posted, and anything that
does not parse is answered as expired rather than trusted.

* Suggestion and topic buttons (``nvidia_suggest:<n>``):
  ``{"k": "faq"|"fact"|"topic", "id": ..., "q": question}``.
* Feedback buttons (``nvidia_feedback:yes`` / ``:no``):
  ``{"q": question, "s": status, "m": [kind, id] | null}``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from bot.core.models import STATUSES, Answer, Match
from bot.core.source_answers import KIND as SOURCE_KIND
from bot.slack.blocks import MAX_BUTTON_VALUE, slack_len

ACTION_SUGGEST = "nvidia_suggest"
"""Prefix of the buttons that answer a suggested question or show a topic (``nvidia_suggest:<n>``)."""
ACTION_FEEDBACK = "nvidia_feedback"
"""Prefix of the helpful / not-helpful buttons (``nvidia_feedback:yes`` / ``:no``)."""
VOTE_KINDS = ("faq", "fact", SOURCE_KIND)
"""What a feedback button's match may name: ``KnowledgeBase.record_feedback`` checks the entry exists."""
MAX_LABEL = 300
"""How much of the question a suggestion or topic button carries back."""


@dataclass(frozen=True)
class Vote:
    """What a feedback button is about: ``KnowledgeBase.record_feedback``'s ``ref`` and ``question``."""

    ref: str
    """``faq:ID``, ``fact:ID``, or the answer's status when nothing matched (``Answer.ref``)."""
    question: str


def suggestion_value(match: Match, label: str) -> str:
    """What a suggestion button carries: the entry to show and the question it stands for."""
    return json.dumps({"k": match.kind, "id": match.id, "q": label[:MAX_LABEL]}, ensure_ascii=False)


def topic_value(topic_id: str, title: str) -> str:
    """What a topic's "Show facts" button carries."""
    return json.dumps({"k": "topic", "id": topic_id, "q": title[:MAX_LABEL]}, ensure_ascii=False)


def parse_suggestion(value: str) -> tuple[str, str] | None:
    """(key, question) from a suggestion or topic button, or None when the value is not ours."""
    try:
        data = json.loads(value)
    except ValueError:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("id"), str) or not data["id"]:
        return None
    label = data.get("q")
    return data["id"], label if isinstance(label, str) and label else data["id"]


def suggestion_kind(value: str) -> str | None:
    """The kind ("faq" or "fact") a suggestion button names; None for a topic button or a foreign value."""
    try:
        data = json.loads(value)
    except ValueError:
        return None
    kind = data.get("k") if isinstance(data, dict) else None
    return kind if kind in ("faq", "fact") else None


def feedback_value(answer: Answer) -> str | None:
    """What the feedback buttons carry: enough to name the answer a vote is about (None if too long)."""
    match = [answer.match.kind, answer.match.id] if answer.match else None
    value = json.dumps({"q": answer.question, "s": answer.status, "m": match}, ensure_ascii=False)
    return value if slack_len(value) <= MAX_BUTTON_VALUE else None


def parse_feedback(value: str) -> Vote | None:
    """What a feedback button votes on, or None when the value is not ours."""
    try:
        data = json.loads(value)
    except ValueError:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("q"), str):
        return None
    status = data.get("s")
    if status not in STATUSES:
        return None
    raw = data.get("m")
    if raw is None:  # nothing matched: the vote is on the status
        return Vote(str(status), data["q"])
    # A match we did not write (another kind, a malformed pair) is not turned into a vote on the status:
    # record_feedback checks that the entry named exists, and refuses the vote when it does not.
    if isinstance(raw, list) and len(raw) == 2 and raw[0] in VOTE_KINDS and isinstance(raw[1], str) and raw[1]:
        return Vote(f"{raw[0]}:{raw[1]}", data["q"])
    return None
