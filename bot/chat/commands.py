"""The ``/nvidia`` command language shared by the terminal and Slack: text in, a reply value out.

Discord has typed application commands instead, but calls the same
KnowledgeBase methods, so every platform answers the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.models import Answer, Overview, Source, TopicSummary
from bot.core.service import KnowledgeBase

HELP_TEXT = """\
Ask me about NVIDIA's European AI-infrastructure announcements; every answer quotes its source.
• `/nvidia europe`: the overview of the announcements
• `/nvidia ask <question>` (or just type the question): answers a question
• `/nvidia topics`: what I know about
• `/nvidia fact <topic>`: the facts on one topic
• `/nvidia sources`: the articles I rely on
• `/nvidia help`: this message
If I don't know, I say so rather than guess."""

SUBCOMMANDS = ("europe", "ask", "topics", "fact", "sources", "help")


@dataclass(frozen=True)
class HelpReply:
    """The help text."""

    text: str = HELP_TEXT


@dataclass(frozen=True)
class TopicsReply:
    """What the bot knows about."""

    topics: tuple[TopicSummary, ...]


@dataclass(frozen=True)
class SourcesReply:
    """The source documents."""

    sources: tuple[Source, ...]


@dataclass(frozen=True)
class ErrorReply:
    """A usage problem, shown only to the person who asked."""

    text: str


Reply = Answer | Overview | TopicsReply | SourcesReply | HelpReply | ErrorReply


def run_command(kb: KnowledgeBase, text: str, *, platform: str) -> Reply:
    """Run ``europe``/``ask ...``/``topics``/... (with or without a leading ``/nvidia``); else ask it."""
    words = text.strip().split(maxsplit=1)
    if words and words[0].lower() in ("/nvidia", "nvidia"):
        words = words[1].split(maxsplit=1) if len(words) > 1 else []
    if not words:
        return HelpReply()
    sub, rest = words[0].lower(), (words[1].strip() if len(words) > 1 else "")
    if sub == "europe":
        return kb.overview()
    if sub == "topics":
        return TopicsReply(tuple(kb.topics()))
    if sub == "sources":
        return SourcesReply(tuple(kb.sources()))
    if sub == "help":
        return HelpReply()
    if sub == "fact":
        if not rest:
            return ErrorReply("Name a topic: `/nvidia fact <topic>` (see `/nvidia topics`).")
        found = kb.topic_answer(rest)
        if found is not None:
            return found
        choices = kb.completions(rest)
        if choices:
            return kb.topic_answer(choices[0][1]) or ErrorReply(f"No topic called {rest!r}.")
        return ErrorReply(f"No topic called {rest!r}. See `/nvidia topics`.")
    if sub == "ask":
        if not rest:
            return ErrorReply("Ask a question: `/nvidia ask <question>`.")
        return kb.ask(rest, platform=platform)
    return kb.ask(" ".join(words), platform=platform)
