"""What the knowledge base holds, described once: facts, FAQ entries, aliases, sources and topics.

Each kind of entry is a :class:`Kind` in :data:`REGISTRY`: its table and key
column, how its value becomes a database row and back, how it becomes an
entry of the ``data/`` YAML files and back (in their key order, which export
writes), what moderators call it (the summary line, the command family) and
what the audit log keeps of it (a snapshot: the row, its state and its
phrasings). Code that needs any of these looks the kind up here rather than
asking ``isinstance``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Generic, Literal, TypeVar, cast

from bot.core.loader import KnowledgeData
from bot.core.models import Alias, Fact, FaqEntry, Source, Topic

Entity = Literal["fact", "faq", "alias", "source", "topic"]
Value = Fact | FaqEntry | Alias | Source | Topic
V = TypeVar("V", Fact, FaqEntry, Alias, Source, Topic)

STATE_COLUMNS = ("retired", "version", "origin", "updated_at")
"""Columns every entry table has beside the value's own: kept on the record, not on the value."""


@dataclass(frozen=True)
class Children:
    """A list held in a table of its own (an FAQ entry's phrasings), replaced whole on every write."""

    table: str
    parent_column: str
    column: str
    field: str
    """The value's attribute, and the key the audit snapshot lists them under."""


@dataclass(frozen=True)
class Kind(Generic[V]):
    """Everything the code needs to know about one kind of entry."""

    entity: Entity
    """The name in the audit log, in messages and in ``Record.entity``."""
    type: type[V]
    table: str
    key_column: str
    """The key's column, and the value's attribute of the same name."""
    family: str
    """The command family moderators use (``python -m bot facts ...``)."""
    data_field: str
    """The attribute of ``KnowledgeData`` holding these values."""
    yaml_file: str
    """Where export writes them: one list file, or one file per entry when it holds ``{key}``."""
    to_row: Callable[[V], dict[str, Any]]
    """The value's own columns (without the state columns and the children)."""
    from_row: Callable[[Mapping[str, Any]], V]
    """A row (with the state columns, and the children listed under their field) back to a value."""
    to_yaml: Callable[[V], dict[str, Any]]
    """The entry in the key order of ``data/`` (without ``retired`` and ``version``)."""
    from_yaml: Callable[[Mapping[str, Any]], V]
    describe: Callable[[V], str]
    """The one line a moderator recognises the entry by."""
    children: Children | None = None
    versioned_value: bool = False
    """True when the value itself carries ``retired`` and ``version`` (facts and FAQ entries)."""
    listing_omits: tuple[str, ...] = ()
    """Fields too long for a listing (a source's full text)."""

    def key(self, value: V) -> str:
        """The entry's id (an alias is known by its canonical name)."""
        return str(getattr(value, self.key_column))

    @property
    def one_file_each(self) -> bool:
        """True when export writes one file per entry (the sources)."""
        return "{key}" in self.yaml_file

    def retired_of(self, value: V) -> bool:
        """Whether the value says it is retired (only facts and FAQ entries can say so)."""
        return bool(cast(Any, value).retired) if self.versioned_value else False

    def with_state(self, value: V, *, retired: bool = False, version: int = 1) -> V:
        """The value carrying the given state, where it carries state at all."""
        if self.versioned_value:
            changed: V = replace(cast(Any, value), retired=retired, version=version)
            return changed
        return value

    def content(self, value: V) -> V:
        """The value without its stored state, for comparing what two versions say."""
        return self.with_state(value)

    def children_of(self, value: V) -> tuple[str, ...]:
        """The value's child list (its phrasings), or nothing."""
        return tuple(getattr(value, self.children.field)) if self.children else ()

    def with_children(self, value: V, items: Sequence[str]) -> V:
        """The value with another child list."""
        if self.children is None:
            return value
        changed: V = replace(cast(Any, value), **{self.children.field: tuple(items)})
        return changed

    def values(self, data: KnowledgeData) -> tuple[V, ...]:
        """The values of this kind in a knowledge base."""
        found: tuple[V, ...] = getattr(data, self.data_field)
        return found


def _ids(raw: Any) -> tuple[str, ...]:
    return tuple(json.loads(raw or "[]"))


