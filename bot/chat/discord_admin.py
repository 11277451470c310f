"""``/nvidia-admin``: moderators correct, add and retire what the bot knows, from Discord.

A thin layer over :class:`bot.core.curation.Curator` and :mod:`bot.core.unanswered`:
it checks who is asking, collects input (options, modals for multi-field edits,
autocomplete for ids), runs the core call on the bot's worker thread and shows
the result. Every reply is ephemeral and pings nobody.

Who may: members with Manage Server, or a role in ``DISCORD_MODERATOR_ROLE_IDS``
(:func:`bot.core.permissions.discord_is_moderator`). Discord hides the group from
others (``default_permissions``), but a server admin can override that, so the
check runs again on every command, every autocomplete and every modal submit.

Edits are optimistic: the version an edit form started from is in the modal's
``custom_id`` and goes back to the core as ``expect_version``, so a moderator who
saves over a newer version gets a conflict showing it, and nothing is overwritten.
"""

from __future__ import annotations

import asyncio
import logging
import re
import secrets
from collections.abc import Callable
from typing import Any, Literal, TypeVar

import discord
from discord import app_commands

from bot.chat import render_discord as render
from bot.chat.discord_app import _bot
from bot.chat.moderation import NOT_ALLOWED, moderator_actor
from bot.config import Settings
from bot.core import unanswered
from bot.core.curation import (
    Actor,
    ConflictError,
    CurationError,
    Curator,
    Entity,
    Record,
    Version,
    value_dict,
)
from bot.core.models import Fact, FaqEntry
from bot.core.validation import MAX_ANSWER, MAX_QUESTION, MAX_QUOTE, MAX_STATEMENT, ValidationError
from bot.discord.permissions import discord_is_moderator
from bot.logging_setup import new_request_id

log = logging.getLogger(__name__)

T = TypeVar("T")

GROUP_NAME = "nvidia-admin"
PLATFORM = "discord"
MODERATOR_PERMISSIONS = discord.Permissions(manage_guild=True)
"""What Discord shows the group to by default; the real check is :func:`is_moderator`."""
MODAL_TIMEOUT = 900.0
"""An edit form left open longer is forgotten; its submit then fails on Discord's side and nothing changes."""
OPEN_FORM_WITHIN = 2.5
"""A modal must be the first response (within 3 s), so a slow lookup cannot fall back to "thinking…"."""
TEXT_INPUT_LIMIT = 4000
LABEL_LIMIT = 45
REASON_LIMIT = 500
UNANSWERED_SHOWN = 10
BUSY = "The knowledge base is busy right now; please try again in a moment. Nothing was changed."
_FORM_ID = re.compile(r"nvidia-admin:(?P<form>[a-z-]+):v(?P<version>\d+):[0-9a-f]+")

Kind = Literal["fact", "faq", "alias", "source"]


# -- who may ----------------------------------------------------------------------------------------


def is_moderator(interaction: discord.Interaction, settings: Settings) -> bool:
    """Manage Server or a moderator role, in a server; never in a DM (there is no member there)."""
    member = interaction.user
    if interaction.guild_id is None or not isinstance(member, discord.Member):
        return False
    try:
        return discord_is_moderator(member.guild_permissions.manage_guild, [r.id for r in member.roles], settings)
    except Exception:  # an uncached guild or a half-built member: fail closed
        log.warning("could not read the permissions of user %s", member.id, exc_info=True)
        return False


def actor_of(interaction: discord.Interaction) -> Actor:
    """How this moderator is named in the audit log."""
    user = interaction.user
    return moderator_actor(PLATFORM, str(user.id), user.display_name)


# -- rendering --------------------------------------------------------------------------------------


def _text(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value) or "—"
    return "—" if value in (None, "") else str(value)


def record_embeds(record: Record, *, title: str | None = None) -> list[discord.Embed]:
    """One entry as a moderator checks it: every field, its version and whether it is retired."""
    state = "retired" if record.retired else "live"
    fields = [
        render.Field(name.capitalize(), render.escape(_text(value)))
        for name, value in value_dict(record.value).items()
        if name not in ("id", "canonical")
    ]
    return render.pack(
        title=title or f"{record.entity} {record.id}",
        description=f"Version {record.version} · {state}",
        fields=fields,
        footer="/nvidia-admin history shows every version",
        colour=render.GREY if record.retired else render.GREEN,
    )


