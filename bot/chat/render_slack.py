"""Replies as Slack Block Kit, and Slack's message markup back to plain text.

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

import json
import re
from dataclasses import dataclass, field
from typing import Any

from bot.chat.commands import ErrorReply, HelpReply, Reply, SourcesReply, TopicsReply
from bot.chat.plain import render as render_plain
from bot.core.models import UNKNOWN, Answer, Citation, Match, Overview, Source

MAX_BLOCKS = 50
MAX_SECTION_TEXT = 3000
MAX_CONTEXT_TEXT = 2000
MAX_CONTEXT_ELEMENTS = 10
MAX_ACTIONS_ELEMENTS = 25
MAX_BUTTON_TEXT = 75
MAX_ACTION_ID = 255
MAX_BUTTON_VALUE = 2000
MAX_FALLBACK_TEXT = 3000

ACTION_SUGGEST = "nvidia_suggest"
"""Prefix of the buttons that answer a suggested question or show a topic (``nvidia_suggest:<n>``)."""
ACTION_FEEDBACK = "nvidia_feedback"
"""Prefix of the helpful / not-helpful buttons (``nvidia_feedback:yes`` / ``:no``)."""

MAX_SUGGESTION_BUTTONS = 5
EMPTY = "(nothing to show)"
"""Slack rejects empty text objects, so an empty string is replaced by this."""

_WORD_JOINER = "\u2060"
_BROADCAST = re.compile(r"@(?=(?:channel|here|everyone)\b)", re.IGNORECASE)
_SAFE_URL = re.compile(r"^https?://[^\s<>|\"]+$")
_SLACK_MARKUP = re.compile(r"<([^<>\n]*)>")


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


def from_slack(text: str | None) -> str:
    """Slack's message markup to the plain text the user saw: ``<@U1|ann>`` -> ``@ann``, entities decoded.

    The core then never sees Slack syntax, and what we echo back is escaped again.
    """
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


# -- blocks ---------------------------------------------------------------------------------------------


def mrkdwn(text: str) -> dict[str, Any]:
    """A mrkdwn text object that Slack will not auto-link or auto-mention in (``verbatim``)."""
    return {"type": "mrkdwn", "text": text if text.strip() else EMPTY, "verbatim": True}


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


def suggestion_value(match: Match, label: str) -> str:
    """What a suggestion button carries: the entry to show and the question it stands for."""
    return json.dumps({"k": match.kind, "id": match.id, "q": label[:300]}, ensure_ascii=False)


def topic_value(topic_id: str, title: str) -> str:
    """What a topic's "Show facts" button carries."""
    return json.dumps({"k": "topic", "id": topic_id, "q": title[:300]}, ensure_ascii=False)


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
    """What the feedback buttons carry: enough to rebuild the answer's feedback key (None if too long)."""
    match = [answer.match.kind, answer.match.id] if answer.match else None
    value = json.dumps({"q": answer.question, "s": answer.status, "m": match}, ensure_ascii=False)
    return value if slack_len(value) <= MAX_BUTTON_VALUE else None


def parse_feedback(value: str) -> Answer | None:
    """The answer a feedback button was about (text-less: only its key matters), or None if not ours."""
    try:
        data = json.loads(value)
    except ValueError:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("q"), str):
        return None
    status = data.get("s")
    if status not in ("answered", "unsure", "no_answer"):
        return None
    raw = data.get("m")
    match = None
    if isinstance(raw, list) and len(raw) == 2 and raw[0] in ("faq", "fact") and isinstance(raw[1], str):
        match = Match(raw[0], raw[1])
    return Answer(data["q"], status, None, 0.0, match=match)


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
    """Any reply of ``run_command`` as a Slack message; help and errors are private to the asker."""
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
