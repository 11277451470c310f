"""Moderators review proposed facts: add a source with its proposals, then accept, edit or reject each.

Accepting goes through the same :class:`~bot.core.curation.Curator` as any
edit, in one transaction: the fact is added (validated: its quote verbatim in
the source, its figures in the quote), then, for an update of a live fact,
that fact is superseded by it, and for an FAQ entry it would join, the entry
links it. Any refusal refuses the whole acceptance and nothing changes. Every
step is versioned and logged, the proposal's own changes included.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from bot.core.curation import MAX_REASON, Curator
from bot.core.edits import KEEP, Actor, Change, CurationError, Keep, NotFoundError
from bot.core.models import Fact, FaqEntry, Proposal, ProposalStatus, Source
from bot.core.numbers import numbers_as_written
from bot.core.proposer import Proposer
from bot.core.validation import (
    MAX_QUOTE,
    MAX_STATEMENT,
    Problem,
    ValidationError,
    check_date,
    check_text,
    missing_numbers,
    quote_in_source,
)


class ProposalConflictError(CurationError):
    """The proposal changed since the moderator looked at it; nothing was saved."""

    def __init__(self, proposal: Proposal, expected: int) -> None:
        self.proposal = proposal
        self.expected = expected
        by = f" by {proposal.decided_by}" if proposal.decided_by else ""
        super().__init__(
            f"conflict: proposal #{proposal.id} was changed{by} and is now at version {proposal.version} "
            f"({proposal.status}); you started from version {expected}. Nothing was saved."
        )


@dataclass(frozen=True)
class SourceAdded:
    """A new source and the facts proposed from it."""

    change: Change
    proposals: tuple[Proposal, ...]

    def to_json(self) -> dict[str, Any]:
        """The source as ``sources add --json`` prints it, with its proposals."""
        return {**self.change.to_json(), "proposals": [p.to_json() for p in self.proposals]}


@dataclass(frozen=True)
class Accepted:
    """What accepting a proposal did: the new fact, the fact it superseded, the FAQ entry it joined."""

    proposal: Proposal
    fact: Change
    superseded: Change | None = None
    joined: Change | None = None

    def to_json(self) -> dict[str, Any]:
        """What ``proposals accept --json`` prints."""
        return {
            "proposal": self.proposal.to_json(), "fact": self.fact.to_json(),
            "superseded": self.superseded.to_json() if self.superseded else None,
            "joined": self.joined.to_json() if self.joined else None,
        }

    def lines(self) -> list[str]:
        """What happened, for people."""
        out = [f"accepted proposal #{self.proposal.id}: fact {self.fact.record.id!r} added"]
        if self.superseded is not None:
            out.append(f"fact {self.superseded.record.id!r} is superseded by it (answers now say what changed)")
            out += [f"  {a.line()}" for a in self.superseded.answers or ()]
        if self.joined is not None:
            out.append(f"faq {self.joined.record.id!r} now rests on it too (version {self.joined.record.version})")
        return out


def add_source(curator: Curator, actor: Actor, source: Source, proposer: Proposer, *,
               reason: str | None = None) -> SourceAdded:
    """Add a source and store the facts proposed from it, in one transaction (both or neither)."""
    proposals = proposer.propose(source)
    with curator.transaction():
        change = curator.add_source(actor, source, reason=reason)
        stored = curator.store.proposals.add(proposals, actor=actor.name, platform=actor.platform)
    return SourceAdded(change, tuple(stored))


def proposals(curator: Curator, *, status: ProposalStatus | None = "open",
              source_id: str | None = None) -> list[Proposal]:
    """Proposals in source order: open ones unless another status (or None, every one) is asked for."""
    if source_id is not None:
        curator.get("source", source_id)
    return curator.store.proposals.all(status=status, source_id=source_id)


def get(curator: Curator, proposal_id: int) -> Proposal:
    """One proposal, or NotFoundError."""
    found = curator.store.proposals.get(proposal_id)
    if found is None:
        raise NotFoundError(f"no proposal #{proposal_id} (list them with `proposals list`)")
    return found


def _open(curator: Curator, proposal_id: int, expect_version: int | None) -> Proposal:
    proposal = get(curator, proposal_id)
    if expect_version is not None and expect_version != proposal.version:
        raise ProposalConflictError(proposal, expect_version)
    if proposal.status != "open":
        made = f" (fact {proposal.fact_id!r})" if proposal.fact_id else ""
        raise CurationError(f"proposal #{proposal.id} is already {proposal.status}{made} by "
                            f"{proposal.decided_by or 'someone'}")
    return proposal


def accept(curator: Curator, actor: Actor, proposal_id: int, *, fact_id: str | None = None,
           statement: str | None = None, topics: Iterable[str] | None = None,
           entities: Iterable[str] | None = None, as_of: str | None = None, supersede: bool = True,
           join_faq: bool = True, expect_version: int | None = None, reason: str | None = None) -> Accepted:
    """Make the proposed fact, supersede the fact it updates and link it to the FAQ entry it joins.

    ``supersede=False`` keeps both facts live (the newer one is then a separate fact); ``join_faq=False``
    leaves the FAQ entry as it is. The fields given override the proposal's for this acceptance.
    """
    why = reason or f"accepted proposal #{proposal_id}"
    with curator.transaction():
        proposal = _open(curator, proposal_id, expect_version)
        made = curator.add_fact(
            actor, statement=statement if statement is not None else proposal.statement,
            source_id=proposal.source_id, quote=proposal.quote,
            topics=proposal.topics if topics is None else topics,
            entities=proposal.entities if entities is None else entities, fact_id=fact_id,
            as_of=as_of if as_of is not None else proposal.as_of, reason=why,
        )
        new_id = made.record.id
        superseded = None
        if supersede and proposal.update_of is not None:
            older = curator.find("fact", proposal.update_of)
            if older is not None and not older.retired and _fact(older.value).superseded_by is None:
                superseded = curator.supersede(actor, proposal.update_of, new_id, reason=why)
        joined = None
        if join_faq and proposal.faq_action == "join" and proposal.faq_id:
            entry = curator.find("faq", proposal.faq_id)
            if entry is not None and not entry.retired:
                links = (*_entry(entry.value).facts, new_id)
                joined = curator.edit_faq(actor, proposal.faq_id, facts=links, reason=why)
        done = replace(proposal, status="accepted", fact_id=new_id)
        stored = curator.store.proposals.save(done, proposal, action="accept", actor=actor.name,
                                              platform=actor.platform, reason=reason)
    return Accepted(stored, made, superseded, joined)


def reject(curator: Curator, actor: Actor, proposal_id: int, *, expect_version: int | None = None,
           reason: str | None = None) -> Proposal:
    """Set a proposal aside: it is kept, with who rejected it and why, and makes no fact."""
    _check_actor(actor, reason)
    with curator.transaction():
        proposal = _open(curator, proposal_id, expect_version)
        return curator.store.proposals.save(replace(proposal, status="rejected"), proposal, action="reject",
                                            actor=actor.name, platform=actor.platform, reason=reason)


def edit(curator: Curator, actor: Actor, proposal_id: int, *, statement: str | None = None,
         quote: str | None = None, topics: Iterable[str] | None = None, entities: Iterable[str] | None = None,
         as_of: str | Keep | None = KEEP, update_of: str | Keep | None = KEEP,
         faq_id: str | Keep | None = KEEP, expect_version: int | None = None,
         reason: str | None = None) -> Proposal:
    """Change what an open proposal would make; checked as a fact would be (verbatim quote, backed figures).

    ``update_of`` and ``faq_id`` name another fact or FAQ entry (or none, with None).
    """
    _check_actor(actor, reason)
    with curator.transaction():
        proposal = _open(curator, proposal_id, expect_version)
        changed = replace(
            proposal,
            statement=proposal.statement if statement is None else " ".join(statement.split()),
            quote=proposal.quote if quote is None else " ".join(quote.split()),
            topics=proposal.topics if topics is None else _clean(topics),
            entities=proposal.entities if entities is None else _clean(entities),
            as_of=proposal.as_of if as_of is KEEP else (as_of or "").strip() or None,
        )
        if update_of is not KEEP:
            target = (update_of or "").strip() or None
            changed = replace(changed, update_of=target, update_score=None)
        if faq_id is not KEEP:
            target = (faq_id or "").strip() or None
            changed = replace(changed, faq_id=target, faq_score=None, faq_action=_faq_action(curator, target,
                                                                                            changed.update_of))
        if changed == proposal:
            raise CurationError(f"nothing to change: proposal #{proposal.id} already says that")
        _validate(curator, changed)
        return curator.store.proposals.save(changed, proposal, action="edit", actor=actor.name,
                                            platform=actor.platform, reason=reason)


def figures(curator: Curator, proposal: Proposal) -> dict[str, Any] | None:
    """For an update: the live fact it would supersede, and both facts' figures side by side."""
    if proposal.update_of is None:
        return None
    older = curator.find("fact", proposal.update_of)
    if older is None:
        return None
    fact = _fact(older.value)
    return {"fact_id": fact.id, "statement": fact.statement, "quote": fact.quote,
            "before": numbers_as_written(fact.statement), "after": numbers_as_written(proposal.statement)}