def history_embeds(entity: str, entry_id: str, versions: list[Version]) -> list[discord.Embed]:
    """Every version of an entry, newest first (the oldest are dropped first if they do not fit)."""
    fields = []
    for version in reversed(versions):
        name = f"v{version.version} · {version.action} · {version.actor} ({version.platform}) · {version.at}"
        lines = [render.escape(render.one_line(version.record.summary()))] if version.record else ["(no snapshot)"]
        if version.reason:
            lines.append(f"Reason: {render.escape(render.one_line(version.reason))}")
        fields.append(render.Field(name, "\n".join(lines)))
    return render.pack(
        title=f"History of {entity} {entry_id}",
        description=f"{len(versions)} version(s). `/nvidia-admin revert` writes an old one back as a new version.",
        fields=fields,
        more=lambda n: f"{n} older version(s) not shown (see `python -m bot {entity} history`).",
    )


def unanswered_embeds(groups: list[unanswered.Group]) -> list[discord.Embed]:
    """The most asked open questions, with the id that attach and dismiss take."""
    fields = [
        render.Field(
            f"#{g.id} · asked {g.count}× · last {g.last_seen}",
            "\n".join(f"• {render.escape(render.one_line(w))}" for w in g.wordings),
        )
        for g in groups
    ]
    description = (
        "Attach one to an FAQ entry with `/nvidia-admin unanswered-attach`, or drop it with "
        "`/nvidia-admin unanswered-dismiss`." if groups else "No open questions. Nice."
    )
    return render.pack(title="Unanswered questions", description=description, fields=fields, colour=render.AMBER)


def refusal(exc: Exception) -> str:
    """What a refused change tells the moderator (never a traceback)."""
    if isinstance(exc, ValidationError):
        lines = "\n".join(f"• {p}" for p in exc.problems) or f"• {exc}"
        return f"Nothing was changed; the change was refused:\n{lines}"
    if isinstance(exc, ConflictError):
        return (
            f"Nothing was saved: {exc.current.entity} `{exc.current.id}` was changed by someone else and is now at "
            f"version {exc.current.version} (you started from version {exc.expected}). The newer version is below; "
            "open the form again to edit it."
        )
    return f"Nothing was changed: {exc}"


