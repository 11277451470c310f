"""Runs the user commands of ``/nvidia`` against the knowledge base: a command in, a reply value out.

Every platform renders the same reply values: the terminal and Slack reach
here through the text grammar, Discord through its typed commands.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from bot.chat.grammar import (
    SUBCOMMANDS,
    USER_HELP,
    Ask,
    Europe,
    FactLookup,
    Help,
    Sources,
    Topics,
    Usage,
    UserCommand,
    parse,
)
from bot.chat.reader import read
from bot.core.models import Answer, Overview, Source, TopicSummary
from bot.core.service import KnowledgeBase
from bot.core.tuning import PARTLY_ANSWERED_CAP

HELP_TEXT = USER_HELP
NO_QUESTION_TEXT = (
    "I didn't get a question there: mentions and greetings alone ask me nothing. Ask about NVIDIA's European "
    "AI announcements, or try `/nvidia topics`."
)
"""The reply to a message that is nothing but mentions, greetings or emoji once they are read out of it."""
MAX_ECHO = 80
"""Characters of an unknown topic name said back: enough to recognise a typo, never a pasted page."""
__all__ = ["HELP_TEXT", "SUBCOMMANDS", "ErrorReply", "HelpReply", "Reply", "SourcesReply", "TopicsReply",
           "ask", "fact_reply", "run", "run_command"]


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


def run(kb: KnowledgeBase, command: UserCommand | Usage, *, platform: str) -> Reply:
    """The reply to one user command."""
    if isinstance(command, Usage):
        return ErrorReply(command.text)
    if isinstance(command, Help):
        return HelpReply()
    if isinstance(command, Europe):
        return kb.overview()
    if isinstance(command, Topics):
        return TopicsReply(tuple(kb.topics()))
    if isinstance(command, Sources):
        return SourcesReply(tuple(kb.sources()))
    if isinstance(command, FactLookup):
        return fact_reply(kb, command.key)
    assert isinstance(command, Ask)
    return ask(kb, command.question, platform=platform)


def ask(kb: KnowledgeBase, message: str, *, platform: str) -> Answer:
    """Answer a chat message: read its questions out of it and answer each; the first answer carries the others."""
    reading = read(message)
    if not reading.questions:  # "@everyone": matching nothing would still find some entry, so nothing is matched
        return Answer(reading.message, "no_answer", NO_QUESTION_TEXT, 0.0)
    if len(reading.questions) == 1:
        only = reading.questions[0]
        return kb.ask(only.text, platform=platform, asked_as=message, context=only.context)
    answers: list[Answer] = []
    for q in reading.questions:  # a question pointing back asks something the entries already given did not say
        given = frozenset(a.ref for a in answers if a.status == "answered") if q.context else frozenset()
        answers.append(kb.ask(q.text, platform=platform, context=q.context, answered=given))
    return together(answers)


def together(answers: Sequence[Answer]) -> Answer:
    """One reply to a message of several questions: the first answered one leads and carries the others.

    The reply is as sure as its least sure answer, and when one of its questions was not answered it is not a
    full answer at all, which its confidence says too (``PARTLY_ANSWERED_CAP``).
    """
    main = next((a for a in answers if a.status == "answered"), answers[0])
    others = tuple(a for a in answers if a is not main)
    confidence = min((a.confidence for a in answers if a.status == "answered"), default=main.confidence)
    if main.status == "answered" and any(a.status != "answered" for a in others):
        confidence = min(confidence, PARTLY_ANSWERED_CAP)
    return replace(main, confidence=confidence, parts=others)


def fact_reply(kb: KnowledgeBase, key: str) -> Answer | ErrorReply:
    """``/nvidia fact <key>``: the topic or entry with that id, else the first whose title contains it."""
    key = key.strip()
    found = kb.topic_answer(key)
    if found is not None:
        return found
    choices = kb.completions(key)
    shown = key if len(key) <= MAX_ECHO else key[:MAX_ECHO - 1] + "…"
    if choices:
        return kb.topic_answer(choices[0][1]) or ErrorReply(f"No topic called {shown!r}.")
    return ErrorReply(f"No topic called {shown!r}. See `/nvidia topics`.")


def run_command(kb: KnowledgeBase, text: str, *, platform: str) -> Reply:
    """Parse and run a user command; moderator words are a usage problem here (see ``bot.chat.moderation``)."""
    command = parse(text)
    if isinstance(command, UserCommand | Usage):
        return run(kb, command, platform=platform)
    return ErrorReply("Moderator commands need a moderator: see `/nvidia admin help`.")
