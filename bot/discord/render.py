"""Draws every reply as Discord embeds, always within Discord's limits.

Pure functions: values in, ``discord.Embed`` lists out, no I/O: answers,
the overview, topics, sources and help for everyone, and entries, their
history and the unanswered queue for moderators. Every string is
measured in UTF-16 code units (what Discord's JavaScript-side limits count, and
never fewer than Python's code points), and anything too long is cut at a word
boundary with a visible "…" rather than left for Discord to reject. One reply
is one list of embeds that together respect the per-message limits (10 embeds,
6000 characters in all).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import discord

from bot.chat.commands import HELP_TEXT
from bot.chat.moderation import ProposalItem
from bot.core.curation import Record, Version, value_dict
from bot.core.models import UNKNOWN, Answer, Citation, Overview, Source, TopicSummary
from bot.core.unanswered import Group

TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FOOTER_LIMIT = 2048
AUTHOR_LIMIT = 256
FIELDS_PER_EMBED = 25
TOTAL_LIMIT = 6000
EMBEDS_PER_MESSAGE = 10
BUTTON_LABEL_LIMIT = 80
CHOICE_LIMIT = 100
"""Autocomplete choice names and values (both 1-100 characters)."""

ELLIPSIS = "…"
ZERO_WIDTH = "\u200b"
"""Put inside mention and link syntax, it keeps the text as it reads while Discord parses no pill and no link."""
_MENTION_OPEN = re.compile(r"<(?=[@#:/]|a:|t:)")
"""Opens a mention, a channel, an emoji, a slash-command or a timestamp pill: ``<@1>``, ``<@&1>``, ``<#1>``, ..."""
_BROADCAST = re.compile(r"@(?=everyone|here)", re.IGNORECASE)
_LINK_SCHEME = re.compile(r"(?<=[A-Za-z]):(?=//)")
"""The colon of ``https://``: Discord makes a link of any ``scheme://…`` it sees, a masked ``[text](url)`` too."""

GREEN = discord.Colour(0x76B900)
AMBER = discord.Colour(0xE3A008)
GREY = discord.Colour(0x99AAB5)
STATUS_COLOURS = {"answered": GREEN, "unsure": AMBER, "no_answer": GREY}

MIN_FIELD = 120
"""The smallest field worth showing; below it, fields are summarised by a "more" note instead."""
RESERVED_FOR_FIELDS = 4
"""A long description leaves room for at least this many fields (the sources must show)."""


def units(text: str) -> int:
    """Length as Discord counts it: UTF-16 code units, so an emoji outside the BMP counts twice."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def cut(text: str, limit: int) -> str:
    """``text`` if it fits in ``limit`` units, else cut at a word boundary and ended with "…"."""
    if units(text) <= limit:
        return text
    if limit <= 0:
        return ""
    room = limit - 1
    head = text[:room]
    while head and units(head) > room:
        head = head[:-1]
    space = max(head.rfind(" "), head.rfind("\n"))
    if space >= room * 0.8:
        head = head[:space]
    head = head.rstrip()
    while head.endswith("\\"):  # never leave a dangling markdown escape in front of the ellipsis
        head = head[:-1]
    return head + ELLIPSIS


def one_line(text: str) -> str:
    """Collapse white space, so a quote fits a single Markdown block-quote line."""
    return " ".join(text.split())


def neutralise(text: str) -> str:
    """Text shown as written but inert: no mention pill, no broadcast, no clickable link.

    Text reaches an answer from moderators, imports and the sources' own words, so a link or a mention may be
    in it whatever the checks at entry; only a source's own ``url`` is shown as a link, and never through here.
    """
    text = _MENTION_OPEN.sub("<" + ZERO_WIDTH, text)
    text = _BROADCAST.sub("@" + ZERO_WIDTH, text)
    return _LINK_SCHEME.sub(":" + ZERO_WIDTH, text)


def escape(text: str) -> str:
    """Show text as written: Markdown characters escaped, mentions and links made inert (:func:`neutralise`)."""
    return neutralise(discord.utils.escape_markdown(text))


@dataclass(frozen=True)
class Field:
    """An embed field before fitting: its value may be shortened to share the message's budget."""

    name: str
    value: str