def _lines(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[,\n]", text) if part.strip()]


def _form_version(custom_id: str) -> int:
    match = _FORM_ID.fullmatch(custom_id)
    if match is None:
        raise CurationError("this form is out of date; please open it again")
    return int(match["version"])


def _form_id(form: str, version: int) -> str:
    return f"nvidia-admin:{form}:v{version}:{secrets.token_hex(4)}"


# -- running a moderator action -------------------------------------------------------------------


Outcome = tuple[str, list[discord.Embed]]


async def moderate(interaction: discord.Interaction, action: Callable[[Curator, Actor], Outcome]) -> None:
    """Check the moderator, run ``action`` on the worker thread, and show its outcome or the refusal."""
    bot = _bot(interaction)
    if not is_moderator(interaction, bot.settings):
        await bot.send(interaction, content=NOT_ALLOWED, ephemeral=True)
        return
    curator, actor = Curator.of(bot.kb), actor_of(interaction)
    try:
        text, embeds = await bot._work(interaction, True, action, curator, actor)
    except ConflictError as exc:
        await bot.send(interaction, content=refusal(exc), embeds=record_embeds(exc.current, title="The newer version"),
                       ephemeral=True)
        return
    except (CurationError, ValidationError) as exc:
        await bot.send(interaction, content=refusal(exc), ephemeral=True)
        return
    await bot.send(interaction, content=text, embeds=embeds, ephemeral=True)


def saved(verb: str, record: Record) -> Outcome:
    """The reply to a change that went through."""
    return f"{verb} {record.entity} `{record.id}`; it is now at version {record.version}.", record_embeds(record)


async def complete(interaction: discord.Interaction, entity: Entity, current: str) -> list[app_commands.Choice[str]]:
    """Ids of one kind matching what was typed (≤ 25); nothing for non-moderators or on failure."""
    bot = _bot(interaction)
    if not is_moderator(interaction, bot.settings):
        return []
    try:
        curator = Curator.of(bot.kb)
        pairs = await bot.call(curator.completions, entity, current[: render.CHOICE_LIMIT])
    except Exception:
        log.exception("admin autocomplete failed for %s %r", entity, current[:50])
        return []
    return [
        app_commands.Choice(name=render.cut(label, render.CHOICE_LIMIT) or key, value=key)
        for key, label in pairs[:25]
        if 1 <= len(key) <= render.CHOICE_LIMIT
    ]


def _kind_of(interaction: discord.Interaction) -> Entity:
    kind = getattr(interaction.namespace, "kind", None)
    return kind if kind in ("fact", "faq", "alias", "source") else "fact"


async def open_form(interaction: discord.Interaction, entity: Entity, entry_id: str,
                    build: Callable[[Record], discord.ui.Modal]) -> None:
    """Load the entry and open its edit form (which must be the first response, within 3 s)."""
    bot = _bot(interaction)
    if not is_moderator(interaction, bot.settings):
        await bot.send(interaction, content=NOT_ALLOWED, ephemeral=True)
        return
    curator = Curator.of(bot.kb)
    try:
        record = await asyncio.wait_for(bot.call(curator.get, entity, entry_id), OPEN_FORM_WITHIN)
    except TimeoutError:
        await bot.send(interaction, content=BUSY, ephemeral=True)
        return
    except CurationError as exc:
        await bot.send(interaction, content=refusal(exc), ephemeral=True)
        return
    await interaction.response.send_modal(build(record))


# -- the forms ----------------------------------------------------------------------------------------


def _input(label: str, custom_id: str, *, default: str | None = None, limit: int, required: bool = True,
           long: bool = True, placeholder: str | None = None) -> discord.ui.TextInput[Any]:
    return discord.ui.TextInput(
        label=label[:LABEL_LIMIT], custom_id=custom_id, default=default,
        max_length=min(TEXT_INPUT_LIMIT, max(limit, len(default or ""))), required=required,
        style=discord.TextStyle.paragraph if long else discord.TextStyle.short, placeholder=placeholder,
    )


class AdminModal(discord.ui.Modal):
    """A moderator's form: permission checked again on submit, refusals shown, errors logged."""

    def __init__(self, *, title: str, custom_id: str) -> None:
        super().__init__(title=title[:LABEL_LIMIT], custom_id=custom_id, timeout=MODAL_TIMEOUT)

    def action(self) -> Callable[[Curator, Actor], Outcome]:
        """What submitting the form does (the values are read here, on the event loop)."""
        raise NotImplementedError

    async def on_submit(self, interaction: discord.Interaction) -> None:
        """Check again (roles may have changed since the form opened) and save."""
        new_request_id()
        await moderate(interaction, self.action())

    async def on_error(  # type: ignore[override]  # Modal.on_error has no item argument, unlike View
        self, interaction: discord.Interaction, error: Exception, /
    ) -> None:
        """Log with the cause and apologise."""
        log.error("moderator form %s failed: %r", self.custom_id, error, exc_info=error)
        await _bot(interaction).apologise(interaction)


def _reason(value: str) -> str | None:
    return value.strip() or None


class FactEditModal(AdminModal):
    """Edit a fact's statement and quote, from the version it was opened at."""

    def __init__(self, record: Record) -> None:
        fact = record.value
        assert isinstance(fact, Fact)
        super().__init__(title=f"Edit fact {record.id}", custom_id=_form_id("fact-edit", record.version))
        self.fact_id = record.id
        self.statement = _input("Statement", "statement", default=fact.statement, limit=MAX_STATEMENT)
        self.quote = _input("Quote (verbatim from the source)", "quote", default=fact.quote, limit=MAX_QUOTE)
        self.reason = _input("Reason (optional, for the history)", "reason", limit=REASON_LIMIT, required=False,
                             long=False)
        for item in (self.statement, self.quote, self.reason):
            self.add_item(item)

    def action(self) -> Callable[[Curator, Actor], Outcome]:
        """Save with the version the form started from."""
        fact_id, version = self.fact_id, _form_version(self.custom_id)
        statement, quote, reason = self.statement.value, self.quote.value, _reason(self.reason.value)

        def run(curator: Curator, actor: Actor) -> Outcome:
            change = curator.edit_fact(actor, fact_id, statement=statement, quote=quote, expect_version=version,
                                       reason=reason)
            return saved("Saved", change.record)
        return run


class FactAddModal(AdminModal):
    """A new fact: statement, source id, quote and topics."""

    def __init__(self) -> None:
        super().__init__(title="Add a fact", custom_id=_form_id("fact-add", 0))
        self.statement = _input("Statement", "statement", limit=MAX_STATEMENT)
        self.source = _input("Source id", "source", limit=64, long=False, placeholder="see /nvidia sources")
        self.quote = _input("Quote (verbatim from the source)", "quote", limit=MAX_QUOTE)
        self.topics = _input("Topics (comma-separated ids, optional)", "topics", limit=500, required=False,
                             long=False)
        for item in (self.statement, self.source, self.quote, self.topics):
            self.add_item(item)

    def action(self) -> Callable[[Curator, Actor], Outcome]:
        """Create the fact (its id comes from the statement's first words)."""
        statement, source, quote = self.statement.value, self.source.value, self.quote.value
        topics = _lines(self.topics.value)

        def run(curator: Curator, actor: Actor) -> Outcome:
            change = curator.add_fact(actor, statement=statement, source_id=source, quote=quote, topics=topics)
            return saved("Added", change.record)
        return run


class FaqEditModal(AdminModal):
    """Edit an FAQ entry's answer and question, from the version it was opened at."""

    def __init__(self, record: Record) -> None:
        entry = record.value
        assert isinstance(entry, FaqEntry)
        super().__init__(title=f"Edit FAQ {record.id}", custom_id=_form_id("faq-edit", record.version))
        self.faq_id = record.id
        self.answer = _input("Answer", "answer", default=entry.answer, limit=MAX_ANSWER)
        self.question = _input("Question", "question", default=entry.question, limit=MAX_QUESTION, long=False)
        self.reason = _input("Reason (optional, for the history)", "reason", limit=REASON_LIMIT, required=False,
                             long=False)
        for item in (self.answer, self.question, self.reason):
            self.add_item(item)

    def action(self) -> Callable[[Curator, Actor], Outcome]:
        """Save with the version the form started from."""
        faq_id, version = self.faq_id, _form_version(self.custom_id)
        answer, question, reason = self.answer.value, self.question.value, _reason(self.reason.value)

        def run(curator: Curator, actor: Actor) -> Outcome:
            change = curator.edit_faq(actor, faq_id, answer=answer, question=question, expect_version=version,
                                      reason=reason)
            return saved("Saved", change.record)
        return run


# -- the commands -------------------------------------------------------------------------------------


class AdminGroup(app_commands.Group):
    """``/nvidia-admin``: shown to Manage Server by default, checked on every use."""

    def __init__(self) -> None:
        super().__init__(
            name=GROUP_NAME, description="Moderators: correct, add and retire what the bot knows",
            default_permissions=MODERATOR_PERMISSIONS, guild_only=True,
        )

    # facts

    @app_commands.command(name="fact-edit", description="Edit a fact's statement and quote (opens a form)")
    @app_commands.describe(id="Start typing the fact's id or words")
    async def fact_edit(self, interaction: discord.Interaction, id: str) -> None:
        """Open the fact's edit form."""
        await open_form(interaction, "fact", id, FactEditModal)

    @app_commands.command(name="fact-add", description="Add a fact with its source and verbatim quote (opens a form)")
    async def fact_add(self, interaction: discord.Interaction) -> None:
        """Open the new-fact form."""
        bot = _bot(interaction)
        if not is_moderator(interaction, bot.settings):
            await bot.send(interaction, content=NOT_ALLOWED, ephemeral=True)
            return
        await interaction.response.send_modal(FactAddModal())

    @app_commands.command(name="fact-retire", description="Hide a fact from answers (kept in its history)")
    @app_commands.describe(id="Start typing the fact's id or words", reason="Why (kept in the history)")
    async def fact_retire(self, interaction: discord.Interaction, id: str,
                          reason: app_commands.Range[str, 1, REASON_LIMIT] | None = None) -> None:
        """Retire a fact."""
        await moderate(interaction, lambda c, a: saved("Retired", c.retire(a, "fact", id, reason=reason).record))

    @app_commands.command(name="fact-restore", description="Bring a retired fact back into answers")
    @app_commands.describe(id="Start typing the fact's id or words")
    async def fact_restore(self, interaction: discord.Interaction, id: str) -> None:
        """Restore a fact."""
        await moderate(interaction, lambda c, a: saved("Restored", c.restore(a, "fact", id).record))

    @fact_edit.autocomplete("id")
    @fact_retire.autocomplete("id")
    @fact_restore.autocomplete("id")
    async def fact_ids(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        """Fact ids matching what was typed."""
        return await complete(interaction, "fact", current)

    # FAQ entries

    @app_commands.command(name="faq-edit", description="Edit an FAQ entry's answer and question (opens a form)")
    @app_commands.describe(id="Start typing the entry's id or question")
    async def faq_edit(self, interaction: discord.Interaction, id: str) -> None:
        """Open the entry's edit form."""
        await open_form(interaction, "faq", id, FaqEditModal)

    @app_commands.command(name="faq-phrasing", description="Add (or remove) another way of asking an FAQ entry")
    @app_commands.describe(id="Start typing the entry's id or question", text="The wording",
                           remove="Remove this wording instead of adding it")
    async def faq_phrasing(self, interaction: discord.Interaction, id: str,
                           text: app_commands.Range[str, 1, MAX_QUESTION], remove: bool = False) -> None:
        """Add or remove a phrasing."""
        def run(curator: Curator, actor: Actor) -> Outcome:
            if remove:
                return saved("Updated", curator.edit_faq(actor, id, remove_phrasings=[text]).record)
            return saved("Updated", curator.edit_faq(actor, id, add_phrasings=[text]).record)
        await moderate(interaction, run)

    @faq_edit.autocomplete("id")
    @faq_phrasing.autocomplete("id")
    async def faq_ids(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        """FAQ ids matching what was typed."""
        return await complete(interaction, "faq", current)

    # history and revert

    @app_commands.command(name="history", description="Every version of an entry: who, when, what")
    @app_commands.describe(kind="What kind of entry", id="Start typing the entry's id")
    async def history(self, interaction: discord.Interaction, kind: Kind, id: str) -> None:
        """Show an entry's versions."""
        def run(curator: Curator, actor: Actor) -> Outcome:
            return "", history_embeds(kind, id, curator.history(kind, id))
        await moderate(interaction, run)

    @app_commands.command(name="revert", description="Write an old version of an entry back (as a new version)")
    @app_commands.describe(kind="What kind of entry", id="Start typing the entry's id",
                           version="The version to bring back (see history)")
    async def revert(self, interaction: discord.Interaction, kind: Kind, id: str,
                     version: app_commands.Range[int, 1]) -> None:
        """Revert an entry."""
        await moderate(interaction, lambda c, a: saved("Reverted", c.revert(a, kind, id, version).record))

    @history.autocomplete("id")
    @revert.autocomplete("id")
    async def any_ids(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        """Ids of the kind chosen so far."""
        return await complete(interaction, _kind_of(interaction), current)

    # the unanswered queue

    @app_commands.command(name="unanswered", description="The questions I could not answer, most asked first")
    async def unanswered_list(self, interaction: discord.Interaction) -> None:
        """List the top groups."""
        def run(curator: Curator, actor: Actor) -> Outcome:
            return "", unanswered_embeds(unanswered.groups(curator.store, limit=UNANSWERED_SHOWN))
        await moderate(interaction, run)

    @app_commands.command(name="unanswered-attach", description="Add an unanswered question to an FAQ entry")
    @app_commands.describe(id="The question's number (see unanswered)", faq="Start typing the FAQ entry")
    async def unanswered_attach(self, interaction: discord.Interaction, id: app_commands.Range[int, 1],
                                faq: str) -> None:
        """Attach a group as a phrasing."""
        def run(curator: Curator, actor: Actor) -> Outcome:
            resolution = unanswered.attach(curator, actor, id, faq)
            assert resolution.change is not None
            text, embeds = saved("Updated", resolution.change.record)
            return f"{resolution.group.count} question(s) attached as a phrasing. {text}", embeds
        await moderate(interaction, run)

    @unanswered_attach.autocomplete("faq")
    async def attach_faq_ids(self, interaction: discord.Interaction,
                             current: str) -> list[app_commands.Choice[str]]:
        """FAQ ids matching what was typed."""
        return await complete(interaction, "faq", current)

    @app_commands.command(name="unanswered-dismiss", description="Take an unanswered question off the queue")
    @app_commands.describe(id="The question's number (see unanswered)")
    async def unanswered_dismiss(self, interaction: discord.Interaction,
                                 id: app_commands.Range[int, 1]) -> None:
        """Dismiss a group."""
        def run(curator: Curator, actor: Actor) -> Outcome:
            resolution = unanswered.dismiss(curator, actor, id)
            return f"Dismissed {resolution.group.count} question(s) like “{resolution.group.question}”.", []
        await moderate(interaction, run)

