"""Moderators' changes to the knowledge base: the rules of editing, validated, versioned, logged, never destructive.

Every change, whichever adapter asks for it (the command line, Discord, Slack, an import), goes through
:class:`Curator`, which in one write transaction

1. reads the entry as it is now and refuses if it moved past the version the moderator started from
   (``expect_version``): two moderators cannot silently overwrite each other;
2. builds the new knowledge base in memory and runs the checks of ``bot.core.edit_rules`` (the loader's
   data rules plus the links between live and retired entries); any new problem refuses the change;
3. has the store write the entry as its next version with ``origin = 'moderator'`` and one audit row (who,
   platform, when, before, after, reason), and bump the knowledge-base revision, so every process reloads.

Nothing is deleted: retiring hides an entry, ``revert`` writes an old version back as a new, logged change.
Moderators' audit rows never carry the platform ``data``, so the shipped-data sync leaves their entries alone.
What an entry is lives in ``bot.core.store.registry``; what a change produces (``Actor``, ``Change``, the
refusals) in ``bot.core.edits``, re-exported here as before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import TYPE_CHECKING

from bot.core import supersession
from bot.core.edit_rules import LINKS, Link, link_problems, phrasings_after, validate
from bot.core.edits import (
    BUSY_TEXT,
    KEEP,
    MAX_ACTOR,
    Action,
    Actor,
    BusyError,
    Change,
    ConflictError,
    CurationError,
    Keep,
    NotFoundError,
)
from bot.core.entry_ids import completions, new_id
from bot.core.live import answer_changes
from bot.core.models import Alias, Fact, FaqEntry, Source
from bot.core.store import Store, StoreBusy
from bot.core.store.registry import REGISTRY, Entity, Record, Value, Version, kind_of, value_dict
from bot.core.text import fold
from bot.core.typed_input import cleaned, family_entity, typed_date

if TYPE_CHECKING:
    from bot.core.service import KnowledgeBase

__all__ = [
    "ALIAS_KINDS", "BUSY_TEXT", "KEEP", "LINKS", "MAX_ACTOR", "MAX_REASON", "ORIGIN", "Action", "Actor", "BusyError",
    "Change", "ConflictError", "CurationError", "Curator", "Entity", "Keep", "Link", "NotFoundError", "Record",
    "Value", "Version", "family_entity", "link_problems", "value_dict",
]

ALIAS_KINDS = ("person", "company", "country", "place", "product", "term")
MAX_REASON = 500
ORIGIN = "moderator"


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
        return completions(self.entries(entity, include_retired=include_retired), prefix, limit=limit)

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
            new_id = fact_id or self.new_id("fact", statement)
            fact = Fact(new_id, statement.strip(), source_id.strip(), quote.strip(), cleaned(topics), cleaned(entities),
                        as_of=typed_date(as_of))
            return self._save(actor, "create", fact, retired=False, reason=reason, create=True)

    def edit_fact(self, actor: Actor, fact_id: str, *, statement: str | None = None, quote: str | None = None,
                  source_id: str | None = None, topics: Iterable[str] | None = None,
                  entities: Iterable[str] | None = None, as_of: str | Keep | None = KEEP,
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
                topics=fact.topics if topics is None else cleaned(topics),
                entities=fact.entities if entities is None else cleaned(entities),
                as_of=fact.as_of if as_of is KEEP else typed_date(as_of),
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
            if as_of is not None and typed_date(as_of) != new.as_of:
                self._save(actor, "update", replace(new, as_of=typed_date(as_of)), retired=False,
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
            new_id = faq_id or self.new_id("faq", question)
            entry = FaqEntry(new_id, question.strip(), answer.strip(), cleaned(facts), (), cleaned(topics))
            entry = replace(entry, phrasings=phrasings_after(self.store, entry, (), cleaned(phrasings), ()))
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
                facts=entry.facts if facts is None else cleaned(facts),
                topics=entry.topics if topics is None else cleaned(topics),
            )
            phrasings = phrasings_after(self.store, entry, entry.phrasings, cleaned(add_phrasings),
                                        cleaned(remove_phrasings))
            entry = replace(entry, phrasings=phrasings)
            return self._save(actor, "update", entry, retired=current.retired, reason=reason, current=current)

    # -- aliases ----------------------------------------------------------------------------------------

    def add_alias(self, actor: Actor, canonical: str, names: Iterable[str], *, kind: str | None = None,
                  expect_version: int | None = None, reason: str | None = None) -> Change:
        """Give a person, company, place, product or term more names (creating or restoring its entry)."""
        canonical = canonical.strip()
        added = cleaned(names)
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
            alias = replace(old, kind=kind or old.kind, aliases=kept + fresh)  # its home stays
            action: Action = "restore" if current.retired else "update"
            return self._save(actor, action, alias, retired=False, reason=reason, current=current)

    def remove_alias(self, actor: Actor, canonical: str, names: Iterable[str] = (), *,
                     expect_version: int | None = None, reason: str | None = None) -> Change:
        """Take names away; with no names (or all of them) the whole entry is retired, not deleted."""
        removed = cleaned(names)
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

    def edit_source(self, actor: Actor, source_id: str, *, title: str | Keep | None = KEEP,
                    publisher: str | Keep | None = KEEP, published: str | Keep | None = KEEP,
                    url: str | Keep | None = KEEP, language: str | Keep = KEEP, notes: str | Keep | None = KEEP,
                    text: str | Keep = KEEP, expect_version: int | None = None,
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
        before, after = validate(self.store, kind, value, retired)
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

    # -- versions and ids -----------------------------------------------------------------------------------

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
        return new_id(self.store, entity, text)
