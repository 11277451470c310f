"""Moderator outcomes and the moderators' forms as Block Kit, and the submitted forms read back.

The texts are the shared ones of :mod:`bot.chat.moderation`; this module only
lays them out for Slack: every field escaped and cut, at most 50 blocks, the
modal's own limits (title, metadata, error text) respected.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from bot.chat.grammar import ADMIN_HELP
from bot.chat.moderation import (
    AdminHelpShown,
    Done,
    HistoryShown,
    Outcome,
    ProposalsShown,
    Refused,
    Saved,
    SourceForm,
    UnansweredShown,
    refusal_text,
)
from bot.core.curation import Record, value_dict
from bot.core.models import Fact
from bot.core.validation import MAX_QUOTE, MAX_STATEMENT, MAX_TITLE, ValidationError
from bot.slack.blocks import (
    SlackMessage,
    actions,
    button,
    context,
    cut,
    escape,
    notice,
    plain_text,
    private,
    section,
)

EDIT_FACT_CALLBACK = "nvidia_admin_fact_edit"
"""The ``callback_id`` of the fact edit modal."""
MAX_MODAL_TITLE = 24
MAX_METADATA = 3000
MAX_REASON = 500
MAX_ERROR_TEXT = 1000
MAX_LABEL = 2000
FIELD_TEXT = 1500
"""How much of one field a record shows (a section holds 3000)."""
UNANSWERED_HINT = "`/nvidia admin unanswered attach ID FAQ_ID` · `/nvidia admin unanswered dismiss ID`"
"""Under the unanswered list: how to act on it from Slack."""
STALE_FORM = "This form is out of date; please open it again."
ADD_SOURCE_CALLBACK = "nvidia_admin_source_add"
"""The ``callback_id`` of the add-an-article modal."""
ACTION_PROPOSAL = "nvidia_admin_proposal"
"""Accept and Reject buttons under proposed facts: ``nvidia_admin_proposal:accept`` and ``…:reject``."""
TEXT_PARTS = ("text", "text_2", "text_3")
"""The article's text comes in up to three inputs (Slack takes 3,000 characters in one), joined by a line break."""
MAX_INPUT = 3000


# -- outcomes -------------------------------------------------------------------------------------------


def _text(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value) or "—"
    return "—" if value in (None, "") else str(value)


def record_blocks(record: Record) -> list[dict[str, Any]]:
    """Every field of an entry, its version and whether it is retired."""
    state = "retired" if record.retired else "live"
    blocks = [context(f"{escape(record.entity)} `{escape(record.id)}` · version {record.version} · {state}")]
    for name, value in value_dict(record.value).items():
        if name in ("id", "canonical"):
            continue
        blocks.append(section(f"*{escape(name.capitalize())}*\n{cut(escape(_text(value)), FIELD_TEXT)}"))
    return blocks


def with_record(headline: str, record: Record) -> SlackMessage:
    """A private headline followed by the entry it is about."""
    return private(headline, [section(escape(headline)), *record_blocks(record)])


def history_message(outcome: HistoryShown) -> SlackMessage:
    """Every version of an entry, newest first."""
    items = []
    for version in reversed(outcome.versions):
        line = f"*v{version.version}* · {version.action} · {version.actor} ({version.platform}) · {version.at}"
        summary = version.record.summary() if version.record else "(no snapshot)"
        text = f"{escape(line)}\n{cut(escape(summary), FIELD_TEXT)}"
        if version.reason:
            text += f"\nReason: {cut(escape(version.reason), MAX_REASON)}"
        items.append(section(text))
    return private(outcome.headline, [section(escape(outcome.headline)), *items])


def unanswered_message(outcome: UnansweredShown) -> SlackMessage:
    """The most asked open questions, with the id that attach and dismiss take."""
    if not outcome.groups:
        return notice(outcome.headline)
    head = f"{outcome.headline}\n{UNANSWERED_HINT}"
    items = []
    for group in outcome.groups:
        wordings = "\n".join(f"• {cut(escape(w), 300)}" for w in group.wordings)
        items.append(section(f"*#{group.id}* · asked {group.count}× · last {escape(group.last_seen)}\n{wordings}"))
    return private(head, [section(escape(head)), *items])


def refused_message(refused: Refused) -> SlackMessage:
    """What a refused change tells the moderator; a conflict also shows the newer version."""
    if refused.newer is not None:
        return with_record(refused.text, refused.newer)
    return notice(refusal_text(refused))


