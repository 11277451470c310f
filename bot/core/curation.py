"""Moderators' changes to the knowledge base: validated, versioned, logged, and never destructive.

Every change, whichever adapter asks for it (the command line, Discord, Slack,
an import), goes through :class:`Curator`, which in one write transaction

1. reads the entry as it is now and refuses if it moved past the version the
   moderator started from (``expect_version``): two moderators cannot silently
   overwrite each other;
2. builds the new knowledge base in memory and runs the same rules the loader
   runs on ``data/`` (``bot.core.validation``), plus the links between live and
   retired entries; any new problem refuses the change and nothing is written;
3. has the store write the entry as its next version with ``origin =
   'moderator'`` and one audit row (who, platform, when, before, after, reason),
   and bump the knowledge-base revision, so every bot process reloads.

Nothing is deleted: retiring hides an entry from answers and keeps it, and
``revert`` writes an old version back as a new, logged change. Audit rows of
moderators never carry the platform ``data``, which is how the shipped-data
sync knows to leave their entries alone.

What an entry is (its table, its row and YAML shapes, its summary line) is
the store's registry (``bot.core.store.registry``); this module holds only
the rules of editing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from enum import Enum
from typing import TYPE_CHECKING, Any, Literal

from rapidfuzz import fuzz, process

from bot.core import supersession
from bot.core.live import AnswerChange, answer_changes
from bot.core.loader import KnowledgeData
from bot.core.models import Alias, Fact, FaqEntry, Source
from bot.core.store import Store, StoreBusy
from bot.core.store.registry import (
    REGISTRY,
    Entity,
    Kind,
    Record,
    Value,
    Version,
    kind,
    kind_of,
    value_dict,
    with_values,
)
from bot.core.text import fold
from bot.core.validation import (
    MAX_ID,
    MAX_QUESTION,
    Problem,
    ValidationError,
    affected_problems,
    check_entity_names,
    check_text,
    number_hints,
    quote_in_source,
)
from bot.core.vocabulary import STOPWORDS

if TYPE_CHECKING:
    from bot.core.service import KnowledgeBase

__all__ = [
    "KEEP", "Action", "Actor", "Change", "ConflictError", "CurationError", "Curator", "Entity", "Keep",
    "NotFoundError", "Record", "Value", "Version", "family_entity", "link_problems", "value_dict",
]

Action = Literal["create", "update", "retire", "restore", "revert", "supersede"]

ALIAS_KINDS = ("person", "company", "country", "place", "product", "term")
MAX_ACTOR = 100
MAX_REASON = 500
ORIGIN = "moderator"


class CurationError(ValueError):
    """A refusal worded for the moderator; nothing was changed."""


class BusyError(CurationError):
    """Another process held the database's write lock for longer than the busy timeout; nothing was written."""


BUSY_TEXT = "the knowledge base is busy, try again in a moment; nothing was changed"


class NotFoundError(CurationError):
    """The id names no entry of that kind."""


class ConflictError(CurationError):
    """Someone saved a newer version since the moderator started; theirs is kept and shown."""

    def __init__(self, current: Record, expected: int, latest: Version | None) -> None:
        self.current = current
        self.expected = expected
        self.latest = latest
        by = f" by {latest.actor} on {latest.platform} at {latest.at}" if latest else ""
        super().__init__(
            f"conflict: {current.entity} {current.id!r} was changed{by} and is now at version {current.version}; "
            f"you started from version {expected}. Nothing was saved. The newer version: {current.summary()}"
        )


class _Keep(Enum):
    KEEP = "keep"


KEEP = _Keep.KEEP
"""Leave this field as it is (for fields where None means "unknown")."""
Keep = _Keep
"""The type of :data:`KEEP`, for signatures elsewhere."""


@dataclass(frozen=True)
class Actor:
    """Who makes a change and from where; the platform is never ``data``, which marks shipped data."""

    name: str
    platform: str = "cli"

    def problems(self) -> list[str]:
        """What is wrong with this actor, if anything."""
        out = [str(p.message) for p in check_text("actor", "the moderator's name (--by)", self.name, MAX_ACTOR)]
        if not self.platform or self.platform == "data":
            out.append(f"platform {self.platform!r} is reserved for shipped data")
        return out


