"""Moderator commands as every platform runs them: one execution, and the texts both platforms show.

Slack and the terminal parse words into commands (``bot.chat.grammar``);
Discord builds the same command values from its typed options. Either way
they run here against a :class:`~bot.core.curation.Curator` and come back as
an outcome value, which each platform renders in its own format. Who counts
as a moderator is each platform's policy and is checked by its adapter before
anything here runs.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.chat.grammar import (
    AdminCommand,
    AdminHelp,
    Attach,
    Dismiss,
    EditFact,
    History,
    ListUnanswered,
    Phrase,
    Restore,
    Retire,
    Revert,
)
from bot.core import unanswered
from bot.core.curation import Actor, ConflictError, CurationError, Curator, Record, Version
from bot.core.validation import ValidationError

NOT_ALLOWED = (
    "Sorry, only moderators can change what I know, so nothing was changed. "
    "Ask a server admin if you think you should be one."
)
"""The private reply to anyone else who tries a moderator command."""
BUSY = "The knowledge base is busy right now; please try again in a moment. Nothing was changed."
SAVE_APOLOGY = "Sorry, something went wrong on my side while saving that. Please try again in a moment."
UNANSWERED_SHOWN = 10
"""How many groups of unanswered questions a chat reply lists (the command line lists more)."""
MAX_ACTOR_NAME = 60
"""A display name is cut to this before the platform id is added: the audit log takes 100 characters."""


@dataclass(frozen=True)
class Saved:
    """A change went through: the entry as it now is."""

    headline: str
    record: Record


@dataclass(frozen=True)
class Refused:
    """Nothing changed, and why; a conflict also carries the newer version to show."""

    text: str
    problems: tuple[str, ...] = ()
    newer: Record | None = None


@dataclass(frozen=True)
class HistoryShown:
    """Every version of one entry."""

    headline: str
    entity: str
    id: str
    versions: tuple[Version, ...]


@dataclass(frozen=True)
class UnansweredShown:
    """The most asked open questions."""

    headline: str
    groups: tuple[unanswered.Group, ...]


@dataclass(frozen=True)
class Done:
    """A change that needs no entry shown, such as a dismissed question."""

    text: str


@dataclass(frozen=True)
class FormNeeded:
    """The command edits in a form: the platform opens one prefilled with this entry."""

    record: Record


@dataclass(frozen=True)
class AdminHelpShown:
    """The moderator help."""


Outcome = Saved | Refused | HistoryShown | UnansweredShown | Done | FormNeeded | AdminHelpShown


def saved_text(verb: str, record: Record) -> str:
    """The headline of a change that went through."""
    return f"{verb} {record.entity} `{record.id}`; it is now at version {record.version}."


def refusal(exc: Exception) -> Refused:
    """What a refused change tells the moderator (never a traceback)."""
    if isinstance(exc, ValidationError):
        problems = tuple(str(p) for p in exc.problems) or (str(exc),)
        return Refused("Nothing was changed; the change was refused:", problems)
    if isinstance(exc, ConflictError):
        return Refused(
            f"Nothing was saved: {exc.current.entity} `{exc.current.id}` was changed by someone else and is now at "
            f"version {exc.current.version} (you started from version {exc.expected}). The newer version is below; "
            "open the form again to edit it.",
            newer=exc.current,
        )
    return Refused(f"Nothing was changed: {exc}")


def refusal_text(refused: Refused) -> str:
    """A refusal as plain text, one problem per line."""
    return "\n".join([refused.text, *(f"• {p}" for p in refused.problems)])


def history_headline(entity: str, entry_id: str, count: int) -> str:
    """The line above an entry's versions."""
    return f"History of {entity} `{entry_id}`: {count} version(s). `revert` writes one back as a new version."


def unanswered_headline(groups: tuple[unanswered.Group, ...]) -> str:
    """The line above the unanswered questions."""
    if not groups:
        return "No open unanswered questions. Nice."
    return ("Unanswered questions, most asked first. Attach one to an FAQ entry as a phrasing, "
            "or dismiss it.")


def moderator_actor(platform: str, user_id: str, display_name: str | None = None) -> Actor:
    """How a chat moderator is named in the audit log: their display name and platform id.

    A display name the audit log would refuse (a link, a mention, too long) is left out, so a
    moderator's odd nickname never blocks their edit.
    """
    if display_name and display_name != user_id:
        named = Actor(f"{display_name[:MAX_ACTOR_NAME]} ({user_id})", platform)
        if not named.problems():
            return named
    return Actor(str(user_id), platform)


def run_admin(curator: Curator, actor: Actor, command: AdminCommand, *, shown: int = UNANSWERED_SHOWN) -> Outcome:
    """Run one moderator command; a refusal comes back as a value, never as an exception."""
    try:
        return _run(curator, actor, command, shown)
    except (CurationError, ValidationError) as exc:
        return refusal(exc)


def _run(curator: Curator, actor: Actor, command: AdminCommand, shown: int) -> Outcome:
    if isinstance(command, AdminHelp):
        return AdminHelpShown()
    if isinstance(command, EditFact):
        return FormNeeded(curator.get("fact", command.id))
    if isinstance(command, Retire):
        record = curator.retire(actor, command.entity, command.id, reason=command.reason).record
        return Saved(saved_text("Retired", record), record)
    if isinstance(command, Restore):
        record = curator.restore(actor, command.entity, command.id).record
        return Saved(saved_text("Restored", record), record)
    if isinstance(command, Phrase):
        if command.add:
            change = curator.edit_faq(actor, command.faq_id, add_phrasings=[command.text])
        else:
            change = curator.edit_faq(actor, command.faq_id, remove_phrasings=[command.text])
        return Saved(saved_text("Updated the phrasings of", change.record), change.record)
    if isinstance(command, History):
        versions = tuple(curator.history(command.entity, command.id))
        return HistoryShown(history_headline(command.entity, command.id, len(versions)), command.entity, command.id,
                            versions)
    if isinstance(command, Revert):
        record = curator.revert(actor, command.entity, command.id, command.version).record
        return Saved(saved_text(f"Reverted to version {command.version}:", record), record)
    if isinstance(command, ListUnanswered):
        groups = tuple(unanswered.groups(curator.store, limit=shown))
        return UnansweredShown(unanswered_headline(groups), groups)
    if isinstance(command, Attach):
        result = unanswered.attach(curator, actor, command.question_id, command.faq_id)
        assert result.change is not None
        headline = (f"Attached question #{result.group.id} ({result.group.count} asked) to faq `{command.faq_id}` "
                    "as a phrasing.")
        return Saved(headline, result.change.record)
    assert isinstance(command, Dismiss)
    result = unanswered.dismiss(curator, actor, command.question_id)
    return Done(f"Dismissed question #{result.group.id} ({result.group.count} asked); the knowledge base is "
                "unchanged.")