def proposals_message(outcome: ProposalsShown) -> SlackMessage:
    """Proposed facts, each with Accept and Reject buttons while it is open."""
    if not outcome.items:
        return notice(outcome.headline)
    blocks = [section(escape(outcome.headline))]
    for item in outcome.items:
        first, *rest = item.lines()
        blocks.append(section(f"*{escape(first)}*\n{cut(escape(chr(10).join(rest)), FIELD_TEXT)}"))
        if item.proposal.status == "open":
            number = str(item.proposal.id)
            blocks.append(actions(
                button(f"Accept #{number}", f"{ACTION_PROPOSAL}:accept", number, "primary"),
                button(f"Reject #{number}", f"{ACTION_PROPOSAL}:reject", number),
            ))
    return private(outcome.headline, blocks)


def render_outcome(outcome: Outcome) -> SlackMessage:
    """A moderator command's outcome as a private message (a form is opened, not rendered: see ``admin``)."""
    if isinstance(outcome, Saved):
        return with_record(outcome.headline, outcome.record)
    if isinstance(outcome, Refused):
        return refused_message(outcome)
    if isinstance(outcome, HistoryShown):
        return history_message(outcome)
    if isinstance(outcome, UnansweredShown):
        return unanswered_message(outcome)
    if isinstance(outcome, Done):
        return notice(outcome.text)
    if isinstance(outcome, AdminHelpShown):
        return private(ADMIN_HELP, [section(ADMIN_HELP)])
    if isinstance(outcome, ProposalsShown):
        return proposals_message(outcome)
    raise TypeError(f"{type(outcome).__name__} opens a form; it has no message")


# -- the edit modal -------------------------------------------------------------------------------------


def _input(block_id: str, label: str, *, initial: str | None, limit: int, optional: bool = False,
           multiline: bool = True) -> dict[str, Any]:
    element: dict[str, Any] = {"type": "plain_text_input", "action_id": "value", "multiline": multiline,
                               "max_length": limit}
    if initial:
        element["initial_value"] = initial[:limit]
    return {"type": "input", "block_id": block_id, "label": plain_text(label, MAX_LABEL), "element": element,
            "optional": optional}


def fact_edit_view(record: Record, channel_id: str | None) -> dict[str, Any]:
    """The modal that edits a fact's statement and quote, prefilled, remembering the version it started from."""
    fact = record.value
    assert isinstance(fact, Fact)
    metadata = json.dumps({"id": record.id, "version": record.version, "channel": channel_id})
    return {
        "type": "modal",
        "callback_id": EDIT_FACT_CALLBACK,
        "title": plain_text("Edit fact", MAX_MODAL_TITLE),
        "submit": plain_text("Save", MAX_MODAL_TITLE),
        "close": plain_text("Cancel", MAX_MODAL_TITLE),
        "private_metadata": metadata[:MAX_METADATA],
        "blocks": [
            {"type": "context", "elements": [{
                "type": "mrkdwn", "verbatim": True,
                "text": cut(f"fact `{escape(record.id)}` · version {record.version} · source "
                            f"`{escape(fact.source_id)}`. Every number in the statement must be in the quote, "
                            "and the quote must be verbatim in the source.", 2000),
            }]},
            _input("statement", "Statement", initial=fact.statement, limit=MAX_STATEMENT),
            _input("quote", "Quote (verbatim from the source)", initial=fact.quote, limit=MAX_QUOTE),
            _input("reason", "Reason (for the audit log)", initial=None, limit=MAX_REASON, optional=True),
        ],
    }


@dataclass(frozen=True)
class FactForm:
    """A submitted fact edit form: the entry and version it started from, and what the moderator typed."""

    id: str
    version: int
    channel: str | None
    statement: str | None
    quote: str | None
    reason: str | None


def read_fact_form(view: dict[str, Any]) -> FactForm | None:
    """The submitted form's fields, or None when its metadata is not one we wrote (a stale or foreign form)."""
    try:
        meta = json.loads(view.get("private_metadata") or "{}")
        entry_id, version, channel = str(meta["id"]), meta["version"], meta.get("channel")
    except (ValueError, KeyError, TypeError):
        return None
    # We wrote a whole number; anything else (1e309 is infinity, 1.5, true, "2") is not our form's.
    if type(version) is not int or not 0 < version < 2**63:
        return None
    values = (view.get("state") or {}).get("values") or {}
    reason = (_field(values, "reason") or "").strip() or None
    return FactForm(entry_id, version, channel if isinstance(channel, str) else None,
                    _field(values, "statement"), _field(values, "quote"), reason)


