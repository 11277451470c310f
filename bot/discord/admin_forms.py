"""The ``/nvidia-admin`` forms: edit a fact, add a fact, edit an FAQ entry, add an article.

Edits are optimistic: the version an edit form started from is in the modal's
``custom_id`` and goes back to the core as ``expect_version``, so a moderator who
saves over a newer version gets the conflict, with the newer version shown, and
nothing is overwritten. Submitting checks the moderator again.
"""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import Callable
from typing import Any

import discord

from bot.chat.moderation import SAVE_APOLOGY, Outcome, Saved, SourceForm, add_source, refusal, saved_text
from bot.core import articles
from bot.core.curation import Curator, Record
from bot.core.edits import Actor, Change, CurationError
from bot.core.models import Fact, FaqEntry
from bot.core.validation import MAX_ANSWER, MAX_QUESTION, MAX_QUOTE, MAX_STATEMENT, MAX_TITLE, ValidationError
from bot.discord.bot import NvidiaBot
from bot.discord.moderating import Action, moderate
from bot.logging_setup import new_request_id

log = logging.getLogger(__name__)

MODAL_TIMEOUT = 900.0
"""An edit form left open longer is forgotten; its submit then fails on Discord's side and nothing changes."""
TEXT_INPUT_LIMIT = 4000
LABEL_LIMIT = 45
REASON_LIMIT = 500
_FORM_ID = re.compile(r"nvidia-admin:(?P<form>[a-z-]+):v(?P<version>\d+):[0-9a-f]+")


def form_id(form: str, version: int) -> str:
    """A form's custom_id: which form, the version it started from, and a nonce (each open is its own)."""
    return f"nvidia-admin:{form}:v{version}:{secrets.token_hex(4)}"


def form_version(custom_id: str) -> int:
    """The version a form started from."""
    match = _FORM_ID.fullmatch(custom_id)
    if match is None:
        raise CurationError("this form is out of date; please open it again")
    return int(match["version"])


def saving(verb: str, change: Callable[[Curator, Actor], Change]) -> Action:
    """An action that makes one change and reports it, or the refusal, as an outcome."""

    def run(curator: Curator, actor: Actor) -> Outcome:
        try:
            record = change(curator, actor).record
        except (CurationError, ValidationError) as exc:
            return refusal(exc)
        return Saved(saved_text(verb, record), record)

    return run


def known(outcome: Outcome) -> Action:
    """An action whose outcome is known before it runs."""
    return lambda curator, actor: outcome


def _input(label: str, custom_id: str, *, default: str | None = None, limit: int, required: bool = True,
           long: bool = True, placeholder: str | None = None) -> discord.ui.TextInput[Any]:
    return discord.ui.TextInput(
        label=label[:LABEL_LIMIT], custom_id=custom_id, default=default,
        max_length=min(TEXT_INPUT_LIMIT, max(limit, len(default or ""))), required=required,
        style=discord.TextStyle.paragraph if long else discord.TextStyle.short, placeholder=placeholder,
    )


def _reason_input() -> discord.ui.TextInput[Any]:
    return _input("Reason (optional, for the history)", "reason", limit=REASON_LIMIT, required=False, long=False)


def _reason(value: str) -> str | None:
    return value.strip() or None


