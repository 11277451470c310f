"""``/nvidia-admin``: moderators correct, add and retire what the bot knows, from Discord.

Each command builds the shared command value of :mod:`bot.chat.grammar`
(``Retire``, ``Revert``, ``Attach``…) from its typed options and runs it through
:func:`bot.chat.moderation.run_admin`, exactly as Slack and the terminal run
the same command typed as words; edits that take several fields open a form
(:mod:`bot.discord.admin_forms`). Ids autocomplete. Every reply is ephemeral
and pings nobody, and who may is checked on every command, autocomplete and
form (:func:`bot.discord.permissions.is_moderator`).
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

import discord
from discord import app_commands

from bot.chat.grammar import (
    ENTITY_WORDS,
    AdminCommand,
    Attach,
    Dismiss,
    EditFact,
    Entity,
    History,
    ListProposals,
    ListUnanswered,
    Phrase,
    Restore,
    Retire,
    Revert,
    ShowProposal,
    Supersede,
)
from bot.chat.moderation import FormNeeded, Outcome, SourceForm, refusal, run_admin
from bot.core import articles
from bot.core.curation import Curator
from bot.core.edits import Actor, CurationError
from bot.core.validation import MAX_QUESTION
from bot.discord import render
from bot.discord.admin_forms import REASON_LIMIT, FactAddModal, FactEditModal, FaqEditModal, SourceAddModal, adding
from bot.discord.bot import NvidiaBot
from bot.discord.moderating import Action, moderate, open_form, refuse_non_moderator
from bot.discord.permissions import MODERATOR_PERMISSIONS, is_moderator

log = logging.getLogger(__name__)

GROUP_NAME = "nvidia-admin"
MAX_CHOICES = 25
LANGUAGE_LIMIT = 12


def running(command: AdminCommand) -> Action:
    """The shared execution of one moderator command, as an action for the worker thread."""
    return lambda curator, actor: run_admin(curator, actor, command)


def article_from(raw: bytes, name: str, form: SourceForm, bot: NvidiaBot) -> Action:
    """An action that reads an attached article (plain text, Markdown or HTML) and adds it as a source."""

    def run(curator: Curator, actor: Actor) -> Outcome:
        try:
            article = articles.read_bytes(raw, articles.format_of(name), name=name)
        except articles.ArticleError as exc:
            return refusal(exc)
        return adding(bot, replace(form, text=article.text, format="text"))(curator, actor)

    return run


def load_faq(faq_id: str) -> Action:
    """The FAQ entry to edit in a form (the text grammar has no FAQ form, so no command value for it)."""

    def run(curator: Curator, actor: Actor) -> Outcome:
        try:
            return FormNeeded(curator.get("faq", faq_id))
        except CurationError as exc:
            return refusal(exc)

    return run


class AdminGroup(app_commands.Group):
    """``/nvidia-admin``: shown to Manage Server by default, checked on every use."""

    def __init__(self, bot: NvidiaBot) -> None:
        super().__init__(
            name=GROUP_NAME, description="Moderators: correct, add and retire what the bot knows",
            default_permissions=MODERATOR_PERMISSIONS, guild_only=True,
        )
        self.bot = bot

    async def complete(
        self, interaction: discord.Interaction[Any], entity: Entity, current: str
    ) -> list[app_commands.Choice[str]]:
        """Ids of one kind matching what was typed (≤ 25); nothing for non-moderators or on failure."""
        if not is_moderator(interaction, self.bot.settings):
            return []
        try:
            curator = Curator.of(self.bot.kb)
            pairs = await self.bot.call(curator.completions, entity, current[: render.CHOICE_LIMIT])
        except Exception:
            log.exception("admin autocomplete failed for %s %r", entity, current[:50])
            return []
        return [
            app_commands.Choice(name=render.cut(label, render.CHOICE_LIMIT) or key, value=key)
            for key, label in pairs[:MAX_CHOICES]
            if 1 <= len(key) <= render.CHOICE_LIMIT
        ]

    # facts

    @app_commands.command(name="fact-edit", description="Edit a fact's statement and quote (opens a form)")
    @app_commands.describe(id="Start typing the fact's id or words")
    async def fact_edit(self, interaction: discord.Interaction, id: str) -> None:
        """Open the fact's edit form."""
        await open_form(self.bot, interaction, running(EditFact(id)),
                        lambda form: FactEditModal(self.bot, form.record))

    @app_commands.command(name="fact-add", description="Add a fact with its source and verbatim quote (opens a form)")
    async def fact_add(self, interaction: discord.Interaction) -> None:
        """Open the new-fact form."""
        if await refuse_non_moderator(self.bot, interaction):
            return
        await interaction.response.send_modal(FactAddModal(self.bot))

    @app_commands.command(name="fact-retire", description="Hide a fact from answers (kept in its history)")
    @app_commands.describe(id="Start typing the fact's id or words", reason="Why (kept in the history)")
    async def fact_retire(self, interaction: discord.Interaction, id: str,
                          reason: app_commands.Range[str, 1, REASON_LIMIT] | None = None) -> None:
        """Retire a fact."""
        await moderate(self.bot, interaction, running(Retire("fact", id, reason)))

    @app_commands.command(name="fact-restore", description="Bring a retired fact back into answers")
    @app_commands.describe(id="Start typing the fact's id or words")
    async def fact_restore(self, interaction: discord.Interaction, id: str) -> None:
        """Restore a fact."""
        await moderate(self.bot, interaction, running(Restore("fact", id)))

    @fact_edit.autocomplete("id")
    @fact_retire.autocomplete("id")
    @fact_restore.autocomplete("id")
    async def fact_ids(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        """Fact ids matching what was typed."""
        return await self.complete(interaction, "fact", current)

    # FAQ entries

    @app_commands.command(name="faq-edit", description="Edit an FAQ entry's answer and question (opens a form)")
    @app_commands.describe(id="Start typing the entry's id or question")
    async def faq_edit(self, interaction: discord.Interaction, id: str) -> None:
        """Open the entry's edit form."""
        await open_form(self.bot, interaction, load_faq(id), lambda form: FaqEditModal(self.bot, form.record))

    @app_commands.command(name="faq-phrasing", description="Add (or remove) another way of asking an FAQ entry")
    @app_commands.describe(id="Start typing the entry's id or question", text="The wording",
                           remove="Remove this wording instead of adding it")
    async def faq_phrasing(self, interaction: discord.Interaction, id: str,
                           text: app_commands.Range[str, 1, MAX_QUESTION], remove: bool = False) -> None:
        """Add or remove a phrasing."""
        await moderate(self.bot, interaction, running(Phrase(id, not remove, text)))

    @faq_edit.autocomplete("id")
    @faq_phrasing.autocomplete("id")
    async def faq_ids(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        """FAQ ids matching what was typed."""
        return await self.complete(interaction, "faq", current)

    # history and revert

    @app_commands.command(name="history", description="Every version of an entry: who, when, what")
    @app_commands.describe(kind="What kind of entry", id="Start typing the entry's id")
    async def history(self, interaction: discord.Interaction, kind: Entity, id: str) -> None:
        """Show an entry's versions."""
        await moderate(self.bot, interaction, running(History(kind, id)))

    @app_commands.command(name="revert", description="Write an old version of an entry back (as a new version)")
    @app_commands.describe(kind="What kind of entry", id="Start typing the entry's id",
                           version="The version to bring back (see history)")
    async def revert(self, interaction: discord.Interaction, kind: Entity, id: str,
                     version: app_commands.Range[int, 1]) -> None:
        """Revert an entry."""
        await moderate(self.bot, interaction, running(Revert(kind, id, version)))

    @history.autocomplete("id")
    @revert.autocomplete("id")
    async def any_ids(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        """Ids of the kind chosen so far."""
        kind = getattr(interaction.namespace, "kind", None)
        chosen = [entity for entity in ENTITY_WORDS if entity == kind]
        return await self.complete(interaction, chosen[0] if chosen else "fact", current)

    # the unanswered queue

    @app_commands.command(name="unanswered", description="The questions I could not answer, most asked first")
    async def unanswered_list(self, interaction: discord.Interaction) -> None:
        """List the top groups."""
        await moderate(self.bot, interaction, running(ListUnanswered()))

    @app_commands.command(name="unanswered-attach", description="Add an unanswered question to an FAQ entry")
    @app_commands.describe(id="The question's number (see unanswered)", faq="Start typing the FAQ entry")
    async def unanswered_attach(self, interaction: discord.Interaction, id: app_commands.Range[int, 1],
                                faq: str) -> None:
        """Attach a group as a phrasing."""
        await moderate(self.bot, interaction, running(Attach(id, faq)))

    @unanswered_attach.autocomplete("faq")
    async def attach_faq_ids(self, interaction: discord.Interaction,
                             current: str) -> list[app_commands.Choice[str]]:
        """FAQ ids matching what was typed."""
        return await self.complete(interaction, "faq", current)

    @app_commands.command(name="unanswered-dismiss", description="Take an unanswered question off the queue")
    @app_commands.describe(id="The question's number (see unanswered)")
    async def unanswered_dismiss(self, interaction: discord.Interaction,
                                 id: app_commands.Range[int, 1]) -> None:
        """Dismiss a group."""
        await moderate(self.bot, interaction, running(Dismiss(id)))

    # sources and the facts proposed from them

    @app_commands.command(name="source-add",
                          description="Add an article (attach a .txt, .md or .html file, or paste it in a form)")
    @app_commands.describe(file="The article as a file (leave empty to paste it in a form)",
                           title="A short label for the article", publisher="Who published it (empty if unknown)",
                           published="When, as YYYY-MM-DD (empty if unknown)", url="Where, http(s) (empty if unknown)",
                           language="Language code of the text (default en)")
    async def source_add(self, interaction: discord.Interaction, file: discord.Attachment | None = None,
                         title: app_commands.Range[str, 1, 200] | None = None,
                         publisher: app_commands.Range[str, 1, 200] | None = None,
                         published: app_commands.Range[str, 4, 10] | None = None,
                         url: app_commands.Range[str, 1, 500] | None = None,
                         language: app_commands.Range[str, 2, LANGUAGE_LIMIT] = "en") -> None:
        """Add the attached article, or open the form to paste one."""
        if file is None:
            if await refuse_non_moderator(self.bot, interaction):
                return
            await interaction.response.send_modal(SourceAddModal(self.bot, language=language))
            return
        form = SourceForm("", title, publisher, published, url, language)
        if file.size > articles.MAX_FILE_BYTES:
            await moderate(self.bot, interaction, lambda curator, actor: refusal(articles.ArticleError(
                f"{file.filename} is {file.size:,} bytes; an article file is at most {articles.MAX_FILE_BYTES:,}")))
            return
        if await refuse_non_moderator(self.bot, interaction):
            return
        raw = await file.read()
        await moderate(self.bot, interaction, article_from(raw, file.filename, form, self.bot))

    @app_commands.command(name="proposals", description="Facts proposed from added articles, waiting for review")
    @app_commands.describe(source="Only those from one source (start typing its id)")
    async def proposals(self, interaction: discord.Interaction, source: str | None = None) -> None:
        """List open proposals, with Accept and Reject buttons."""
        await moderate(self.bot, interaction, running(ListProposals(source)))

    @app_commands.command(name="proposal", description="One proposed fact, with Accept and Reject buttons")
    @app_commands.describe(id="The proposal's number (see proposals)")
    async def proposal(self, interaction: discord.Interaction, id: app_commands.Range[int, 1]) -> None:
        """Show one proposal."""
        await moderate(self.bot, interaction, running(ShowProposal(id)))

    @proposals.autocomplete("source")
    async def source_ids(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        """Source ids matching what was typed."""
        return await self.complete(interaction, "source", current)

    @app_commands.command(name="fact-supersede",
                          description="A newer fact replaces an older one in answers (the older one is kept)")
    @app_commands.describe(old="The older fact (start typing)", new="The newer fact that replaces it")
    async def fact_supersede(self, interaction: discord.Interaction, old: str, new: str) -> None:
        """Supersede a fact."""
        await moderate(self.bot, interaction, running(Supersede(old, new)))

    @fact_supersede.autocomplete("old")
    @fact_supersede.autocomplete("new")
    async def supersede_ids(self, interaction: discord.Interaction,
                            current: str) -> list[app_commands.Choice[str]]:
        """Fact ids matching what was typed."""
        return await self.complete(interaction, "fact", current)
