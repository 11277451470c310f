"""Replies as plain text: the terminal chat's format, ``python -m bot ask``'s, and Slack's fallback text."""

from __future__ import annotations

from bot.chat.commands import ErrorReply, HelpReply, Reply, SourcesReply, TopicsReply
from bot.core.models import UNKNOWN, Answer, Citation, Overview, Source


def source_line(title: str | None, publisher: str | None, published: str | None, url: str | None) -> str:
    """Title, publisher, date and URL, each shown as unknown when the source gives none."""
    return (
        f"{title or 'Untitled'} ({publisher or 'publisher ' + UNKNOWN}, {published or 'date ' + UNKNOWN})"
        f"{' ' + url if url else ''}"
    )


def quoted(quote: str) -> str:
    """The quote in quotation marks, unless it already opens with one (some source sentences do)."""
    return quote if quote[:1] in "“\"" else f"“{quote}”"


def citation_text(cite: Citation) -> str:
    """A citation as two lines: the source and the quote."""
    return f"  Source: {source_line(cite.title, cite.publisher, cite.published, cite.url)}\n  > {quoted(cite.quote)}"


def answer_text(answer: Answer) -> str:
    """An answer with its sources, suggestions or the plain "I don't know"."""
    lines = [*answer.notes, answer.text or ""]
    if answer.status == "answered":
        lines += [citation_text(c) for c in answer.citations]
        lines.append(f"  (confidence {answer.confidence:.0%})")
    elif answer.suggestions:
        lines += [f"  {i}. {s}" for i, s in enumerate(answer.suggestions, start=1)]
    return "\n".join(line for line in lines if line)


def overview_text(overview: Overview) -> str:
    """The overview: one bullet per headline, each with its source and quote."""
    lines = [overview.title, overview.intro]
    for item in overview.items:
        lines.append(f"• {item.headline}")
        lines.append(citation_text(item.citation))
    return "\n".join(lines)


def source_text(source: Source) -> str:
    """A source document's metadata."""
    return f"• {source.id}: {source_line(source.title, source.publisher, source.published, source.url)}"


def render(reply: Reply) -> str:
    """Any reply as text."""
    if isinstance(reply, Answer):
        return answer_text(reply)
    if isinstance(reply, Overview):
        return overview_text(reply)
    if isinstance(reply, TopicsReply):
        return "What I know about:\n" + "\n".join(
            f"• {t.topic.title} (`{t.topic.id}`): {t.topic.description}" for t in reply.topics
        )
    if isinstance(reply, SourcesReply):
        return "My sources:\n" + "\n".join(source_text(s) for s in reply.sources)
    if isinstance(reply, HelpReply | ErrorReply):
        return reply.text
    raise TypeError(f"cannot render {type(reply).__name__}")

