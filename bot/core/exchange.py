"""Export the knowledge base to the YAML files of ``data/`` and import such files back.

The export is stable and diff-friendly: entries sorted by id, keys always in
the same order, lists of ids on one line, source texts as block scalars, and
retired entries kept with ``retired: true``. Exporting, importing and exporting
again gives the same bytes, and an import of an unchanged export changes
nothing.

An import is all or nothing: the folder is read and checked with the loader's
rules (``loader.load_data`` runs ``loader.validate``), then the knowledge base
as it would be afterwards is checked again, and only then is every change
written in one transaction, each with its own audit row, by the moderator who
ran it. Entries the folder does not mention are left as they are (nothing is
ever deleted).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from bot.core.curation import (
    ENTITIES,
    Action,
    Actor,
    CurationError,
    Curator,
    Entity,
    Record,
    Value,
    content,
    entity_of,
    key_of,
    link_problems,
    value_dict,
)
from bot.core.loader import DataError, KnowledgeData, load_data, validate
from bot.core.models import Fact, FaqEntry, Topic
from bot.core.store import Store, now
from bot.core.validation import ValidationError

HEADER = "# Exported by `python -m bot export`: the format of data/ (see data/README.md).\n"
FILES: Mapping[Entity, str] = {"fact": "facts.yaml", "faq": "faq.yaml", "alias": "aliases.yaml"}
_FLOW_KEYS = frozenset({"topics", "entities", "facts", "aliases"})
"""An entry's short lists of ids and names, written on one line as in data/ (phrasings one per line)."""


@dataclass(frozen=True)
class ExportResult:
    """The files written and how many entries of each kind."""

    directory: Path
    files: tuple[Path, ...]
    counts: Mapping[str, int]


@dataclass(frozen=True)
class ImportChange:
    """One entry an import created, changed, retired or restored."""

    entity: str
    id: str
    action: str
    version: int | None = None

    def to_json(self) -> dict[str, Any]:
        """One item of ``import --json``."""
        return {"entity": self.entity, "id": self.id, "action": self.action, "version": self.version}


@dataclass(frozen=True)
class ImportResult:
    """What an import did (or, in a dry run, would do)."""

    changes: tuple[ImportChange, ...]
    unchanged: int
    kept: int
    """Entries in the database that the folder does not mention, left as they are."""
    dry_run: bool = False
    revision: int | None = field(default=None, compare=False)


# -- export ---------------------------------------------------------------------------------------------


def export(store: Store, directory: Path) -> ExportResult:
    """Write the whole knowledge base, retired entries included, as ``data/``-style YAML files."""
    curator = Curator(store)
    records = {e: curator.entries(e, include_retired=True) for e in ENTITIES}
    data = store.knowledge(include_retired=True)
    sources_dir = directory / "sources"
    wanted = {f"{r.id}.yaml" for r in records["source"]}
    stale = sorted(p.name for p in sources_dir.glob("*.yaml") if p.name not in wanted) if sources_dir.exists() else []
    if stale:
        raise CurationError(
            f"{sources_dir} holds {', '.join(stale)}, which the knowledge base has no source for; "
            "export to an empty folder (an import would read them)"
        )
    sources_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    def put(path: Path, body: Any) -> None:
        path.write_text(HEADER + dump(body), encoding="utf-8")
        written.append(path)

    for record in records["source"]:
        put(sources_dir / f"{record.id}.yaml", _entry(record))
    put(directory / "topics.yaml", [{"id": t.id, "title": t.title, "description": t.description}
                                    for t in sorted(data.topics, key=lambda t: t.id)])
    for entity, name in FILES.items():
        put(directory / name, [_entry(r) for r in records[entity]])
    put(directory / "lexicon.yaml", {lang: dict(sorted(table.items())) for lang, table in sorted(data.lexicon.items())})
    gazetteer = {kind: sorted(set(names)) for kind, names in sorted(data.gazetteer.items())}
    put(directory / "gazetteer.yaml", gazetteer)
    put(directory / "overview.yaml", {"facts": list(data.overview)})
    counts = {e: len(records[e]) for e in ENTITIES} | {"topic": len(data.topics)}
    return ExportResult(directory, tuple(written), counts)


def entry_yaml(record: Record) -> str:
    """One entry as it would be exported, with its version: what ``show`` prints."""
    return dump({**_entry(record), "version": record.version})


def _entry(record: Record) -> dict[str, Any]:
    body = {k: _Flow(v) if k in _FLOW_KEYS else v for k, v in value_dict(record.value).items()}
    if record.retired:
        body["retired"] = True
    return body


class _Dumper(yaml.SafeDumper):
    """Block lists indented under their key, as people write them."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)

    def ignore_aliases(self, data: Any) -> bool:
        return True


class _Flow(list[Any]):
    """A list written on one line."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