@dataclass(frozen=True)
class Change:
    """A saved change: the entry as it now is and as it was, and (for a fact) the FAQ answers it changed."""

    action: Action
    record: Record
    previous: Record | None
    audit_id: int
    answers: tuple[AnswerChange, ...] | None = None
    """For a fact: every live FAQ answer resting on it, as users read it before and after (None otherwise)."""

    def to_json(self) -> dict[str, Any]:
        """The entry, as ``--json`` prints it (a fact's with the answers it changed)."""
        body = self.record.to_json()
        if self.answers is not None:
            body["answers_changed"] = [a.to_json() for a in self.answers]
        return body


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


class Curator:
    """Every moderator operation on one store; ``on_change`` runs after each commit (to reload answers)."""

    def __init__(self, store: Store, *, on_change: Callable[[], None] | None = None) -> None:
        self.store = store
        self.on_change = on_change

    @classmethod
    def of(cls, kb: KnowledgeBase) -> Curator:
        """A curator on a knowledge base's own connection, which reloads it after every change."""
        return cls(kb.store, on_change=kb.invalidate)

    # -- reading ------------------------------------------------------------------------------------

    def get(self, entity: Entity, entry_id: str) -> Record:
        """One entry (retired or not), or NotFoundError."""
        record = self.store.entries.get(entity, entry_id)
        if record is None:
            raise NotFoundError(f"no {entity} {entry_id!r} (list them with `{REGISTRY[entity].family} list`)")
        return record

    def find(self, entity: Entity, entry_id: str) -> Record | None:
        """One entry (retired or not), or None."""
        return self.store.entries.get(entity, entry_id)

    def entries(self, entity: Entity, *, include_retired: bool = False) -> list[Record]:
        """The entries of one kind, sorted by id."""
        return self.store.entries.all(entity, include_retired=include_retired)

    def completions(self, entity: Entity, prefix: str, *, limit: int = 25,
                    include_retired: bool = True) -> list[tuple[str, str]]:
        """(id, label) choices for an id typed so far: for Discord's autocomplete and Slack's selects."""
        records = self.entries(entity, include_retired=include_retired)
        labels = {r.id: f"{r.id}: {r.summary()}"[:100] for r in records}
        typed = prefix.strip().lower()
        if not typed:
            return list(labels.items())[:limit]
        hits = [i for i in labels if i.startswith(typed)]
        hits += [i for i in labels if typed in i and i not in hits]
        if len(hits) < limit:
            fuzzy = process.extract(typed, labels, scorer=fuzz.partial_ratio, score_cutoff=70, limit=limit)
            hits += [key for _, _, key in fuzzy if key not in hits]
        return [(i, labels[i]) for i in hits[:limit]]

    def history(self, entity: Entity, entry_id: str) -> list[Version]:
        """Every version of an entry, oldest first."""
        self.get(entity, entry_id)
        return self.store.audit.history(entity, entry_id)

    # -- facts ----------------------------------------------------------------------------------------

    def add_fact(self, actor: Actor, *, statement: str, source_id: str, quote: str, topics: Iterable[str] = (),
                 entities: Iterable[str] = (), fact_id: str | None = None, as_of: str | None = None,
                 reason: str | None = None) -> Change:
        """A new fact: its quote must be verbatim in the source and back every number of the statement.

        ``as_of`` is the date its figure holds from, when the moderator knows better than the source's date.
        """
        with self.transaction():
            new_id = fact_id or self._new_id("fact", statement)
            fact = Fact(new_id, statement.strip(), source_id.strip(), quote.strip(), _clean(topics), _clean(entities),
                        as_of=_date(as_of))
            return self._save(actor, "create", fact, retired=False, reason=reason, create=True)

    def edit_fact(self, actor: Actor, fact_id: str, *, statement: str | None = None, quote: str | None = None,
                  source_id: str | None = None, topics: Iterable[str] | None = None,
                  entities: Iterable[str] | None = None, as_of: str | _Keep | None = KEEP,
                  expect_version: int | None = None, reason: str | None = None) -> Change:
        """Change what a fact says or where it comes from; fields left None (``as_of``: KEEP) stay as they are.

        The change lists the FAQ answers it changes (``Change.answers``).
        """
        with self.transaction():
            current = self._current("fact", fact_id, expect_version)
            fact = current.value
            assert isinstance(fact, Fact)
            fact = replace(
                fact,
                statement=fact.statement if statement is None else statement.strip(),
                quote=fact.quote if quote is None else quote.strip(),
                source_id=fact.source_id if source_id is None else source_id.strip(),
                topics=fact.topics if topics is None else _clean(topics),
                entities=fact.entities if entities is None else _clean(entities),
                as_of=fact.as_of if as_of is KEEP else _date(as_of),
            )
            return self._save(actor, "update", fact, retired=current.retired, reason=reason, current=current)

    def supersede(self, actor: Actor, old_id: str, new_id: str, *, as_of: str | None = None,
                  expect_version: int | None = None, reason: str | None = None) -> Change:
        """A newer fact replaces an older one in answers; the older one stays, shown as what was reported before.

        Both must be live, the newer one current, and (when both dates are known) not older. ``as_of`` dates
        the newer fact first. ``expect_version`` is the older fact's. Undo with ``revert``.
        """
        with self.transaction():
            current = self._current("fact", old_id, expect_version)
            newer = self.get("fact", new_id)
            old, new = current.value, newer.value
            assert isinstance(old, Fact) and isinstance(new, Fact)
            if old.id == new.id:
                raise CurationError(f"fact {old.id!r} cannot supersede itself")
            for record in (current, newer):
                if record.retired:
                    raise CurationError(f"fact {record.id!r} is retired; restore it first")
            if old.superseded_by:
                raise CurationError(f"fact {old.id!r} is already superseded by {old.superseded_by!r}; "
                                    "revert that supersession first (see its history)")
            if new.superseded_by:
                raise CurationError(f"fact {new.id!r} is itself superseded by {new.superseded_by!r}; "
                                    f"supersede {old.id!r} with the current fact instead")
            if as_of is not None and _date(as_of) != new.as_of:
                self._save(actor, "update", replace(new, as_of=_date(as_of)), retired=False,
                           reason=reason or f"dated before it supersedes {old.id}", current=newer)
                newer = self.get("fact", new_id)
                new = newer.value
                assert isinstance(new, Fact)
            sources = {s.id: s for s in self.store.knowledge(include_retired=True).sources}
            old_date, new_date = supersession.as_of(old, sources), supersession.as_of(new, sources)
            if old_date and new_date and new_date < old_date:
                raise CurationError(f"fact {new.id!r} ({new_date}) is older than fact {old.id!r} ({old_date}); "
                                    "only a newer fact can supersede an older one")
            why = reason or f"superseded by {new.id}"
            return self._save(actor, "supersede", replace(old, superseded_by=new.id), retired=False, reason=why,
                              current=current)

    # -- FAQ entries ------------------------------------------------------------------------------------

    def add_faq(self, actor: Actor, *, question: str, answer: str, facts: Iterable[str],
                phrasings: Iterable[str] = (), topics: Iterable[str] = (), faq_id: str | None = None,
                reason: str | None = None) -> Change:
        """A new FAQ entry resting on live facts; every number of its answer is in their quotes."""
        with self.transaction():
            new_id = faq_id or self._new_id("faq", question)
            entry = FaqEntry(new_id, question.strip(), answer.strip(), _clean(facts), (), _clean(topics))
            entry = replace(entry, phrasings=self._phrasings_after(entry, (), _clean(phrasings), ()))
            return self._save(actor, "create", entry, retired=False, reason=reason, create=True)

    def edit_faq(self, actor: Actor, faq_id: str, *, question: str | None = None, answer: str | None = None,
                 facts: Iterable[str] | None = None, topics: Iterable[str] | None = None,
                 add_phrasings: Iterable[str] = (), remove_phrasings: Iterable[str] = (),
                 expect_version: int | None = None, reason: str | None = None) -> Change:
        """Edit the answer or question, relink facts, retopic, or add and remove alternate phrasings."""
        with self.transaction():
            current = self._current("faq", faq_id, expect_version)
            entry = current.value
            assert isinstance(entry, FaqEntry)
            entry = replace(
                entry,
                question=entry.question if question is None else question.strip(),
                answer=entry.answer if answer is None else answer.strip(),
                facts=entry.facts if facts is None else _clean(facts),
                topics=entry.topics if topics is None else _clean(topics),
            )
            phrasings = self._phrasings_after(entry, entry.phrasings, _clean(add_phrasings), _clean(remove_phrasings))
            entry = replace(entry, phrasings=phrasings)
            return self._save(actor, "update", entry, retired=current.retired, reason=reason, current=current)

    # -- aliases ----------------------------------------------------------------------------------------

    def add_alias(self, actor: Actor, canonical: str, names: Iterable[str], *, kind: str | None = None,
                  expect_version: int | None = None, reason: str | None = None) -> Change:
        """Give a person, company, place, product or term more names (creating or restoring its entry)."""
        canonical = canonical.strip()
        added = _clean(names)
        if not added:
            raise CurationError("name at least one alias to add")
        if kind is not None and kind not in ALIAS_KINDS:
            raise CurationError(f"kind {kind!r} is not one of {', '.join(ALIAS_KINDS)}")
        with self.transaction():
            current = self.find("alias", canonical)
            if current is None:
                alias = Alias(canonical, kind or "term", added)
                return self._save(actor, "create", alias, retired=False, reason=reason, create=True)
            self._check_version(current, expect_version)
            old = current.value
            assert isinstance(old, Alias)
            folded = {fold(n) for n in old.aliases} if not current.retired else set()
            kept = old.aliases if not current.retired else ()
            fresh = tuple(n for n in added if fold(n) not in folded)
            if not fresh and not current.retired and (kind is None or kind == old.kind):
                raise CurationError(f"alias {canonical!r} already has {', '.join(added)}")
            alias = Alias(old.canonical, kind or old.kind, kept + fresh)
            action: Action = "restore" if current.retired else "update"
            return self._save(actor, action, alias, retired=False, reason=reason, current=current)

    def remove_alias(self, actor: Actor, canonical: str, names: Iterable[str] = (), *,
                     expect_version: int | None = None, reason: str | None = None) -> Change:
        """Take names away; with no names (or all of them) the whole entry is retired, not deleted."""
        removed = _clean(names)
        with self.transaction():
            current = self._current("alias", canonical.strip(), expect_version)
            old = current.value
            assert isinstance(old, Alias)
            if current.retired:
                raise CurationError(f"alias {old.canonical!r} is already retired")
            gone = {fold(n) for n in removed}
            unknown = [n for n in removed if fold(n) not in {fold(a) for a in old.aliases}]
            if unknown:
                raise CurationError(
                    f"alias {old.canonical!r} has no name {', '.join(map(repr, unknown))}; "
                    f"its names are: {', '.join(old.aliases)}"
                )
            left = tuple(a for a in old.aliases if fold(a) not in gone)
            if not removed or not left:
                return self._save(actor, "retire", old, retired=True, reason=reason, current=current)
            return self._save(actor, "update", replace(old, aliases=left), retired=False, reason=reason,
                              current=current)

    # -- sources ----------------------------------------------------------------------------------------

    def add_source(self, actor: Actor, source: Source, *, reason: str | None = None) -> Change:
        """A new source document, so facts can quote a new announcement."""
        with self.transaction():
            return self._save(actor, "create", source, retired=False, reason=reason, create=True)

    def edit_source(self, actor: Actor, source_id: str, *, title: str | _Keep | None = KEEP,
                    publisher: str | _Keep | None = KEEP, published: str | _Keep | None = KEEP,
                    url: str | _Keep | None = KEEP, language: str | _Keep = KEEP, notes: str | _Keep | None = KEEP,
                    text: str | _Keep = KEEP, expect_version: int | None = None,
                    reason: str | None = None) -> Change:
        """Correct a source's metadata, or its text as long as every quote from it stays verbatim."""
        with self.transaction():
            current = self._current("source", source_id, expect_version)
            old = current.value
            assert isinstance(old, Source)
            new = Source(
                old.id,
                old.title if title is KEEP else title,
                old.publisher if publisher is KEEP else publisher,
                old.published if published is KEEP else published,
                old.url if url is KEEP else url,
                old.language if language is KEEP else language,
                old.text if text is KEEP else text,
                old.notes if notes is KEEP else notes,
            )
            return self._save(actor, "update", new, retired=current.retired, reason=reason, current=current)

    # -- retire, restore, revert -------------------------------------------------------------------------

    def retire(self, actor: Actor, entity: Entity, entry_id: str, *, expect_version: int | None = None,
               reason: str | None = None) -> Change:
        """Hide an entry from answers; it stays in the database and its history."""
        with self.transaction():
            current = self._current(entity, entry_id, expect_version)
            if current.retired:
                raise CurationError(f"{entity} {entry_id!r} is already retired")
            return self._save(actor, "retire", current.value, retired=True, reason=reason, current=current)

    def restore(self, actor: Actor, entity: Entity, entry_id: str, *, expect_version: int | None = None,
                reason: str | None = None) -> Change:
        """Bring a retired entry back into answers (validated again, since things changed around it)."""
        with self.transaction():
            current = self._current(entity, entry_id, expect_version)
            if not current.retired:
                raise CurationError(f"{entity} {entry_id!r} is not retired")
            return self._save(actor, "restore", current.value, retired=False, reason=reason, current=current)

    def revert(self, actor: Actor, entity: Entity, entry_id: str, version: int, *,
               expect_version: int | None = None, reason: str | None = None) -> Change:
        """Write an old version back, retired or not as it was, as a new version (validated and logged)."""
        with self.transaction():
            current = self._current(entity, entry_id, expect_version)
            versions = {v.version: v for v in self.history(entity, entry_id) if v.record is not None}
            target = versions.get(version)
            if target is None or target.record is None:
                known = ", ".join(str(v) for v in sorted(versions)) or "none"
                raise CurationError(f"{entity} {entry_id!r} has no recorded version {version} (recorded: {known})")
            value = target.record.value
            if target.note:  # a version whose phrasings were not recorded keeps the current ones
                value = current.kind.with_children(value, current.kind.children_of(current.value))
            if version == current.version:
                raise CurationError(f"{entity} {entry_id!r} is already at version {version}")
            why = reason or f"revert to version {version}"
            return self._save(actor, "revert", value, retired=target.record.retired, reason=why, current=current)

    # -- the one write path -------------------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction (several changes in one are all kept or all refused).

        ``on_change`` runs once, after the outermost commit, and never after a refusal.
        """
        outer = self.store.in_transaction
        try:
            with self.store.write():
                yield
        except StoreBusy as exc:
            raise BusyError(BUSY_TEXT) from exc
        if self.on_change is not None and not outer:
            self.on_change()

    def _save(self, actor: Actor, action: Action, value: Value, *, retired: bool, reason: str | None,
              current: Record | None = None, create: bool = False) -> Change:
        """Validate the knowledge base as it would be after the change, then write and log it."""
        kind = kind_of(value)
        entry_id = kind.key(value)
        wrong = actor.problems()
        if reason is not None and len(reason) > MAX_REASON:
            wrong.append(f"the reason is {len(reason)} characters; at most {MAX_REASON}")
        if wrong:
            raise CurationError("; ".join(wrong))
        if create:
            existing = self.find(kind.entity, entry_id)
            if existing is not None:
                state = "a retired" if existing.retired else "an"
                raise CurationError(
                    f"{kind.entity} {entry_id!r} is already {state} entry (ids are never reused; "
                    f"{'restore it or ' if existing.retired else ''}choose another id)"
                )
        elif current is not None and kind.content(current.value) == kind.content(value) and current.retired == retired:
            raise CurationError(f"nothing to change: {kind.entity} {entry_id!r} already says that (version "
                                f"{current.version})")
        before, after = self._validate(kind, value, retired)
        change = self.write_entry(actor, action, value, retired=retired, reason=reason, previous=current)
        if isinstance(value, Fact):
            return replace(change, answers=tuple(answer_changes(before, after, entry_id)))
        return change

    def write_entry(self, actor: Actor, action: Action, value: Value, *, retired: bool, reason: str | None,
                    previous: Record | None) -> Change:
        """Write one already validated entry, log it and bump the revision (inside the caller's transaction).

        Used by ``_save`` and by imports, which validate the whole knowledge base at once.
        """
        wrong = actor.problems()
        if wrong:
            raise CurationError("; ".join(wrong))
        record, audit_id = self.store.entries.write(
            value, retired=retired, origin=ORIGIN, action=action, actor=actor.name, platform=actor.platform,
            reason=reason, before=previous,
        )
        return Change(action, record, previous, audit_id)

    # -- the rules ------------------------------------------------------------------------------------------

    def _validate(self, kind: Kind[Any], value: Value, retired: bool) -> tuple[KnowledgeData, KnowledgeData]:
        """Run the data rules on the entry and on everything resting on it; refuse on any new problem.

        Returns the knowledge base before and after the change.

        Only the entries a change can affect are checked (the entry, the facts quoting a source,
        the FAQ entries linking a fact), before and after, so an edit costs milliseconds and a
        problem that was already there does not block an unrelated fix.
        """
        key = kind.key(value)
        before = self.store.knowledge(include_retired=True)
        after = _with(before, kind, value, retired)
        known = set(affected_problems(before, kind.entity, key))
        problems = [p for p in affected_problems(after, kind.entity, key) if p not in known]
        problems += number_hints(after, kind.entity, key)
        if isinstance(value, Fact):
            problems += check_entity_names(value)
        problems += self._links(kind, value, retired, after)
        if problems:
            raise ValidationError(problems)
        return before, after

    def _links(self, kind: Kind[Any], value: Value, retired: bool, after: KnowledgeData) -> list[Problem]:
        """Live entries rest only on live ones: an answer never cites a retired fact or source."""
        key = kind.key(value)
        linked = {e for link in LINKS for e in (link.user, link.used)} | {kind.entity}
        gone = {e: self.store.entries.retired_keys(e) for e in linked}
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

    def _phrasings_after(self, entry: FaqEntry, old: tuple[str, ...], added: tuple[str, ...],
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
        others = self._phrasing_owners(exclude=entry.id)
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

    def _phrasing_owners(self, *, exclude: str) -> dict[str, str]:
        """Every live FAQ entry's question and phrasings (folded), and the entry owning each."""
        owners: dict[str, str] = {}
        for record in self.entries("faq"):
            entry = record.value
            assert isinstance(entry, FaqEntry)
            if entry.id != exclude:
                for text in (*entry.phrasings, entry.question):
                    owners.setdefault(fold(text), entry.id)
        return owners

    def _current(self, entity: Entity, entry_id: str, expect_version: int | None) -> Record:
        current = self.get(entity, entry_id)
        self._check_version(current, expect_version)
        return current

    def _check_version(self, current: Record, expect_version: int | None) -> None:
        if expect_version is not None and expect_version != current.version:
            history = self.history(current.entity, current.id)
            raise ConflictError(current, expect_version, history[-1] if history else None)

    def new_id(self, entity: Entity, text: str) -> str:
        """An id from the first words of a statement, question or title, unique among every id ever used."""
        return self._new_id(entity, text)

    def _new_id(self, entity: Entity, text: str) -> str:
        """An id from the first words of a statement or question, unique among every id ever used."""
        taken = self.store.entries.keys(entity)
        words = [w for w in re.findall(r"[a-z0-9]+", fold(text)) if w not in STOPWORDS][:6]
        base = "-".join(words)[: MAX_ID - 4].strip("-") or entity
        candidate, n = base, 2
        while candidate in taken:
            candidate, n = f"{base}-{n}", n + 1
        return candidate


# -- module helpers ----------------------------------------------------------------------------------------


def _date(value: str | None) -> str | None:
    """A date as typed: trimmed, and empty means unknown."""
    return value.strip() or None if value is not None else None


def _clean(values: Iterable[str]) -> tuple[str, ...]:
    """Trimmed, without blanks and repeats, in the order given."""
    out: list[str] = []
    for value in values:
        value = value.strip()
        if value and value not in out:
            out.append(value)
    return tuple(out)


def _with(data: KnowledgeData, kind: Kind[Any], value: Value, retired: bool) -> KnowledgeData:
    """The knowledge base with one entry added or replaced."""
    value = kind.with_state(value, retired=retired)
    key = kind.key(value)
    items = kind.values(data)
    if any(kind.key(i) == key for i in items):
        return with_values(data, {kind.data_field: tuple(value if kind.key(i) == key else i for i in items)})
    return with_values(data, {kind.data_field: (*items, value)})


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


def family_entity(name: str) -> Entity:
    """The entity behind a command family name (``facts`` -> ``fact``)."""
    try:
        return kind(name).entity
    except KeyError:
        raise CurationError(f"unknown kind of entry {name!r}") from None
