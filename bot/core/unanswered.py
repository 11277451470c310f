"""The queue of questions the bot could not answer, and what moderators do with them.

``KnowledgeBase.ask`` queues every ``unsure`` and ``no_answer`` question with
its time, platform and ``normalized`` form (its sorted, stemmed content words);
no user identity is stored. Questions are grouped first by that form and then
by rapidfuzz similarity of it, so "how many chips for mistral" and "mistral
chips how many" count as one request. A moderator turns a group into a new
phrasing of an FAQ entry (attach) or a new entry (promote), or dismisses it;
every question of the group leaves the queue together. Old entries are purged
after the retention period, whatever their state, for privacy.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from rapidfuzz import fuzz

from bot.core.curation import Curator
from bot.core.edits import Actor, Change, CurationError, NotFoundError
from bot.core.retention import cutoff_for
from bot.core.store import Store

State = Literal["open", "attached", "promoted", "dismissed"]

SIMILARITY = 90
"""rapidfuzz token_sort_ratio (0-100) at which two normalized questions are one group; 100 groups only equal ones."""
MAX_WORDINGS = 5
"""Distinct wordings kept per group for display."""


@dataclass(frozen=True)
class Group:
    """Questions asked the same way (or nearly), with how often and when."""

    id: int
    """The newest question's id: what attach, promote and dismiss take (any id of the group works)."""
    question: str
    """The newest wording."""
    normalized: str
    count: int
    first_seen: str
    last_seen: str
    wordings: tuple[str, ...]
    """Distinct wordings, newest first (at most ``MAX_WORDINGS``)."""
    ids: tuple[int, ...]
    platforms: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        """One item of ``unanswered list --json``."""
        return {"id": self.id, "question": self.question, "count": self.count, "first_seen": self.first_seen,
                "last_seen": self.last_seen, "wordings": list(self.wordings), "platforms": list(self.platforms),
                "ids": list(self.ids)}


@dataclass(frozen=True)
class Resolution:
    """What became of a group: its questions left the queue, and the FAQ change if there was one."""

    group: Group
    state: State
    change: Change | None = None

    def to_json(self) -> dict[str, Any]:
        """The result of attach, promote or dismiss."""
        return {"state": self.state, "questions": self.group.count, "ids": list(self.group.ids),
                "entry": self.change.to_json() if self.change else None}


def groups(store: Store, *, limit: int | None = None, similarity: int = SIMILARITY) -> list[Group]:
    """The open questions in groups, most asked first (then most recent)."""
    rows = store.unanswered.open_rows()
    exact: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        exact.setdefault(row["normalized"] or "", []).append(row)
    merged: list[tuple[str, list[dict[str, Any]]]] = []
    for key, members in sorted(exact.items(), key=lambda kv: len(kv[1]), reverse=True):
        home = next((m for m in merged if similarity < 100 and fuzz.token_sort_ratio(key, m[0]) >= similarity), None)
        if home is None:
            merged.append((key, list(members)))
        else:
            home[1].extend(members)
    out = [_group(key, members) for key, members in merged]
    out.sort(key=lambda g: (g.last_seen, g.id), reverse=True)
    out.sort(key=lambda g: g.count, reverse=True)
    return out[:limit] if limit is not None else out


def find(store: Store, unanswered_id: int, *, similarity: int = SIMILARITY) -> Group:
    """The open group holding a question id."""
    for group in groups(store, similarity=similarity):
        if unanswered_id in group.ids:
            return group
    state = store.unanswered.state_of(unanswered_id)
    if state is None:
        raise NotFoundError(f"no unanswered question #{unanswered_id} (see `unanswered list`)")
    raise CurationError(f"unanswered question #{unanswered_id} was already {state}")


def attach(curator: Curator, actor: Actor, unanswered_id: int, faq_id: str, *, text: str | None = None,
           expect_version: int | None = None) -> Resolution:
    """Add the question (or a moderator's cleaned-up wording of it) as a phrasing of an FAQ entry."""
    with curator.transaction():
        group = find(curator.store, unanswered_id)
        change = curator.edit_faq(
            actor, faq_id, add_phrasings=[text or group.question], expect_version=expect_version,
            reason=f"from unanswered question #{group.id} (asked {group.count} times)",
        )
        curator.store.unanswered.close(group.ids, "attached")
    return Resolution(group, "attached", change)


def promote(curator: Curator, actor: Actor, unanswered_id: int, *, answer: str, facts: Iterable[str],
            question: str | None = None, phrasings: Iterable[str] = (), topics: Iterable[str] = (),
            faq_id: str | None = None) -> Resolution:
    """Make the question a new FAQ entry, answered from existing facts."""
    with curator.transaction():
        group = find(curator.store, unanswered_id)
        change = curator.add_faq(
            actor, question=question or group.question, answer=answer, facts=facts, phrasings=phrasings,
            topics=topics, faq_id=faq_id, reason=f"from unanswered question #{group.id} (asked {group.count} times)",
        )
        curator.store.unanswered.close(group.ids, "promoted")
    return Resolution(group, "promoted", change)


def dismiss(curator: Curator, actor: Actor, unanswered_id: int) -> Resolution:
    """Take the group off the queue without changing the knowledge base (kept until purged)."""
    problems = actor.problems()
    if problems:
        raise CurationError("; ".join(problems))
    with curator.store.write():
        group = find(curator.store, unanswered_id)
        curator.store.unanswered.close(group.ids, "dismissed")
    return Resolution(group, "dismissed")


def purge(store: Store, days: int, *, now: datetime | None = None) -> int:
    """Delete queued questions older than ``days`` (whatever their state); return how many went."""
    if days < 1:
        raise CurationError("the retention period is at least one day")
    removed, _ = store.retention.purge(cutoff_for(days, now), ("unanswered",))
    return removed.get("unanswered", 0)


def _group(key: str, members: list[dict[str, Any]]) -> Group:
    members.sort(key=lambda r: (r["at"], r["id"]), reverse=True)
    wordings: list[str] = []
    for row in members:
        if row["question"] not in wordings and len(wordings) < MAX_WORDINGS:
            wordings.append(row["question"])
    platforms = sorted({r["platform"] or "unknown" for r in members})
    newest = members[0]
    return Group(int(newest["id"]), newest["question"], key, len(members), members[-1]["at"], newest["at"],
                 tuple(wordings), tuple(int(r["id"]) for r in members), tuple(platforms))

