"""Moderators' changes to the knowledge base: validated, versioned, logged, and never destructive.

Every change, whichever adapter asks for it (the command line, Discord, Slack,
an import), goes through :class:`Curator`, which in one write transaction

1. reads the entry as it is now and refuses if it moved past the version the
   moderator started from (``expect_version``): two moderators cannot silently
   overwrite each other;
2. builds the new knowledge base in memory and runs the same rules the loader
   runs on ``data/`` (``loader.validate``), plus the links between live and
   retired entries; any new problem refuses the change and nothing is written;
3. writes the row with its ``version`` bumped and ``origin = 'moderator'``,
   appends an audit row (who, platform, when, before, after, reason) and bumps
   the knowledge-base revision, so every bot process reloads.

Nothing is deleted: retiring hides an entry from answers and keeps it, and
``revert`` writes an old version back as a new, logged change. Audit rows of
moderators never carry the platform ``data``, which is how ``Store._merge``
knows to leave their entries alone when the shipped files change.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from enum import Enum
from typing import TYPE_CHECKING, Any, Literal

from rapidfuzz import fuzz, process

from bot.core.loader import KnowledgeData
from bot.core.models import Alias, Fact, FaqEntry, Source
from bot.core.store import (
    Store,
    _alias_row,
    _fact_row,
    _faq_row,
    _source_row,
    _to_alias,
    _to_fact,
    _to_faq,
    _to_source,
    now,
)
from bot.core.text import fold, numbers_in
from bot.core.validation import (
    MAX_ID,
    MAX_QUESTION,
    MAX_TITLE,
    Problem,
    ValidationError,
    check_alias,
    check_fact,
    check_faq,
    check_source,
    check_text,
    missing_numbers,
    quote_in_source,
)

if TYPE_CHECKING:
    from bot.core.service import KnowledgeBase

Entity = Literal["fact", "faq", "alias", "source"]
Action = Literal["create", "update", "retire", "restore", "revert"]
Value = Fact | FaqEntry | Alias | Source

ENTITIES: tuple[Entity, ...] = ("source", "fact", "faq", "alias")
"""In the order their rows depend on each other (facts cite sources, FAQ entries link facts)."""
TABLES: Mapping[Entity, tuple[str, str]] = {
    "fact": ("facts", "id"), "faq": ("faq", "id"), "alias": ("aliases", "canonical"), "source": ("sources", "id"),
}
ALIAS_KINDS = ("person", "company", "country", "place", "product", "term")
MAX_ACTOR = 100
MAX_REASON = 500
ORIGIN = "moderator"

_STOPWORDS = frozenset(
    "a an the of to in on at for and or is are was were will be by with from its it this that what how who "
    "which where when why does do did has have can".split()
)
_RAW_NUMBER = re.compile(r"\d{1,3}(?:[,.\u202f\u00a0' ]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")


class CurationError(ValueError):
    """A refusal worded for the moderator; nothing was changed."""


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
class Record:
    """One entry as stored: its value, its version and whether it is retired."""

    entity: Entity
    id: str
    value: Value
    version: int
    retired: bool
    origin: str | None = None
    updated_at: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The entry in the ``data/`` YAML shape, plus ``retired`` and ``version``."""
        return {**value_dict(self.value), "retired": self.retired, "version": self.version}

    def summary(self) -> str:
        """One line a moderator recognises the entry by."""
        value = self.value
        if isinstance(value, Fact):
            text = value.statement
        elif isinstance(value, FaqEntry):
            text = f"{value.question} → {value.answer}"
        elif isinstance(value, Alias):
            text = f"{value.canonical} ({value.kind}): {', '.join(value.aliases)}"
        else:
            text = value.title or value.id
        return text + (" [retired]" if self.retired else "")


@dataclass(frozen=True)
class Change:
    """A saved change: the entry as it now is and as it was."""

    action: Action
    record: Record
    previous: Record | None
    audit_id: int

    def to_json(self) -> dict[str, Any]:
        """The entry, as ``--json`` prints it."""
        return self.record.to_json()