def _field(values: dict[str, Any], block_id: str) -> str | None:
    value = ((values.get(block_id) or {}).get("value") or {}).get("value")
    return value if isinstance(value, str) else None


def form_errors(message: str) -> dict[str, Any]:
    """The view_submission ack that shows ``message`` on the statement field and keeps the form open."""
    return {"response_action": "errors", "errors": {"statement": message[:MAX_ERROR_TEXT]}}


def modal_errors(exc: ValidationError) -> dict[str, Any]:
    """Validation problems on the modal's blocks (a quote problem on the quote, the rest on the statement)."""
    errors: dict[str, list[str]] = {}
    for problem in exc.problems:
        text = str(problem.message)
        block = "quote" if "quote" in text.lower() and "statement" not in text.lower() else "statement"
        errors.setdefault(block, []).append(text)
    if not errors:
        errors["statement"] = [str(exc)]
    return {"response_action": "errors",
            "errors": {block: "; ".join(texts)[:MAX_ERROR_TEXT] for block, texts in errors.items()}}


# -- the add-an-article modal ----------------------------------------------------------------------------


def source_add_view(channel_id: str | None) -> dict[str, Any]:
    """The modal where a moderator pastes an article and what is known of it (unknown fields stay empty)."""
    parts = [_input(block, label, initial=None, limit=MAX_INPUT, optional=block != "text")
             for block, label in zip(TEXT_PARTS, ("Article text, verbatim", "Text, continued (optional)",
                                                  "Text, continued further (optional)"), strict=True)]
    return {
        "type": "modal",
        "callback_id": ADD_SOURCE_CALLBACK,
        "title": plain_text("Add an article", MAX_MODAL_TITLE),
        "submit": plain_text("Add", MAX_MODAL_TITLE),
        "close": plain_text("Cancel", MAX_MODAL_TITLE),
        "private_metadata": json.dumps({"channel": channel_id})[:MAX_METADATA],
        "blocks": [
            {"type": "context", "elements": [{
                "type": "mrkdwn", "verbatim": True,
                "text": "The text is stored as pasted, and a fact is proposed for every sentence that states a "
                        "claim. Leave what the article does not say empty: nothing is guessed. A longer article "
                        "goes in the continued boxes, split at a paragraph break, or through "
                        "`python -m bot sources add FILE`.",
            }]},
            *parts,
            _input("title", "Title (a short label)", initial=None, limit=MAX_TITLE, optional=True, multiline=False),
            _input("publisher", "Publisher (empty if unknown)", initial=None, limit=MAX_TITLE, optional=True,
                   multiline=False),
            _input("published", "Published, YYYY-MM-DD (empty if unknown)", initial=None, limit=10, optional=True,
                   multiline=False),
            _input("url", "URL, http(s) (empty if unknown)", initial=None, limit=500, optional=True, multiline=False),
            _input("language", "Language code (empty: en)", initial=None, limit=12, optional=True, multiline=False),
        ],
    }


def read_source_form(view: dict[str, Any]) -> tuple[SourceForm, str | None] | None:
    """The submitted article and the channel to answer in, or None for a form we did not write."""
    try:
        meta = json.loads(view.get("private_metadata") or "{}")
        channel = meta.get("channel") if isinstance(meta, dict) else None
    except ValueError:
        return None
    values = (view.get("state") or {}).get("values") or {}
    if view.get("callback_id") not in (None, ADD_SOURCE_CALLBACK) or "text" not in values:
        return None
    text = "\n".join(part for block in TEXT_PARTS if (part := (_field(values, block) or "").strip()))
    form = SourceForm(text, _field(values, "title"), _field(values, "publisher"), _field(values, "published"),
                      _field(values, "url"), (_field(values, "language") or "").strip() or "en")
    return form, channel if isinstance(channel, str) else None


def source_errors(refused: Refused) -> dict[str, Any]:
    """A refused article shown on its form: each problem on the field it is about, the rest on the text."""
    errors: dict[str, list[str]] = {}
    for problem in refused.problems or (refused.text,):
        low = problem.lower()
        block = next((b for b in ("published", "url", "publisher", "title", "language") if b in low), "text")
        errors.setdefault(block, []).append(problem)
    return {"response_action": "errors",
            "errors": {block: "; ".join(texts)[:MAX_ERROR_TEXT] for block, texts in errors.items()}}