def _flow(dumper: yaml.SafeDumper, value: _Flow) -> yaml.SequenceNode:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=True)


_Dumper.add_representer(str, _str)
_Dumper.add_representer(_Flow, _flow)


def dump(body: Any) -> str:
    """YAML in the house style: keys in the given order, unicode as is, no line folding."""
    return yaml.dump(body, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1_000_000,
                     default_flow_style=False)


# -- import ---------------------------------------------------------------------------------------------


def read(directory: Path) -> tuple[KnowledgeData, dict[Entity, set[str]]]:
    """The folder's knowledge base (checked with every loader rule) and the ids it marks retired."""
    if not directory.is_dir():
        raise CurationError(f"no such folder: {directory}")
    try:
        data = load_data(directory)
    except DataError as exc:
        raise CurationError(f"import refused, nothing changed: {exc}") from exc
    retired: dict[Entity, set[str]] = {e: set() for e in ENTITIES}
    for path in sorted((directory / "sources").glob("*.yaml")):
        row = _load_yaml(path)
        if isinstance(row, dict) and row.get("retired") is True:
            retired["source"].add(str(row.get("id")))
    for entity, name in FILES.items():
        pk = "canonical" if entity == "alias" else "id"
        for row in _load_yaml(directory / name) or []:
            if isinstance(row, dict) and row.get("retired") is True:
                retired[entity].add(str(row.get(pk)))
    facts = tuple(replace(f, retired=f.id in retired["fact"]) for f in data.facts)
    faq = tuple(replace(e, retired=e.id in retired["faq"]) for e in data.faq)
    return replace(data, facts=facts, faq=faq), retired