@dataclass(frozen=True)
class Version:
    """One version of an entry, from the audit log."""

    entity: str
    id: str
    version: int
    action: str
    actor: str
    platform: str
    at: str
    reason: str | None
    record: Record | None
    """The entry as this version left it (None if the log has no snapshot)."""
    note: str | None = None

    def to_json(self) -> dict[str, Any]:
        """One item of ``history --json``."""
        return {
            "version": self.version, "action": self.action, "actor": self.actor, "platform": self.platform,
            "at": self.at, "reason": self.reason, "entry": self.record.to_json() if self.record else None,
            "note": self.note,
        }


# -- the entry shapes shared with export ----------------------------------------------------------------


def value_dict(value: Value) -> dict[str, Any]:
    """An entry in the key order of the ``data/`` YAML files (export writes exactly this)."""
    if isinstance(value, Fact):
        return {"id": value.id, "statement": value.statement, "topics": list(value.topics),
                "entities": list(value.entities), "source": value.source_id, "quote": value.quote}
    if isinstance(value, FaqEntry):
        return {"id": value.id, "question": value.question, "answer": value.answer, "facts": list(value.facts),
                "topics": list(value.topics), "phrasings": list(value.phrasings)}
    if isinstance(value, Alias):
        return {"canonical": value.canonical, "kind": value.kind, "aliases": list(value.aliases)}
    return {"id": value.id, "title": value.title, "publisher": value.publisher, "published": value.published,
            "url": value.url, "language": value.language, "notes": value.notes, "text": value.text}


def entity_of(value: Value) -> Entity:
    """Which kind of entry a value is."""
    if isinstance(value, Fact):
        return "fact"
    if isinstance(value, FaqEntry):
        return "faq"
    if isinstance(value, Alias):
        return "alias"
    return "source"


def key_of(value: Value) -> str:
    """An entry's id (an alias is known by its canonical name)."""
    return value.canonical if isinstance(value, Alias) else value.id


def content(value: Value) -> Value:
    """The value without its stored version and retired flag, for comparing what it says."""
    if isinstance(value, Fact | FaqEntry):
        return replace(value, retired=False, version=1)
    return value


def _row(value: Value) -> dict[str, Any]:
    if isinstance(value, Fact):
        return _fact_row(value)
    if isinstance(value, FaqEntry):
        return _faq_row(value)
    if isinstance(value, Alias):
        return _alias_row(value)
    return _source_row(value)


def _value(entity: Entity, row: Mapping[str, Any], phrasings: Sequence[str]) -> Value:
    data = dict(row)
    if entity == "fact":
        return _to_fact(data)
    if entity == "faq":
        return _to_faq(data, list(phrasings))
    if entity == "alias":
        return _to_alias(data)
    return _to_source(data)


def _record(entity: Entity, snapshot: Mapping[str, Any], phrasings: Sequence[str] | None = None) -> Record:
    listed = phrasings if phrasings is not None else snapshot.get("phrasings") or ()
    value = _value(entity, snapshot, listed)
    return Record(entity, key_of(value), value, int(snapshot.get("version") or 1), bool(snapshot.get("retired")),
                  snapshot.get("origin"), snapshot.get("updated_at"))