def _strs(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    return (str(value),) if isinstance(value, str) else tuple(str(v) for v in value)


def _opt(value: Any) -> str | None:
    return None if value is None or str(value).strip() == "" else str(value)


def _fact_yaml(f: Fact) -> dict[str, Any]:
    body: dict[str, Any] = {"id": f.id, "statement": f.statement, "topics": list(f.topics),
                            "entities": list(f.entities), "source": f.source_id, "quote": f.quote}
    for name in FACT_OPTIONAL:
        if getattr(f, name) is not None:
            body[name] = getattr(f, name)
    return body


FACT_OPTIONAL = ("as_of", "superseded_by")
"""A fact's fields that most facts leave empty: in its YAML and JSON only when set, so older files and the
``--json`` shape of every other fact stay as they were."""

FACT: Kind[Fact] = Kind(
    entity="fact", type=Fact, table="facts", key_column="id", family="facts", data_field="facts",
    yaml_file="facts.yaml",
    to_row=lambda f: {"id": f.id, "statement": f.statement, "source_id": f.source_id, "quote": f.quote,
                      "topics": json.dumps(list(f.topics)), "entities": json.dumps(list(f.entities)),
                      "as_of": f.as_of, "superseded_by": f.superseded_by},
    from_row=lambda r: Fact(r["id"], r["statement"], r["source_id"], r["quote"], _ids(r["topics"]),
                            _ids(r["entities"]), bool(r.get("retired")), int(r.get("version") or 1),
                            as_of=_opt(r.get("as_of")), superseded_by=_opt(r.get("superseded_by"))),
    to_yaml=_fact_yaml,
    from_yaml=lambda y: Fact(str(y["id"]), str(y["statement"]), str(y["source"]), str(y.get("quote") or ""),
                             _strs(y.get("topics")), _strs(y.get("entities")), as_of=_opt(y.get("as_of")),
                             superseded_by=_opt(y.get("superseded_by"))),
    describe=lambda f: f.statement + (f" [superseded by {f.superseded_by}]" if f.superseded_by else ""),
    versioned_value=True,
)

FAQ: Kind[FaqEntry] = Kind(
    entity="faq", type=FaqEntry, table="faq", key_column="id", family="faq", data_field="faq", yaml_file="faq.yaml",
    to_row=lambda e: {"id": e.id, "question": e.question, "answer": e.answer, "facts": json.dumps(list(e.facts)),
                      "topics": json.dumps(list(e.topics))},
    from_row=lambda r: FaqEntry(r["id"], r["question"], r["answer"], _ids(r["facts"]), _strs(r.get("phrasings")),
                                _ids(r["topics"]), bool(r.get("retired")), int(r.get("version") or 1)),
    to_yaml=lambda e: {"id": e.id, "question": e.question, "answer": e.answer, "facts": list(e.facts),
                       "topics": list(e.topics), "phrasings": list(e.phrasings)},
    from_yaml=lambda y: FaqEntry(str(y["id"]), str(y["question"]), str(y["answer"]), _strs(y.get("facts")),
                                 _strs(y.get("phrasings")), _strs(y.get("topics"))),
    describe=lambda e: f"{e.question} → {e.answer}",
    children=Children("faq_phrasings", "faq_id", "text", "phrasings"),
    versioned_value=True,
)

ALIAS: Kind[Alias] = Kind(
    entity="alias", type=Alias, table="aliases", key_column="canonical", family="aliases", data_field="aliases",
    yaml_file="aliases.yaml",
    to_row=lambda a: {"canonical": a.canonical, "kind": a.kind, "aliases": json.dumps(list(a.aliases)), "home": a.home},
    from_row=lambda r: Alias(r["canonical"], r["kind"] or "term", _ids(r["aliases"]), r.get("home") or None),
    to_yaml=lambda a: {"canonical": a.canonical, "kind": a.kind, **({"home": a.home} if a.home else {}),
                       "aliases": list(a.aliases)},
    from_yaml=lambda y: Alias(str(y["canonical"]), str(y.get("kind") or "term"), _strs(y.get("aliases")),
                              str(y["home"]) if y.get("home") else None),
    describe=lambda a: f"{a.canonical} ({a.kind}): {', '.join(a.aliases)}",
)

SOURCE: Kind[Source] = Kind(
    entity="source", type=Source, table="sources", key_column="id", family="sources", data_field="sources",
    yaml_file="sources/{key}.yaml",
    to_row=lambda s: {"id": s.id, "title": s.title, "publisher": s.publisher, "published": s.published,
                      "url": s.url, "language": s.language, "notes": s.notes, "text": s.text},
    from_row=lambda r: Source(r["id"], r["title"], r["publisher"], r["published"], r["url"], r["language"] or "en",
                              r["text"], r["notes"]),
    to_yaml=lambda s: {"id": s.id, "title": s.title, "publisher": s.publisher, "published": s.published,
                       "url": s.url, "language": s.language, "notes": s.notes, "text": s.text},
    from_yaml=lambda y: Source(str(y["id"]), _opt(y.get("title")), _opt(y.get("publisher")),
                               _opt(y.get("published")), _opt(y.get("url")), str(y.get("language") or "en"),
                               str(y["text"]), _opt(y.get("notes"))),
    describe=lambda s: s.title or s.id,
    listing_omits=("text",),
)

TOPIC: Kind[Topic] = Kind(
    entity="topic", type=Topic, table="topics", key_column="id", family="topics", data_field="topics",
    yaml_file="topics.yaml",
    to_row=lambda t: {"id": t.id, "title": t.title, "description": t.description},
    from_row=lambda r: Topic(r["id"], r["title"], r["description"] or ""),
    to_yaml=lambda t: {"id": t.id, "title": t.title, "description": t.description},
    from_yaml=lambda y: Topic(str(y["id"]), str(y["title"]), str(y.get("description") or "")),
    describe=lambda t: f"{t.title}: {t.description}" if t.description else t.title,
)

REGISTRY: Mapping[Entity, Kind[Any]] = {k.entity: k for k in (SOURCE, TOPIC, FACT, FAQ, ALIAS)}
"""Every kind, in the order their entries rest on each other (facts cite sources and topics, FAQ entries link
facts): written, exported and imported in this order."""
ENTITIES: tuple[Entity, ...] = tuple(REGISTRY)
_BY_TYPE: Mapping[type, Kind[Any]] = {k.type: k for k in REGISTRY.values()}
_BY_NAME: Mapping[str, Kind[Any]] = {name: k for k in REGISTRY.values() for name in (k.entity, k.family)}


def kind(entity: str) -> Kind[Any]:
    """The kind named by its entity (``fact``) or its command family (``facts``); KeyError if none."""
    return _BY_NAME[entity]


def kind_of(value: Value) -> Kind[Any]:
    """The kind a value is."""
    return _BY_TYPE[type(value)]


def key_of(value: Value) -> str:
    """A value's id (an alias is known by its canonical name)."""
    return kind_of(value).key(value)


def with_values(data: KnowledgeData, values: Mapping[str, tuple[Any, ...]]) -> KnowledgeData:
    """A knowledge base with the values of some kinds replaced (keyed by ``Kind.data_field``)."""
    changes: dict[str, Any] = dict(values)
    return replace(data, **changes)


def value_dict(value: Value) -> dict[str, Any]:
    """An entry in the key order of the ``data/`` YAML files (export writes exactly this)."""
    return kind_of(value).to_yaml(value)


# -- entries as stored, and their versions ------------------------------------------------------------


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

    @classmethod
    def of(cls, entity: Entity, snapshot: Mapping[str, Any]) -> Record:
        """A record from a row with its state columns (and children), as stored or as the audit log keeps it."""
        k = REGISTRY[entity]
        value = k.from_row(snapshot)
        return cls(entity, k.key(value), value, int(snapshot.get("version") or 1), bool(snapshot.get("retired")),
                   snapshot.get("origin"), snapshot.get("updated_at"))

    @property
    def kind(self) -> Kind[Any]:
        """The record's kind."""
        return REGISTRY[self.entity]

    def row(self) -> dict[str, Any]:
        """The table row: the value's columns and the state columns."""
        return {**self.kind.to_row(self.value), "retired": int(self.retired), "version": self.version,
                "origin": self.origin, "updated_at": self.updated_at}

    def snapshot(self) -> dict[str, Any]:
        """What the audit log keeps of this version: the row, with the children listed."""
        children = self.kind.children
        return {**self.row(), **({children.field: list(self.kind.children_of(self.value))} if children else {})}

    def to_json(self) -> dict[str, Any]:
        """The entry in the ``data/`` YAML shape, plus ``retired`` and ``version``."""
        return {**self.kind.to_yaml(self.value), "retired": self.retired, "version": self.version}

    def summary(self) -> str:
        """One line a moderator recognises the entry by."""
        return self.kind.describe(self.value) + (" [retired]" if self.retired else "")


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