def pack(
    *,
    title: str,
    description: str,
    fields: Sequence[Field],
    footer: str = "",
    colour: discord.Colour = GREEN,
    more: Callable[[int], str] | None = None,
) -> list[discord.Embed]:
    """Lay out one reply as embeds that fit every Discord limit, dropping fields that cannot fit.

    Fields share what is left of the 6000-character budget fairly, 25 to an embed and
    at most 10 embeds; when not all fit, the last field says how many were left out
    (through ``more``), so the cut is visible.
    """
    budget = TOTAL_LIMIT
    title = cut(title, TITLE_LIMIT)
    footer = cut(footer, FOOTER_LIMIT)
    budget -= units(title) + units(footer)
    reserve = min(len(fields), RESERVED_FOR_FIELDS) * MIN_FIELD
    description = cut(description, min(DESCRIPTION_LIMIT, max(0, budget - reserve)))
    budget -= units(description)

    more_field = more or (lambda n: f"{n} more not shown.")
    capacity = FIELDS_PER_EMBED * EMBEDS_PER_MESSAGE
    note_units = units("More") + FIELD_VALUE_LIMIT // 8
    count = len(fields)
    if count > capacity or count * MIN_FIELD > budget:
        count = max(0, min(capacity - 1, (budget - note_units) // MIN_FIELD))
    hidden = len(fields) - count
    if hidden:
        budget -= note_units

    shown: list[tuple[str, str]] = []
    for index, field in enumerate(fields[:count]):
        share = budget // (count - index)
        name = cut(field.name or "\u200b", min(FIELD_NAME_LIMIT, max(1, share // 3)))
        value = cut(field.value or "\u200b", min(FIELD_VALUE_LIMIT, max(1, share - units(name))))
        budget -= units(name) + units(value)
        shown.append((name, value))
    if hidden:
        shown.append(("More", cut(more_field(hidden), FIELD_VALUE_LIMIT // 8)))

    embeds = [discord.Embed(title=title or None, description=description or None, colour=colour)]
    for name, value in shown:
        if len(embeds[-1].fields) >= FIELDS_PER_EMBED:
            embeds.append(discord.Embed(colour=colour))
        embeds[-1].add_field(name=name, value=value, inline=False)
    if footer:
        embeds[-1].set_footer(text=footer)
    return embeds


# -- answers ---------------------------------------------------------------------------------------


def source_field(cite: Citation) -> Field:
    """A source under an answer: title as the name; publisher, date, link and the verbatim quote."""
    meta = f"**Publisher:** {escape(cite.publisher or UNKNOWN)} · **Date:** {escape(cite.published or UNKNOWN)}"
    link = f"\n{cite.url}" if cite.url else ""
    title = (cite.title or "").strip() or "Untitled source"
    return Field(escape(title), f"{meta}{link}\n> “{escape(one_line(cite.quote))}”")


def confidence_footer(answer: Answer) -> str:
    """The footer: the confidence, and for a matched answer the entry moderators would edit."""
    text = f"Confidence {answer.confidence:.0%}"
    if answer.match is not None:
        text += f" · {answer.match.kind} {answer.match.id}"
    elif answer.status != "answered":
        text += " · not answered" if answer.status == "no_answer" else " · not sure"
    return text


def answer_embeds(answer: Answer) -> list[discord.Embed]:
    """The answer with each source as a field, the suggestions when unsure, the confidence below."""
    lines = [f"*{neutralise(note)}*" for note in answer.notes]
    lines.append(neutralise(answer.text or ""))
    if answer.status == "unsure":
        lines += [f"{i}. {escape(s)}" for i, s in enumerate(answer.suggestions, start=1)]
    elif answer.status == "no_answer" and "/nvidia topics" not in (answer.text or ""):
        lines.append("See `/nvidia topics` for what I can answer.")
    fields = [source_field(c) for c in answer.citations] if answer.status == "answered" else []
    return pack(
        title=question_title(answer.question),
        description="\n".join(line for line in lines if line),
        fields=fields,
        footer=confidence_footer(answer),
        colour=STATUS_COLOURS.get(answer.status, GREY),
        more=lambda n: f"{n} more source{'s' if n != 1 else ''} not shown: see `/nvidia sources`.",
    )


def question_title(question: str) -> str:
    """The question as the embed title (plain text: titles never render mentions)."""
    return cut(one_line(question), TITLE_LIMIT) or "Your question"


# -- the other commands ----------------------------------------------------------------------------


def overview_embeds(overview: Overview) -> list[discord.Embed]:
    """``/nvidia europe``: each headline a field with its source and quote."""
    fields = []
    for item in overview.items:
        cite = source_field(item.citation)
        fields.append(Field(escape(item.headline), f"*{cite.name}*\n{cite.value}"))
    return pack(
        title=overview.title,
        description=overview.intro,
        fields=fields,
        footer="Ask more with /nvidia ask · sources with /nvidia sources",
        more=lambda n: f"{n} more headline{'s' if n != 1 else ''}: see `/nvidia topics`.",
    )


def topics_embeds(topics: Sequence[TopicSummary]) -> list[discord.Embed]:
    """``/nvidia topics``: one field per topic with its id (for ``/nvidia fact``) and example questions."""
    fields = []
    for summary in topics:
        topic = summary.topic
        examples = "".join(f"\n• {escape(q)}" for q in summary.examples)
        value = f"{escape(topic.description)}\n`/nvidia fact topic:{topic.id}` · {summary.entries} entries{examples}"
        fields.append(Field(escape(topic.title), value))
    return pack(
        title="What I know about",
        description="Pick a topic with `/nvidia fact`, or just ask with `/nvidia ask`."
        if topics else "I have no topics loaded right now.",
        fields=fields,
        more=lambda n: f"{n} more topic{'s' if n != 1 else ''}: start typing in `/nvidia fact` to find them.",
    )


def sources_embeds(sources: Sequence[Source]) -> list[discord.Embed]:
    """``/nvidia sources``: each document with publisher, date and link, unknown where it gives none."""
    fields = []
    for source in sources:
        value = (
            f"**Publisher:** {escape(source.publisher or UNKNOWN)} · **Date:** {escape(source.published or UNKNOWN)}"
            f"\n**Link:** {source.url or UNKNOWN} · **Language:** {source.language} · `{source.id}`"
        )
        fields.append(Field(escape((source.title or "").strip() or "Untitled source"), value))
    return pack(
        title="My sources",
        description="Every answer quotes one of these documents word for word.",
        fields=fields,
        more=lambda n: f"{n} more source{'s' if n != 1 else ''} not shown.",
    )


def help_embeds() -> list[discord.Embed]:
    """``/nvidia help``."""
    return pack(title="NVIDIA Europe bot", description=HELP_TEXT, fields=[])


# -- what moderators see ------------------------------------------------------------------------


def _value_text(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value) or "—"
    return "—" if value in (None, "") else str(value)


def record_embeds(record: Record, *, title: str | None = None) -> list[discord.Embed]:
    """One entry as a moderator checks it: every field, its version and whether it is retired."""
    state = "retired" if record.retired else "live"
    fields = [
        Field(name.capitalize(), escape(_value_text(value)))
        for name, value in value_dict(record.value).items()
        if name not in ("id", "canonical")
    ]
    return pack(
        title=title or f"{record.entity} {record.id}",
        description=f"Version {record.version} · {state}",
        fields=fields,
        footer="/nvidia-admin history shows every version",
        colour=GREY if record.retired else GREEN,
    )


def history_embeds(entity: str, entry_id: str, versions: Sequence[Version]) -> list[discord.Embed]:
    """Every version of an entry, newest first (the oldest are dropped first if they do not fit)."""
    fields = []
    for version in reversed(versions):
        actor = escape(one_line(version.actor))
        name = f"v{version.version} · {version.action} · {actor} ({version.platform}) · {version.at}"
        lines = [escape(one_line(version.record.summary()))] if version.record else ["(no snapshot)"]
        if version.reason:
            lines.append(f"Reason: {escape(one_line(version.reason))}")
        fields.append(Field(name, "\n".join(lines)))
    return pack(
        title=f"History of {entity} {entry_id}",
        description=f"{len(versions)} version(s). `/nvidia-admin revert` writes an old one back as a new version.",
        fields=fields,
        more=lambda n: f"{n} older version(s) not shown (see `python -m bot {entity} history`).",
    )


def unanswered_embeds(groups: Sequence[Group]) -> list[discord.Embed]:
    """The most asked open questions, with the id that attach and dismiss take."""
    fields = [
        Field(
            f"#{g.id} · asked {g.count}× · last {g.last_seen}",
            "\n".join(f"• {escape(one_line(w))}" for w in g.wordings),
        )
        for g in groups
    ]
    description = (
        "Attach one to an FAQ entry with `/nvidia-admin unanswered-attach`, or drop it with "
        "`/nvidia-admin unanswered-dismiss`." if groups else "No open questions. Nice."
    )
    return pack(title="Unanswered questions", description=description, fields=fields, colour=AMBER)


# -- limits, for tests and for a last check before sending ----------------------------------------


def embed_problems(embeds: Sequence[discord.Embed]) -> list[str]:
    """Every way these embeds, sent as one message, would break a Discord limit (empty when fine)."""
    problems: list[str] = []
    if len(embeds) > EMBEDS_PER_MESSAGE:
        problems.append(f"{len(embeds)} embeds (limit {EMBEDS_PER_MESSAGE})")
    total = 0
    for i, embed in enumerate(embeds):
        data = embed.to_dict()
        checks: list[tuple[str, str, int]] = [
            ("title", data.get("title", ""), TITLE_LIMIT),
            ("description", data.get("description", ""), DESCRIPTION_LIMIT),
            ("footer", data.get("footer", {}).get("text", ""), FOOTER_LIMIT),
            ("author", data.get("author", {}).get("name", ""), AUTHOR_LIMIT),
        ]
        fields = data.get("fields", [])
        if len(fields) > FIELDS_PER_EMBED:
            problems.append(f"embed {i}: {len(fields)} fields (limit {FIELDS_PER_EMBED})")
        for j, field in enumerate(fields):
            checks.append((f"field {j} name", field["name"], FIELD_NAME_LIMIT))
            checks.append((f"field {j} value", field["value"], FIELD_VALUE_LIMIT))
            if not field["name"].strip() or not field["value"].strip():
                problems.append(f"embed {i}: field {j} is empty")
        for what, text, limit in checks:
            total += units(text)
            if units(text) > limit:
                problems.append(f"embed {i}: {what} is {units(text)} characters (limit {limit})")
    if total > TOTAL_LIMIT:
        problems.append(f"{total} characters in all (limit {TOTAL_LIMIT})")
    return problems


def proposals_embeds(headline: str, items: Sequence[ProposalItem]) -> list[discord.Embed]:
    """Proposed facts as a moderator reviews them: one field each, with the figures an update changes."""
    fields = []
    for item in items:
        first, *rest = item.lines()
        fields.append(Field(escape(first), escape("\n".join(rest))))
    return pack(
        title="Proposed facts",
        description=escape(headline),
        fields=fields,
        footer="Accept adds the fact (validated and logged like any edit); Reject sets it aside",
        colour=AMBER,
    )
