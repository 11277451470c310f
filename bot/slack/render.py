"""Replies (answers, the overview, topics, sources, help and errors) as Block Kit messages.

Each reply value of :mod:`bot.chat.commands` becomes one :class:`SlackMessage`
built from :mod:`bot.slack.blocks`, so every text is escaped and every field
is within Block Kit's limits; the fallback text is the shared plain-text
rendering (:mod:`bot.chat.plain`).
"""

from __future__ import annotations

import re
from typing import Any

from bot.chat.commands import ErrorReply, HelpReply, Reply, SourcesReply, TopicsReply
from bot.chat.plain import render as render_plain
from bot.core.models import UNKNOWN, Answer, Citation, Overview, Source
from bot.slack.blocks import (
    MAX_BLOCKS,
    MAX_CONTEXT_TEXT,
    MAX_FALLBACK_TEXT,
    MAX_SECTION_TEXT,
    SlackMessage,
    actions,
    button,
    capped,
    context,
    fit,
    section,
    slack_len,
)
from bot.slack.buttons import ACTION_FEEDBACK, ACTION_SUGGEST, feedback_value, suggestion_value, topic_value

MAX_SUGGESTION_BUTTONS = 5
_SAFE_URL = re.compile(r"^https?://[^\s<>|\"]+$")


def fallback(reply: Reply) -> str:
    """The notification / screen-reader text Slack shows when blocks cannot be."""
    return fit(render_plain(reply), MAX_FALLBACK_TEXT)


def source_label(title: str | None, publisher: str | None, published: str | None, url: str | None) -> str:
    """``*Title* · Publisher · date``, with each missing field shown as unknown and a safe link if any."""
    name = fit(title or "Untitled source", 300)
    if url and _SAFE_URL.match(url) and len(url) < 1000:
        name = f"<{url.replace('&', '&amp;')}|{name}>"
    who = fit(publisher or f"publisher {UNKNOWN}", 200)
    when = fit(published or f"date {UNKNOWN}", 100)
    return f"*{name}* · {who} · {when}"


def citation_block(cite: Citation) -> dict[str, Any]:
    """One source under an answer: where it comes from and the verbatim quote."""
    label = source_label(cite.title, cite.publisher, cite.published, cite.url)
    quote = fit(cite.quote, MAX_CONTEXT_TEXT - slack_len(label) - 16)
    return context(f"{label}\n> “{quote}”")


def render_answer(answer: Answer) -> SlackMessage:
    """Answer, sources with quotes, confidence and feedback buttons; or suggestions as buttons."""
    head = [context(f"*Question:* {fit(answer.question, 1500)}")]
    if answer.notes:
        head.append(context(*(fit(n, 500) for n in answer.notes)))
    head.append(section(fit(answer.text, MAX_SECTION_TEXT)))
    items: list[dict[str, Any]] = []
    tail: list[dict[str, Any]] = []
    if answer.status == "answered":
        items = [citation_block(c) for c in answer.citations]
        tail.append(context(f"Confidence: {answer.confidence:.0%}"))
        value = feedback_value(answer)
        if value is not None:
            tail.append(actions(
                button("👍 Helpful", f"{ACTION_FEEDBACK}:yes", value),
                button("👎 Not helpful", f"{ACTION_FEEDBACK}:no", value),
            ))
    elif answer.status == "unsure" and answer.suggestions:
        pairs = [(q, m) for q, m in zip(answer.suggestions, answer.suggested, strict=False) if q.strip()]
        pairs = pairs[:MAX_SUGGESTION_BUTTONS]
        if pairs:
            head.append(section("\n".join(f"• {fit(q, 500)}" for q, _ in pairs)))
            tail.append(actions(*(
                button(q, f"{ACTION_SUGGEST}:{i}", suggestion_value(m, q)) for i, (q, m) in enumerate(pairs)
            )))
    return SlackMessage(fallback(answer), capped(head, items, tail, "sources"))


def render_overview(overview: Overview) -> SlackMessage:
    """The ``/nvidia europe`` overview: each headline with its source and quote."""
    head = [section(f"*{fit(overview.title, 300)}*\n{fit(overview.intro, 2000)}")]
    items: list[dict[str, Any]] = []
    for item in overview.items:
        items += [section(f"• {fit(item.headline, 2500)}"), citation_block(item.citation)]
    if not items:
        items = [context("No headlines yet.")]
    if len(head) + len(items) > MAX_BLOCKS:  # keep headline and source together
        items = items[: (MAX_BLOCKS - len(head) - 1) // 2 * 2]
        items.append(context(f"…and {len(overview.items) - len(items) // 2} more headlines."))
    return SlackMessage(fallback(overview), head + items)


def render_topics(reply: TopicsReply) -> SlackMessage:
    """What the bot knows about, each topic with a button that shows its facts."""
    items = []
    for i, summary in enumerate(reply.topics):
        topic = summary.topic
        text = f"*{fit(topic.title, 200)}* (`{fit(topic.id, 100)}`): {fit(topic.description, 1000)}"
        if summary.examples:
            text += "\n_e.g._ " + " · ".join(fit(e, 300) for e in summary.examples[:3])
        block = section(text)
        block["accessory"] = button("Show facts", f"{ACTION_SUGGEST}:t{i}", topic_value(topic.id, topic.title))
        items.append(block)
    head = [section("*What I know about* (or try `/nvidia fact &lt;topic&gt;`):")]
    return SlackMessage(fallback(reply), capped(head, items, [], "topics"))


def render_source(source: Source) -> dict[str, Any]:
    """One source document's metadata."""
    label = source_label(source.title, source.publisher, source.published, source.url)
    return section(f"{label}\n`{fit(source.id, 200)}`")


def render_sources(reply: SourcesReply) -> SlackMessage:
    """The source documents."""
    items = [render_source(s) for s in reply.sources]
    return SlackMessage(fallback(reply), capped([section("*My sources:*")], items, [], "sources"))


def render(reply: Reply) -> SlackMessage:
    """Any reply of ``bot.chat.commands.run`` as a Slack message; help and errors are private to the asker."""
    if isinstance(reply, Answer):
        return render_answer(reply)
    if isinstance(reply, Overview):
        return render_overview(reply)
    if isinstance(reply, TopicsReply):
        return render_topics(reply)
    if isinstance(reply, SourcesReply):
        return render_sources(reply)
    if isinstance(reply, HelpReply | ErrorReply):
        return SlackMessage(fallback(reply), [section(fit(reply.text, MAX_SECTION_TEXT))], private=True)
    raise TypeError(f"cannot render {type(reply).__name__}")