def _lines(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[,\n]", text) if part.strip()]


class AdminModal(discord.ui.Modal):
    """A moderator's form: permission checked again on submit, refusals shown, errors logged."""

    def __init__(self, bot: NvidiaBot, *, title: str, custom_id: str) -> None:
        super().__init__(title=title[:LABEL_LIMIT], custom_id=custom_id, timeout=MODAL_TIMEOUT)
        self.bot = bot

    def action(self) -> Action:
        """What submitting the form does (the values are read here, on the event loop)."""
        raise NotImplementedError

    async def on_submit(self, interaction: discord.Interaction) -> None:
        """Check again (roles may have changed since the form opened) and save."""
        new_request_id()
        try:
            action = self.action()
        except CurationError as exc:  # a custom_id this version cannot read: refused, after the check
            action = known(refusal(exc))
        await moderate(self.bot, interaction, action)

    async def on_error(  # type: ignore[override]  # Modal.on_error has no item argument, unlike View
        self, interaction: discord.Interaction, error: Exception, /
    ) -> None:
        """Log with the cause and apologise."""
        log.error("moderator form %s failed: %r", self.custom_id, error, exc_info=error)
        await self.bot.apologise(interaction, SAVE_APOLOGY)


class FactEditModal(AdminModal):
    """Edit a fact's statement and quote, from the version it was opened at."""

    def __init__(self, bot: NvidiaBot, record: Record) -> None:
        fact = record.value
        assert isinstance(fact, Fact)
        super().__init__(bot, title=f"Edit fact {record.id}", custom_id=form_id("fact-edit", record.version))
        self.fact_id = record.id
        self.statement = _input("Statement", "statement", default=fact.statement, limit=MAX_STATEMENT)
        self.quote = _input("Quote (verbatim from the source)", "quote", default=fact.quote, limit=MAX_QUOTE)
        self.reason = _reason_input()
        for item in (self.statement, self.quote, self.reason):
            self.add_item(item)

    def action(self) -> Action:
        """Save with the version the form started from."""
        fact_id, version = self.fact_id, form_version(self.custom_id)
        statement, quote, reason = self.statement.value, self.quote.value, _reason(self.reason.value)
        return saving("Saved", lambda curator, actor: curator.edit_fact(
            actor, fact_id, statement=statement, quote=quote, expect_version=version, reason=reason))


class FactAddModal(AdminModal):
    """A new fact: statement, source id, quote and topics."""

    def __init__(self, bot: NvidiaBot) -> None:
        super().__init__(bot, title="Add a fact", custom_id=form_id("fact-add", 0))
        self.statement = _input("Statement", "statement", limit=MAX_STATEMENT)
        self.source = _input("Source id", "source", limit=64, long=False, placeholder="see /nvidia sources")
        self.quote = _input("Quote (verbatim from the source)", "quote", limit=MAX_QUOTE)
        self.topics = _input("Topics (comma-separated ids, optional)", "topics", limit=500, required=False,
                             long=False)
        for item in (self.statement, self.source, self.quote, self.topics):
            self.add_item(item)

    def action(self) -> Action:
        """Create the fact (its id comes from the statement's first words)."""
        statement, source, quote = self.statement.value, self.source.value, self.quote.value
        topics = _lines(self.topics.value)
        return saving("Added", lambda curator, actor: curator.add_fact(
            actor, statement=statement, source_id=source, quote=quote, topics=topics))


class FaqEditModal(AdminModal):
    """Edit an FAQ entry's answer and question, from the version it was opened at."""

    def __init__(self, bot: NvidiaBot, record: Record) -> None:
        entry = record.value
        assert isinstance(entry, FaqEntry)
        super().__init__(bot, title=f"Edit FAQ {record.id}", custom_id=form_id("faq-edit", record.version))
        self.faq_id = record.id
        self.answer = _input("Answer", "answer", default=entry.answer, limit=MAX_ANSWER)
        self.question = _input("Question", "question", default=entry.question, limit=MAX_QUESTION, long=False)
        self.reason = _reason_input()
        for item in (self.answer, self.question, self.reason):
            self.add_item(item)

    def action(self) -> Action:
        """Save with the version the form started from."""
        faq_id, version = self.faq_id, form_version(self.custom_id)
        answer, question, reason = self.answer.value, self.question.value, _reason(self.reason.value)
        return saving("Saved", lambda curator, actor: curator.edit_faq(
            actor, faq_id, answer=answer, question=question, expect_version=version, reason=reason))


class SourceAddModal(AdminModal):
    """A new source from pasted text (up to 4,000 characters; attach a file for longer articles)."""

    def __init__(self, bot: NvidiaBot, *, language: str = "en", text_format: articles.Format = "text") -> None:
        super().__init__(bot, title="Add an article", custom_id=form_id("source-add", 0))
        self.language = language
        self.text_format = text_format
        self.text = _input("Article text, verbatim", "text", limit=TEXT_INPUT_LIMIT,
                           placeholder="Paste the article; a longer one can be attached to /nvidia-admin source-add")
        self.title_input = _input("Title (a short label)", "title", limit=MAX_TITLE, long=False, required=False)
        self.publisher = _input("Publisher (leave empty if unknown)", "publisher", limit=MAX_TITLE, long=False,
                                required=False)
        self.published = _input("Published YYYY-MM-DD (empty if unknown)", "published", limit=10, long=False,
                                required=False)
        self.url = _input("URL, http(s) (empty if unknown)", "url", limit=500, long=False, required=False)
        for item in (self.text, self.title_input, self.publisher, self.published, self.url):
            self.add_item(item)

    def action(self) -> Action:
        """Add the source and show the first facts proposed from it."""
        form = SourceForm(self.text.value, self.title_input.value, self.publisher.value, self.published.value,
                          self.url.value, self.language, self.text_format)
        return adding(self.bot, form)


def adding(bot: NvidiaBot, form: SourceForm) -> Action:
    """An action that adds a source from a form or an attachment, proposing its facts with the bot's matcher."""
    return lambda curator, actor: add_source(curator, actor, form, lambda text: bot.kb.matcher.match(text))