def _validate(curator: Curator, proposal: Proposal) -> None:
    where = f"proposal #{proposal.id}"
    problems = check_text(where, "statement", proposal.statement, MAX_STATEMENT)
    if len(proposal.quote) > MAX_QUOTE:
        problems.append(Problem(where, f"quote is {len(proposal.quote)} characters; at most {MAX_QUOTE}"))
    source = curator.find("source", proposal.source_id)
    if source is not None and not quote_in_source(proposal.quote, _source(source.value).text):
        problems.append(Problem(where, f"quote does not occur verbatim in source {proposal.source_id!r}"))
    missing = missing_numbers(proposal.statement, [proposal.quote])
    if missing:
        problems.append(Problem(where, f"statement states {', '.join(sorted(missing))}, which its quote does not"))
    problems += check_date(where, "as_of", proposal.as_of)
    topics = {t.id for t in curator.store.knowledge().topics}
    problems += [Problem(where, f"unknown topic {t!r}") for t in proposal.topics if t not in topics]
    if proposal.update_of is not None and curator.find("fact", proposal.update_of) is None:
        problems.append(Problem(where, f"unknown fact {proposal.update_of!r}"))
    if proposal.faq_id is not None and curator.find("faq", proposal.faq_id) is None:
        problems.append(Problem(where, f"unknown faq {proposal.faq_id!r}"))
    if problems:
        raise ValidationError(problems)


def _faq_action(curator: Curator, faq_id: str | None, update_of: str | None) -> str | None:
    if faq_id is None:
        return None
    entry = curator.find("faq", faq_id)
    rests = entry is not None and update_of is not None and update_of in _entry(entry.value).facts
    return "update" if rests else "join"


def _check_actor(actor: Actor, reason: str | None) -> None:
    wrong = actor.problems()
    if reason is not None and len(reason) > MAX_REASON:
        wrong.append(f"the reason is {len(reason)} characters; at most {MAX_REASON}")
    if wrong:
        raise CurationError("; ".join(wrong))


def _clean(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v.strip() for v in values if v.strip()))


def _fact(value: object) -> Fact:
    assert isinstance(value, Fact)
    return value


def _entry(value: object) -> FaqEntry:
    assert isinstance(value, FaqEntry)
    return value


def _source(value: object) -> Source:
    assert isinstance(value, Source)
    return value