def _load_yaml(path: Path) -> Any:
    """A second, fast read (libyaml when present) of a file the loader already checked, for ``retired``."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(path.read_text(encoding="utf-8"), Loader=loader)


def import_(store: Store, directory: Path, by: Actor | str, *, dry_run: bool = False) -> ImportResult:
    """Check the whole folder, then apply every change in one transaction (or none), each one logged."""
    actor = by if isinstance(by, Actor) else Actor(by, "cli")
    problems = actor.problems()
    if problems:
        raise CurationError("; ".join(problems))
    incoming, incoming_retired = read(directory)
    curator = Curator(store)
    reason = f"import from {directory.name or directory}"
    with curator.transaction():
        current = store.knowledge(include_retired=True)
        current_retired = {e: {r.id for r in curator.entries(e, include_retired=True) if r.retired} for e in ENTITIES}
        plan, unchanged, kept = _plan(curator, incoming, incoming_retired)
        merged, merged_retired = _merge(current, current_retired, incoming, incoming_retired)
        before = set(validate(current)) | set(link_problems(current, current_retired))
        after = validate(merged) + link_problems(merged, merged_retired)
        new = [p for p in after if p not in before]
        if new:
            raise ValidationError(new)
        if dry_run:
            return ImportResult(tuple(ImportChange(e, i, a) for e, i, a, *_ in plan), unchanged, kept, True)
        changes = [_apply(curator, actor, step, reason) for step in plan]
        changes += _apply_settings(store, actor, current, incoming, reason)
    return ImportResult(tuple(changes), unchanged, kept, False, store.revision())


Step = tuple[str, str, Action, Value | Topic, bool, Record | None]
"""entity, id, action, the new value, whether it is retired, the entry as it is now."""


def _plan(curator: Curator, data: KnowledgeData,
          retired: Mapping[Entity, set[str]]) -> tuple[list[Step], int, int]:
    steps: list[Step] = []
    unchanged = 0
    seen: dict[Entity, set[str]] = {e: set() for e in ENTITIES}
    values: list[Value] = [*data.sources, *data.facts, *data.faq, *data.aliases]
    for value in values:
        entity, key = entity_of(value), key_of(value)
        seen[entity].add(key)
        is_retired = key in retired[entity]
        now_ = curator.find(entity, key)
        action: Action
        if now_ is None:
            action = "create"
        elif content(now_.value) == content(value) and now_.retired == is_retired:
            unchanged += 1
            continue
        elif content(now_.value) == content(value):
            action = "retire" if is_retired else "restore"
        else:
            action = "update"
        steps.append((entity, key, action, value, is_retired, now_))
    rows = {r["id"]: r for r in curator.store.db.query("select * from topics")}
    for topic in data.topics:
        row = rows.get(topic.id)
        if row and row["title"] == topic.title and (row["description"] or "") == topic.description:
            unchanged += 1
            continue
        steps.append(("topic", topic.id, "update" if row else "create", topic, False, None))
    kept = sum(1 for e in ENTITIES for r in curator.entries(e, include_retired=True) if r.id not in seen[e])
    return steps, unchanged, kept


def _merge(current: KnowledgeData, current_retired: Mapping[Entity, set[str]], incoming: KnowledgeData,
           incoming_retired: Mapping[Entity, set[str]]) -> tuple[KnowledgeData, dict[Entity, set[str]]]:
    """The knowledge base as it would be after the import."""

    def ident(item: Value | Topic) -> str:
        return item.id if isinstance(item, Topic) else key_of(item)

    def union(old: tuple[Any, ...], new: tuple[Any, ...]) -> tuple[Any, ...]:
        keys = {ident(v) for v in new}
        return (*(v for v in old if ident(v) not in keys), *new)

    merged = KnowledgeData(
        union(current.sources, incoming.sources), union(current.topics, incoming.topics),
        union(current.facts, incoming.facts), union(current.faq, incoming.faq),
        union(current.aliases, incoming.aliases), incoming.lexicon, incoming.gazetteer, incoming.overview,
    )
    retired: dict[Entity, set[str]] = {}
    values: list[Value] = [*incoming.sources, *incoming.facts, *incoming.faq, *incoming.aliases]
    for entity in ENTITIES:
        mentioned = {key_of(v) for v in values if entity_of(v) == entity}
        retired[entity] = (current_retired[entity] - mentioned) | incoming_retired[entity]
    return merged, retired


def _apply(curator: Curator, actor: Actor, step: Step, reason: str) -> ImportChange:
    entity, key, action, value, is_retired, previous = step
    if isinstance(value, Topic):
        return _apply_topic(curator.store, actor, value, action, reason)
    if isinstance(value, Fact | FaqEntry):
        value = replace(value, retired=is_retired)
    change = curator.write_entry(actor, action, value, retired=is_retired, reason=reason, previous=previous)
    return ImportChange(entity, key, action, change.record.version)


def _audit(store: Store, actor: Actor, entity: str, key: str, action: str, before: Any, after: Any,
           reason: str) -> int:
    """Log a change to something without a version column (topics, lexicon, gazetteer, overview)."""
    row = store.db.execute(
        "select coalesce(max(version), 0) + 1 from audit where entity = ? and entity_id = ?", [entity, key]
    ).fetchone()
    version = int(row[0])
    store.db.table("audit").insert({
        "entity": entity, "entity_id": key, "version": version, "action": action, "actor": actor.name,
        "platform": actor.platform, "at": now(),
        "before": json.dumps(before, ensure_ascii=False) if before is not None else None,
        "after": json.dumps(after, ensure_ascii=False), "reason": reason,
    })
    store.bump_revision()
    return version


def _apply_topic(store: Store, actor: Actor, topic: Topic, action: str, reason: str) -> ImportChange:
    rows = list(store.db.query("select id, title, description from topics where id = ?", [topic.id]))
    after = {"id": topic.id, "title": topic.title, "description": topic.description}
    store.db.table("topics").upsert(after, pk="id")
    version = _audit(store, actor, "topic", topic.id, action, rows[0] if rows else None, after, reason)
    return ImportChange("topic", topic.id, action, version)


def _apply_settings(store: Store, actor: Actor, current: KnowledgeData, incoming: KnowledgeData,
                    reason: str) -> list[ImportChange]:
    """The lexicon, the gazetteer and the overview are replaced whole when they differ."""
    changes: list[ImportChange] = []
    db = store.db
    old_lexicon = {k: dict(v) for k, v in current.lexicon.items()}
    new_lexicon = {k: dict(v) for k, v in incoming.lexicon.items()}
    if old_lexicon != new_lexicon:
        db.execute("delete from lexicon")
        db.table("lexicon").insert_all(
            {"lang": lang, "phrase": phrase, "english": english}
            for lang, table in new_lexicon.items() for phrase, english in table.items()
        )
        version = _audit(store, actor, "lexicon", "*", "update", old_lexicon, new_lexicon, reason)
        changes.append(ImportChange("lexicon", "*", "update", version))
    old_gazetteer = {k: sorted(set(v)) for k, v in current.gazetteer.items()}
    new_gazetteer = {k: sorted(set(v)) for k, v in incoming.gazetteer.items()}
    if old_gazetteer != new_gazetteer:
        db.execute("delete from gazetteer")
        db.table("gazetteer").insert_all(
            ({"kind": kind, "name": name} for kind, names in new_gazetteer.items() for name in names), ignore=True
        )
        version = _audit(store, actor, "gazetteer", "*", "update", old_gazetteer, new_gazetteer, reason)
        changes.append(ImportChange("gazetteer", "*", "update", version))
    if tuple(current.overview) != tuple(incoming.overview):
        store.set_meta("overview", json.dumps(list(incoming.overview)))
        version = _audit(store, actor, "overview", "*", "update", list(current.overview),
                         list(incoming.overview), reason)
        changes.append(ImportChange("overview", "*", "update", version))
    return changes
