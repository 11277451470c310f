"""Moderator outcomes as plain text, for the terminal chat (replies use ``bot.chat.plain``)."""

from __future__ import annotations

from bot.chat.grammar import ADMIN_HELP
from bot.chat.moderation import (
    AdminHelpShown,
    Done,
    FormNeeded,
    HistoryShown,
    Outcome,
    ProposalsShown,
    Refused,
    Saved,
    SourceFormNeeded,
    UnansweredShown,
    refusal_text,
)
from bot.core.curation import Record, value_dict
from bot.core.text import strip_control


def record_text(record: Record) -> str:
    """Every field of an entry, its version and whether it is retired."""
    state = "retired" if record.retired else "live"
    lines = [f"{record.entity} {record.id} · version {record.version} · {state}"]
    for name, value in value_dict(record.value).items():
        if name in ("id", "canonical"):
            continue
        shown = ", ".join(str(v) for v in value) if isinstance(value, list | tuple) else value
        lines.append(f"  {name}: {shown if shown not in (None, '') else '—'}")
    return "\n".join(lines)


def render_outcome(outcome: Outcome) -> str:
    """A moderator command's outcome as text."""
    if isinstance(outcome, Saved):
        return f"{outcome.headline}\n{record_text(outcome.record)}"
    if isinstance(outcome, Refused):
        text = refusal_text(outcome)
        return f"{text}\n{record_text(outcome.newer)}" if outcome.newer else text
    if isinstance(outcome, HistoryShown):
        lines = [outcome.headline]
        for v in reversed(outcome.versions):
            lines.append(f"  v{v.version} · {v.action} · {strip_control(v.actor)} ({v.platform}) · {v.at}")
            lines.append(f"    {v.record.summary() if v.record else '(no snapshot)'}")
            if v.reason:
                lines.append(f"    reason: {strip_control(v.reason)}")
        return "\n".join(lines)
    if isinstance(outcome, UnansweredShown):
        lines = [outcome.headline]
        for g in outcome.groups:
            lines.append(f"  #{g.id} · asked {g.count}× · last {g.last_seen}")
            lines += [f"    • {w}" for w in g.wordings]
        return "\n".join(lines)
    if isinstance(outcome, Done):
        return outcome.text
    if isinstance(outcome, ProposalsShown):
        lines = [outcome.headline]
        for item in outcome.items:
            first, *rest = item.lines()
            lines += [f"  {first}", *(f"    {line}" for line in rest)]
        if outcome.items:
            lines.append("  `/nvidia admin proposal accept ID` · `/nvidia admin proposal reject ID [reason]`")
        return "\n".join(lines)
    if isinstance(outcome, SourceFormNeeded):
        return ("The terminal has no forms: add an article with "
                "`python -m bot sources add FILE --title … --by NAME` (plain text, Markdown or HTML).")
    if isinstance(outcome, FormNeeded):
        return (f"The terminal has no forms: edit {outcome.record.entity} {outcome.record.id} with "
                "`python -m bot facts edit ID --statement … --quote … --by NAME`.")
    assert isinstance(outcome, AdminHelpShown)
    return ADMIN_HELP
