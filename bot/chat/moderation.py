"""Moderator commands as every platform runs them: one execution, and the texts both platforms show.

Slack and the terminal parse words into commands (``bot.chat.grammar``);
Discord builds the same command values from its typed options. Either way
they run here against a :class:`~bot.core.curation.Curator` and come back as
an outcome value, which each platform renders in its own format. Who counts
as a moderator is each platform's policy and is checked by its adapter before
anything here runs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from bot.chat.grammar import (
    AcceptProposal,
    AddSource,
    AdminCommand,
    AdminHelp,
    Attach,
    Dismiss,
    EditFact,
    History,
    ListProposals,
    ListUnanswered,
    Phrase,
    RejectProposal,
    Restore,
    Retire,
    Revert,
    ShowProposal,
    Supersede,
)
from bot.core import articles, review, unanswered
from bot.core.curation import Curator, Record, Version
from bot.core.edits import Actor, BusyError, ConflictError, CurationError
from bot.core.models import Proposal, Source
from bot.core.proposer import Proposer
from bot.core.scored import MatchResult
from bot.core.validation import ValidationError, check_source

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
PROPOSALS_SHOWN = 5
"""How many proposals a chat reply shows, each with its buttons (the command line lists them all)."""


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


@dataclass(frozen=True)
class ProposalItem:
    """One proposal as moderators review it: the proposal, and for an update the fact and figures it changes."""

    proposal: Proposal
    update: Mapping[str, Any] | None = None

    def lines(self) -> list[str]:
        """The proposal in plain lines: number, quote, what it claims, where it would go."""
        p = self.proposal
        lines = [f"#{p.id} · {p.status} · {p.source_id}, sentence {p.position + 1}", _quoted(p.quote)]
        if p.statement != p.quote:
            lines.append(f"Statement: {p.statement}")
        lines.append(f"Claims: {', '.join(p.signals)}" + (f" · figures: {', '.join(p.numbers)}" if p.numbers else ""))
        if self.update is not None:
            before = ", ".join(self.update["before"]) or "no figure"
            after = ", ".join(self.update["after"]) or "no figure"
            lines.append(f"Updates fact {self.update['fact_id']}: {self.update['statement']}")
            lines.append(f"Figures: {before} → {after}" if before != after else f"Figures unchanged: {after}")
        if p.faq_id:
            lines.append(f"{'Joins' if p.faq_action == 'join' else 'Updates'} FAQ entry {p.faq_id}")
        if p.context:
            lines.append(f"After: {_quoted(p.context)}")
        if p.fact_id:
            lines.append(f"Made fact {p.fact_id}")
        return lines


@dataclass(frozen=True)
class ProposalsShown:
    """Proposed facts waiting for review (the first few), and how many there are in all."""

    headline: str
    items: tuple[ProposalItem, ...]
    total: int


@dataclass(frozen=True)
class SourceFormNeeded:
    """The command adds a source through a form: the platform opens one (the terminal points to the CLI)."""


@dataclass(frozen=True)
class SourceForm:
    """What a moderator typed or attached to add a source."""

    text: str
    title: str | None = None
    publisher: str | None = None
    published: str | None = None
    url: str | None = None
    language: str = "en"
    format: articles.Format = "text"


Outcome = (Saved | Refused | HistoryShown | UnansweredShown | Done | FormNeeded | AdminHelpShown | ProposalsShown
           | SourceFormNeeded)


def saved_text(verb: str, record: Record) -> str:
    """The headline of a change that went through."""
    return f"{verb} {record.entity} `{record.id}`; it is now at version {record.version}."


def refusal(exc: Exception) -> Refused:
    """What a refused change tells the moderator (never a traceback)."""
    if isinstance(exc, BusyError):
        return Refused(BUSY)
    if isinstance(exc, ValidationError):
        problems = tuple(str(p) for p in exc.problems) or (str(exc),)
        return Refused("Nothing was changed; the change was refused:", problems)
    if isinstance(exc, review.ProposalConflictError):
        return Refused(f"Nothing was saved: proposal #{exc.proposal.id} was changed by someone else and is now "
                       f"{exc.proposal.status} (version {exc.proposal.version}).")
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


def proposals_headline(count: int, total: int) -> str:
    """The line above proposals."""
    if not total:
        return "No proposed facts waiting for review."
    more = f" (the first {count} shown)" if count < total else ""
    return f"{total} proposed fact(s) waiting for review{more}. Accept one to add it (validated like any edit), " \
           "or reject it."


def proposal_items(curator: Curator, proposals: list[Proposal]) -> tuple[ProposalItem, ...]:
    """Proposals with the figures of the facts they update."""
    return tuple(ProposalItem(p, review.figures(curator, p)) for p in proposals)


def add_source(curator: Curator, actor: Actor, form: SourceForm, match: Callable[[str], MatchResult] | None = None,
               *, shown: int = PROPOSALS_SHOWN) -> Outcome:
    """Add a source from a chat form and show the first facts proposed from it; a refusal comes back as a value."""
    try:
        article = articles.read_text(form.text, form.format, name="the pasted text")
        title = (form.title or "").strip() or None
        source = Source(curator.new_id("source", title or "source"), title, _blank(form.publisher),
                        _blank(form.published), _blank(form.url), (form.language or "en").strip() or "en",
                        article.text)
        proposer = Proposer(curator.store.knowledge(), match)
        added = review.add_source(curator, actor, source, proposer)
    except (CurationError, ValidationError, articles.ArticleError) as exc:
        return refusal(exc)
    record = added.change.record
    items = proposal_items(curator, list(added.proposals[:shown]))
    headline = (f"Added source `{record.id}` ({len(article.text):,} characters). "
                + proposals_headline(len(items), len(added.proposals)))
    return ProposalsShown(headline, items, len(added.proposals))


def source_form_problems(form: SourceForm) -> Refused | None:
    """What is wrong with a form's article before anything is stored (quick: no proposals are made), or None."""
    try:
        article = articles.read_text(form.text, form.format, name="the pasted text")
    except articles.ArticleError as exc:
        return refusal(exc)
    draft = Source("new-source", _blank(form.title), _blank(form.publisher), _blank(form.published),
                   _blank(form.url), (form.language or "en").strip() or "en", article.text)
    problems = check_source(draft)
    if not problems:
        return None
    return Refused("Nothing was changed; the article was refused:", tuple(p.message for p in problems))


