"""The checks one change must pass before it is written: the data rules, live-on-live links, and phrasings.

The curator runs these inside its write transaction on the knowledge base as it would be after the change,
and an import runs the link rules on a whole knowledge base; they live apart from the curator so the rules
an edit is judged by read in one place, without the bookkeeping of saving and logging it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from bot.core.loader import KnowledgeData
from bot.core.models import Fact, FaqEntry, Source
from bot.core.store import Store
from bot.core.store.registry import REGISTRY, Entity, Kind, Value, with_values
from bot.core.text import fold
from bot.core.validation import (
    MAX_QUESTION,
    Problem,
    ValidationError,
    affected_problems,
    check_entity_names,
    check_text,
    number_hints,
    quote_in_source,
)

__all__ = [
    "LINKS", "Link", "broken_links", "link_problems", "phrasing_owners", "phrasings_after", "validate",
    "with_entry",
]


@dataclass(frozen=True)
class Link:
    """One kind of entry resting on another: live entries rest only on live ones."""

    user: Entity
    used: Entity
    targets: Callable[[Any], tuple[str, ...]]
    on_retired: str
    """Said of a live user whose target is retired, when it is edited: ``{key}`` is the target."""
    in_use: str
    """Said of a target being retired while live users rest on it: ``{users}`` lists them."""
    in_whole: str
    """Said of a live user whose target is retired, when a whole knowledge base is checked."""


LINKS = (
    Link("faq", "fact", lambda e: e.facts, "fact {key!r} is retired; restore it or link another fact",
         "FAQ entries {users} rest on this fact; link them to other facts or retire them first",
         "links fact {key!r}, which is retired"),
    Link("fact", "source", lambda f: (f.source_id,), "source {key!r} is retired; restore it first",
         "facts {users} quote this source; retire them first", "quotes source {key!r}, which is retired"),
    Link("fact", "fact", lambda f: (f.superseded_by,) if f.superseded_by else (),
         "it is superseded by fact {key!r}, which is retired; restore that fact or revert the supersession",
         "facts {users} are superseded by this fact; revert their supersession first",
         "is superseded by fact {key!r}, which is retired"),
)


def validate(store: Store, kind: Kind[Any], value: Value, retired: bool) -> tuple[KnowledgeData, KnowledgeData]:
    """Run the data rules on the entry and on everything resting on it; refuse on any new problem.

    Returns the knowledge base before and after the change.

    Only the entries a change can affect are checked (the entry, the facts quoting a source,
    the FAQ entries linking a fact), before and after, so an edit costs milliseconds and a
    problem that was already there does not block an unrelated fix.
    """
    key = kind.key(value)
    before = store.knowledge(include_retired=True)
    after = with_entry(before, kind, value, retired)
    known = set(affected_problems(before, kind.entity, key))
    problems = [p for p in affected_problems(after, kind.entity, key) if p not in known]
    problems += number_hints(after, kind.entity, key)
    if isinstance(value, Fact):
        problems += check_entity_names(value)
    problems += broken_links(store, kind, value, retired, after)
    if problems:
        raise ValidationError(problems)
    return before, after


def broken_links(store: Store, kind: Kind[Any], value: Value, retired: bool, after: KnowledgeData) -> list[Problem]:
    """Live entries rest only on live ones: an answer never cites a retired fact or source."""
    key = kind.key(value)
    linked = {e for link in LINKS for e in (link.user, link.used)} | {kind.entity}
    gone = {e: store.entries.retired_keys(e) for e in linked}
    if retired:
        gone[kind.entity].add(key)
    else:
        gone[kind.entity].discard(key)
    where = f"{kind.entity} {key!r}"
    problems: list[Problem] = []
    for link in LINKS:
        if link.user == kind.entity and not retired:
            problems += [Problem(where, link.on_retired.format(key=target))
                         for target in link.targets(value) if target in gone[link.used]]
        if link.used == kind.entity and retired:
            user_kind = REGISTRY[link.user]
            users = [user_kind.key(v) for v in user_kind.values(after)
                     if key in link.targets(v) and user_kind.key(v) not in gone[link.user]]
            if users:
                problems.append(Problem(where, link.in_use.format(users=", ".join(users))))
    if isinstance(value, Source):
        broken = [f.id for f in after.facts
                  if f.source_id == key and f.quote.strip() and not quote_in_source(f.quote, value.text)]
        if broken:
            problems.append(Problem(where, "the new text would break the verbatim quotes of facts "
                                           f"{', '.join(broken)}; a source's text keeps every quote taken from it"))
    return problems


def link_problems(data: KnowledgeData, retired: Mapping[Entity, set[str]]) -> list[Problem]:
    """Across a whole knowledge base: no live entry rests on a retired one (see ``LINKS``)."""
    problems: list[Problem] = []
    for link in LINKS:
        users = REGISTRY[link.user]
        for value in users.values(data):
            key = users.key(value)
            if key not in retired.get(link.user, set()):
                problems += [Problem(f"{link.user} {key!r}", link.in_whole.format(key=target))
                             for target in link.targets(value) if target in retired.get(link.used, set())]
    return problems


def with_entry(data: KnowledgeData, kind: Kind[Any], value: Value, retired: bool) -> KnowledgeData:
    """The knowledge base with one entry added or replaced."""
    value = kind.with_state(value, retired=retired)
    key = kind.key(value)
    items = kind.values(data)
    if any(kind.key(i) == key for i in items):
        return with_values(data, {kind.data_field: tuple(value if kind.key(i) == key else i for i in items)})
    return with_values(data, {kind.data_field: (*items, value)})


def phrasings_after(store: Store, entry: FaqEntry, old: tuple[str, ...], added: tuple[str, ...],
                    removed: tuple[str, ...]) -> tuple[str, ...]:
    """The phrasings after adding and removing some; a phrasing belongs to one entry only."""
    where = f"faq {entry.id!r}"
    problems: list[Problem] = []
    folded_old = [fold(p) for p in old]
    for text in removed:
        if fold(text) not in folded_old:
            listed = "; ".join(old) or "none"
            problems.append(Problem(where, f"has no phrasing {text!r} (its phrasings: {listed})"))
    gone = {fold(t) for t in removed}
    kept = [p for p in old if fold(p) not in gone]
    taken = {fold(p) for p in kept} | {fold(entry.question)}
    others = phrasing_owners(store, exclude=entry.id)
    for text in added:
        problems += check_text(where, "phrasing", text, MAX_QUESTION)
        key = fold(text)
        if key in taken:
            problems.append(Problem(where, f"{text!r} is already one of its phrasings"))
        elif key in others:
            problems.append(Problem(where, f"{text!r} is already a phrasing of faq {others[key]!r}"))
        else:
            kept.append(text)
            taken.add(key)
    if problems:
        raise ValidationError(problems)
    return tuple(kept)


def phrasing_owners(store: Store, *, exclude: str) -> dict[str, str]:
    """Every live FAQ entry's question and phrasings (folded), and the entry owning each."""
    owners: dict[str, str] = {}
    for record in store.entries.all("faq", include_retired=False):
        entry = record.value
        assert isinstance(entry, FaqEntry)
        if entry.id != exclude:
            for text in (*entry.phrasings, entry.question):
                owners.setdefault(fold(text), entry.id)
    return owners