# -- the curator ---------------------------------------------------------------------------------------


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
        record = self._load(entity, entry_id)
        if record is None:
            raise NotFoundError(f"no {entity} {entry_id!r} (list them with `{_family(entity)} list`)")
        return record

    def find(self, entity: Entity, entry_id: str) -> Record | None:
        """One entry (retired or not), or None."""
        return self._load(entity, entry_id)

    def entries(self, entity: Entity, *, include_retired: bool = False) -> list[Record]:
        """The entries of one kind, sorted by id."""
        table, pk = TABLES[entity]
        where = None if include_retired else "retired = 0"
        phrasings = self._phrasings() if entity == "faq" else {}
        rows = self.store.db.table(table).rows_where(where, order_by=pk)
        return [_record(entity, r, phrasings.get(r[pk], [])) for r in rows]

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
        rows = self.store.db.query(
            "select * from audit where entity = ? and entity_id = ? order by version, id", [entity, entry_id]
        )
        return [_version(entity, r) for r in rows]

    # -- facts ----------------------------------------------------------------------------------------

    def add_fact(self, actor: Actor, *, statement: str, source_id: str, quote: str, topics: Iterable[str] = (),
                 entities: Iterable[str] = (), fact_id: str | None = None, reason: str | None = None) -> Change:
        """A new fact: its quote must be verbatim in the source and back every number of the statement."""
        with self.transaction():
            new_id = fact_id or self._new_id("fact", statement)
            fact = Fact(new_id, statement.strip(), source_id.strip(), quote.strip(), _clean(topics), _clean(entities))
            return self._save(actor, "create", fact, retired=False, reason=reason, create=True)

    def edit_fact(self, actor: Actor, fact_id: str, *, statement: str | None = None, quote: str | None = None,
                  source_id: str | None = None, topics: Iterable[str] | None = None,
                  entities: Iterable[str] | None = None, expect_version: int | None = None,
                  reason: str | None = None) -> Change:
        """Change what a fact says or where it comes from; fields left None stay as they are."""
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
            )
            return self._save(actor, "update", fact, retired=current.retired, reason=reason, current=current)

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
            current = self._load("alias", canonical)
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
            if isinstance(value, FaqEntry) and target.note:
                value = replace(value, phrasings=_phrasings_of(current))
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
        outer = self.store.db.conn.in_transaction
        with self.store.write():
            yield
        if self.on_change is not None and not outer:
            self.on_change()

    def _save(self, actor: Actor, action: Action, value: Value, *, retired: bool, reason: str | None,
              current: Record | None = None, create: bool = False) -> Change:
        """Validate the knowledge base as it would be after the change, then write, log and bump the revision."""
        entity = entity_of(value)
        entry_id = key_of(value)
        wrong = actor.problems()
        if reason is not None and len(reason) > MAX_REASON:
            wrong.append(f"the reason is {len(reason)} characters; at most {MAX_REASON}")
        if wrong:
            raise CurationError("; ".join(wrong))
        if create:
            existing = self._load(entity, entry_id)
            if existing is not None:
                state = "a retired" if existing.retired else "an"
                raise CurationError(
                    f"{entity} {entry_id!r} is already {state} entry (ids are never reused; "
                    f"{'restore it or ' if existing.retired else ''}choose another id)"
                )
        elif current is not None and content(current.value) == content(value) and current.retired == retired:
            raise CurationError(f"nothing to change: {entity} {entry_id!r} already says that (version "
                                f"{current.version})")
        self._validate(entity, value, retired)
        return self.write_entry(actor, action, value, retired=retired, reason=reason, previous=current)

    def write_entry(self, actor: Actor, action: Action, value: Value, *, retired: bool, reason: str | None,
                    previous: Record | None) -> Change:
        """Write one already validated entry, log it and bump the revision (inside the caller's transaction).

        Used by ``_save`` and by imports, which validate the whole knowledge base at once.
        """
        wrong = actor.problems()
        if wrong:
            raise CurationError("; ".join(wrong))
        entity = entity_of(value)
        entry_id = key_of(value)
        table, pk = TABLES[entity]
        db = self.store.db
        version = previous.version + 1 if previous else 1
        row = {**_row(value), "retired": int(retired), "version": version, "origin": ORIGIN, "updated_at": now()}
        db.table(table).upsert(row, pk=pk)
        if isinstance(value, FaqEntry):
            db.execute("delete from faq_phrasings where faq_id = ?", [entry_id])
            db.table("faq_phrasings").insert_all({"faq_id": entry_id, "text": p} for p in value.phrasings)
        after = self._snapshot(entity, entry_id)
        assert after is not None
        before = self._snapshot_of(previous) if previous else None
        audit_id = db.table("audit").insert({
            "entity": entity, "entity_id": entry_id, "version": version, "action": action, "actor": actor.name,
            "platform": actor.platform, "at": row["updated_at"],
            "before": json.dumps(before, ensure_ascii=False) if before else None,
            "after": json.dumps(after, ensure_ascii=False), "reason": reason,
        }).last_pk
        self.store.bump_revision()
        return Change(action, _record(entity, after), previous, int(audit_id or 0))

    # -- helpers ------------------------------------------------------------------------------------------

    def _validate(self, entity: Entity, value: Value, retired: bool) -> None:
        """Run the data rules on the entry and on everything resting on it; refuse on any new problem.

        Only the entries a change can affect are checked (the entry, the facts quoting a source,
        the FAQ entries linking a fact), before and after, so an edit costs milliseconds and a
        problem that was already there does not block an unrelated fix.
        """
        before = self.store.knowledge(include_retired=True)
        after = _with(before, value, retired)
        known = set(_affected_problems(before, value))
        problems = [p for p in _affected_problems(after, value) if p not in known]
        problems += _number_hints(value, after)
        if isinstance(value, Fact):
            for name in value.entities:
                problems += check_text(f"fact {value.id!r}", "entity", name, MAX_TITLE)
        problems += self._links(entity, value, retired, after)
        if problems:
            raise ValidationError(problems)

    def _links(self, entity: Entity, value: Value, retired: bool, after: KnowledgeData) -> list[Problem]:
        """Live entries rest only on live ones: an answer never cites a retired fact or source."""
        gone: dict[Entity, set[str]] = {e: self._retired_ids(e) for e in ENTITIES}
        key = key_of(value)
        if retired:
            gone[entity].add(key)
        else:
            gone[entity].discard(key)
        where = f"{entity} {key!r}"
        problems: list[Problem] = []
        if isinstance(value, FaqEntry) and not retired:
            problems += [Problem(where, f"fact {f!r} is retired; restore it or link another fact")
                         for f in value.facts if f in gone["fact"]]
        if isinstance(value, Fact) and not retired and value.source_id in gone["source"]:
            problems.append(Problem(where, f"source {value.source_id!r} is retired; restore it first"))
        if isinstance(value, Fact) and retired:
            users = [e.id for e in after.faq if key in e.facts and e.id not in gone["faq"]]
            if users:
                problems.append(Problem(where, f"FAQ entries {', '.join(users)} rest on this fact; "
                                               "link them to other facts or retire them first"))
        if isinstance(value, Source) and retired:
            users = [f.id for f in after.facts if f.source_id == key and f.id not in gone["fact"]]
            if users:
                problems.append(Problem(where, f"facts {', '.join(users)} quote this source; retire them first"))
        if isinstance(value, Source):
            broken = [f.id for f in after.facts
                      if f.source_id == key and f.quote.strip() and not quote_in_source(f.quote, value.text)]
            if broken:
                problems.append(Problem(where, "the new text would break the verbatim quotes of facts "
                                               f"{', '.join(broken)}; a source's text keeps every quote taken from it"))
        return problems

    def _phrasings_after(self, entry: FaqEntry, old: Sequence[str], added: Sequence[str],
                         removed: Sequence[str]) -> tuple[str, ...]:
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
        owners: dict[str, str] = {}
        rows = self.store.db.query(
            "select p.faq_id, p.text, f.question from faq_phrasings p join faq f on f.id = p.faq_id "
            "where f.retired = 0 and f.id != ?", [exclude]
        )
        for r in rows:
            owners.setdefault(fold(r["text"]), r["faq_id"])
            owners.setdefault(fold(r["question"]), r["faq_id"])
        return owners

    def _current(self, entity: Entity, entry_id: str, expect_version: int | None) -> Record:
        current = self.get(entity, entry_id)
        self._check_version(current, expect_version)
        return current

    def _check_version(self, current: Record, expect_version: int | None) -> None:
        if expect_version is not None and expect_version != current.version:
            history = self.history(current.entity, current.id)
            raise ConflictError(current, expect_version, history[-1] if history else None)

    def _load(self, entity: Entity, entry_id: str) -> Record | None:
        snapshot = self._snapshot(entity, entry_id)
        return _record(entity, snapshot) if snapshot else None

    def _snapshot(self, entity: Entity, entry_id: str) -> dict[str, Any] | None:
        """The stored row as the audit log keeps it (an FAQ entry with its phrasings)."""
        table, pk = TABLES[entity]
        rows = list(self.store.db.query(f"select * from [{table}] where [{pk}] = ?", [entry_id]))
        if not rows:
            return None
        snapshot = dict(rows[0])
        if entity == "faq":
            listed = self.store.db.query("select text from faq_phrasings where faq_id = ? order by id", [entry_id])
            snapshot["phrasings"] = [r["text"] for r in listed]
        return snapshot

    def _snapshot_of(self, record: Record) -> dict[str, Any]:
        return {**_row(record.value), "retired": int(record.retired), "version": record.version,
                "origin": record.origin, "updated_at": record.updated_at,
                **({"phrasings": list(record.value.phrasings)} if isinstance(record.value, FaqEntry) else {})}

    def _phrasings(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for r in self.store.db.query("select faq_id, text from faq_phrasings order by id"):
            out.setdefault(r["faq_id"], []).append(r["text"])
        return out

    def _retired_ids(self, entity: Entity) -> set[str]:
        table, pk = TABLES[entity]
        return {r[pk] for r in self.store.db.query(f"select [{pk}] from [{table}] where retired = 1")}

    def _new_id(self, entity: Entity, text: str) -> str:
        """An id from the first words of a statement or question, unique among every id ever used."""
        table, pk = TABLES[entity]
        taken = {r[pk] for r in self.store.db.query(f"select [{pk}] from [{table}]")}
        words = [w for w in re.findall(r"[a-z0-9]+", fold(text)) if w not in _STOPWORDS][:6]
        base = "-".join(words)[: MAX_ID - 4].strip("-") or entity
        candidate, n = base, 2
        while candidate in taken:
            candidate, n = f"{base}-{n}", n + 1
        return candidate


# -- module helpers ----------------------------------------------------------------------------------------


def _family(entity: Entity) -> str:
    return {"fact": "facts", "faq": "faq", "alias": "aliases", "source": "sources"}[entity]


def _clean(values: Iterable[str]) -> tuple[str, ...]:
    """Trimmed, without blanks and repeats, in the order given."""
    out: list[str] = []
    for value in values:
        value = value.strip()
        if value and value not in out:
            out.append(value)
    return tuple(out)


def _phrasings_of(record: Record) -> tuple[str, ...]:
    return record.value.phrasings if isinstance(record.value, FaqEntry) else ()


def _with(data: KnowledgeData, value: Value, retired: bool) -> KnowledgeData:
    """The knowledge base with one entry added or replaced."""
    if isinstance(value, Fact | FaqEntry):
        value = replace(value, retired=retired)

    def put(items: tuple[Any, ...]) -> tuple[Any, ...]:
        key = key_of(value)
        out = tuple(value if key_of(i) == key else i for i in items)
        return out if any(key_of(i) == key for i in items) else (*items, value)

    if isinstance(value, Fact):
        return replace(data, facts=put(data.facts))
    if isinstance(value, FaqEntry):
        return replace(data, faq=put(data.faq))
    if isinstance(value, Alias):
        return replace(data, aliases=put(data.aliases))
    return replace(data, sources=put(data.sources))


def _affected_problems(data: KnowledgeData, value: Value) -> list[Problem]:
    """The rules of ``bot.core.validation`` for one entry and the entries that rest on it."""
    sources = {s.id: s for s in data.sources}
    topics = {t.id: t for t in data.topics}
    facts = {f.id: f for f in data.facts}
    key = key_of(value)
    problems: list[Problem] = []
    if isinstance(value, Source):
        problems += check_source(sources[key]) if key in sources else []
        problems += [p for f in data.facts if f.source_id == key for p in check_fact(f, sources, topics)]
    elif isinstance(value, Fact):
        problems += check_fact(facts[key], sources, topics) if key in facts else []
        problems += [p for e in data.faq if key in e.facts for p in check_faq(e, facts, topics)]
    elif isinstance(value, FaqEntry):
        problems += [p for e in data.faq if e.id == key for p in check_faq(e, facts, topics)]
    else:
        problems += [p for a in data.aliases if a.canonical == key for p in check_alias(a)]
    return problems


def link_problems(data: KnowledgeData, retired: Mapping[Entity, set[str]]) -> list[Problem]:
    """Across a whole knowledge base: no live FAQ entry links a retired fact, no live fact quotes a retired source."""
    problems: list[Problem] = []
    for entry in data.faq:
        if entry.id not in retired.get("faq", set()):
            problems += [Problem(f"faq {entry.id!r}", f"links fact {f!r}, which is retired")
                         for f in entry.facts if f in retired.get("fact", set())]
    for fact in data.facts:
        if fact.id not in retired.get("fact", set()) and fact.source_id in retired.get("source", set()):
            problems.append(Problem(f"fact {fact.id!r}", f"quotes source {fact.source_id!r}, which is retired"))
    return problems


def _raw_numbers(text: str) -> list[str]:
    """Numbers as written ("18,000", "1.5"), in order, once each."""
    out: list[str] = []
    for raw in _RAW_NUMBER.findall(text):
        if raw not in out:
            out.append(raw)
    return out


def _number_hints(value: Value, data: KnowledgeData) -> list[Problem]:
    """Show a refused number next to the numbers its quotes do give, so 1,800 for 18,000 is plain to see."""
    if isinstance(value, Fact):
        label, text, quotes, where = "statement", value.statement, [value.quote], f"fact {value.id!r}"
    elif isinstance(value, FaqEntry):
        facts = {f.id: f for f in data.facts}
        if any(f not in facts for f in value.facts):
            return []
        label, text, where = "answer", value.answer, f"faq {value.id!r}"
        quotes = [facts[f].quote for f in value.facts]
    else:
        return []
    missing = missing_numbers(text, quotes)
    if not missing:
        return []
    typed = [n for n in _raw_numbers(text) if numbers_in(n) & missing]
    backed = [n for q in quotes for n in _raw_numbers(q)]
    said = ", ".join(dict.fromkeys(backed)) if backed else "no number"
    quoted = "its facts' quotes say" if isinstance(value, FaqEntry) else "its quote says"
    return [Problem(where, f"mismatch: the {label} says {', '.join(typed)} but {quoted} {said}")]


def _version(entity: Entity, row: Mapping[str, Any]) -> Version:
    after = json.loads(row["after"]) if row.get("after") else None
    note = None
    if entity == "faq" and after is not None and "phrasings" not in after:
        note = "the phrasings of this version were not recorded (shipped data); a revert keeps the current ones"
    record = _record(entity, after) if after else None
    return Version(entity, str(row["entity_id"]), int(row["version"] or 0), str(row["action"] or ""),
                   str(row["actor"] or ""), str(row["platform"] or ""), str(row["at"] or ""), row.get("reason"),
                   record, note)


def family_entity(name: str) -> Entity:
    """The entity behind a command family name (``facts`` -> ``fact``)."""
    mapping: dict[str, Entity] = {"facts": "fact", "fact": "fact", "faq": "faq", "aliases": "alias",
                                  "alias": "alias", "sources": "source", "source": "source"}
    if name not in mapping:
        raise CurationError(f"unknown kind of entry {name!r}")
    return mapping[name]