def _blank(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None


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
    if isinstance(command, AddSource):
        return SourceFormNeeded()
    if isinstance(command, ListProposals | ShowProposal | AcceptProposal | RejectProposal | Supersede):
        return _review(curator, actor, command)
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


def _review(curator: Curator, actor: Actor,
            command: ListProposals | ShowProposal | AcceptProposal | RejectProposal | Supersede) -> Outcome:
    if isinstance(command, ListProposals):
        found = review.proposals(curator, source_id=command.source_id)
        items = proposal_items(curator, found[:PROPOSALS_SHOWN])
        return ProposalsShown(proposals_headline(len(items), len(found)), items, len(found))
    if isinstance(command, ShowProposal):
        proposal = review.get(curator, command.id)
        return ProposalsShown(f"Proposal #{proposal.id} ({proposal.status}).", proposal_items(curator, [proposal]), 1)
    if isinstance(command, AcceptProposal):
        accepted = review.accept(curator, actor, command.id)
        return Saved(" ".join(accepted.lines()), accepted.fact.record)
    if isinstance(command, RejectProposal):
        rejected = review.reject(curator, actor, command.id, reason=command.reason)
        return Done(f"Rejected proposal #{rejected.id}; no fact was added.")
    change = curator.supersede(actor, command.old, command.new)
    changed = [a.faq_id for a in change.answers or ()]
    answers = f" Answers resting on it: {', '.join(changed)}." if changed else ""
    return Saved(f"Fact `{command.old}` is now superseded by `{command.new}`: answers give the newer figure and "
                 f"say what was reported before.{answers}", change.record)


def _quoted(text: str) -> str:
    return text if text[:1] in "“\"" else f"“{text}”"
