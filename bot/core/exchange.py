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

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.core import folders
from bot.core.curation import Curator
from bot.core.edit_rules import link_problems
from bot.core.edits import Action, Actor, CurationError
from bot.core.loader import DataError, KnowledgeData, load_data, read_yaml, validate
from bot.core.store import Store
from bot.core.store.registry import ENTITIES, REGISTRY, Entity, Kind, Record, Value, with_values
from bot.core.validation import ValidationError

HEADER = "# Exported by `python -m bot export`: the format of data/ (see data/README.md).\n"
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


def export(store: Store, directory: Path, *, force: bool = False) -> ExportResult:
    """Write the whole knowledge base, retired entries included, as ``data/``-style YAML files.

    ``directory`` must be new or empty unless ``force``; either way nothing is written through a symbolic link,
    and every file is renamed into place only once all of them are written (:func:`folders.write_all`).
    """
    records = {e: store.entries.all(e, include_retired=True) for e in ENTITIES}
    try:
        for kind in REGISTRY.values():
            if kind.one_file_each:
                _refuse_stale_files(directory, kind, records[kind.entity])
        if not force and not folders.is_empty(directory):
            raise CurationError(f"{directory} is not empty; export to a new or empty folder, or add --force to "
                                "replace the files an export writes there")
        bodies: dict[str, str] = {}
        for kind in REGISTRY.values():
            if kind.one_file_each:
                for record in records[kind.entity]:
                    bodies[kind.yaml_file.format(key=record.id)] = HEADER + dump(_entry(record))
            else:
                bodies[kind.yaml_file] = HEADER + dump([_entry(r) for r in records[kind.entity]])
        settings = store.settings
        lexicon = {lang: dict(sorted(table.items())) for lang, table in sorted(settings.lexicon().items())}
        bodies["lexicon.yaml"] = HEADER + dump(lexicon)
        bodies["gazetteer.yaml"] = HEADER + dump({k: sorted(set(v)) for k, v in sorted(settings.gazetteer().items())})
        bodies["overview.yaml"] = HEADER + dump({"facts": list(settings.overview())})
        written = folders.write_all(directory, bodies)
    except folders.FolderError as exc:
        raise CurationError(str(exc)) from None
    return ExportResult(directory, tuple(written), {e: len(records[e]) for e in ENTITIES})


def _refuse_stale_files(directory: Path, kind: Kind[Any], records: list[Record]) -> None:
    """An import reads every file of a one-file-per-entry folder: refuse to mix this export with others."""
    folder = Path(kind.yaml_file.format(key="-")).parent
    wanted = {Path(kind.yaml_file.format(key=r.id)).name for r in records}
    stale = [name for name in _names(directory, folder) if name not in wanted] if directory.is_dir() else []
    if stale:
        raise CurationError(
            f"{directory / folder} holds {', '.join(stale)}, which the knowledge base has no {kind.entity} for; "
            "export to an empty folder (an import would read them)"
        )


def entry_yaml(record: Record) -> str:
    """One entry as it would be exported, with its version: what ``show`` prints."""
    return dump({**_entry(record), "version": record.version})


def _entry(record: Record) -> dict[str, Any]:
    body = {k: _Flow(v) if k in _FLOW_KEYS else v for k, v in record.kind.to_yaml(record.value).items()}
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
        retired: dict[Entity, set[str]] = {e: set() for e in ENTITIES}
        for kind in REGISTRY.values():
            if kind.one_file_each:
                folder = Path(kind.yaml_file.format(key="*")).parent
                rows = [read_yaml(directory / folder / name) for name in _names(directory, folder)]
            else:
                rows = read_yaml(directory / kind.yaml_file, required=False)
            for row in rows if isinstance(rows, list) else ():
                if isinstance(row, dict) and row.get("retired") is True:
                    retired[kind.entity].add(str(row.get(kind.key_column)))
    except (DataError, folders.FolderError) as exc:
        raise CurationError(f"import refused, nothing changed: {exc}") from exc
    marked = {kind.data_field: tuple(kind.with_state(v, retired=kind.key(v) in retired[kind.entity])
                                     for v in kind.values(data))
              for kind in REGISTRY.values()}
    return with_values(data, marked), retired


def _names(directory: Path, folder: Path) -> list[str]:
    """The YAML files of a one-file-per-entry folder, without following a link out of ``directory``."""
    return folders.list_names(directory, str(folder), ".yaml")


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
        current_retired = {e: store.entries.retired_keys(e) for e in ENTITIES}
        plan, unchanged, kept = _plan(store, incoming, incoming_retired)
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


Step = tuple[Entity, str, Action, Value, bool, Record | None]
"""entity, id, action, the new value, whether it is retired, the entry as it is now."""


def _plan(store: Store, data: KnowledgeData, retired: Mapping[Entity, set[str]]) -> tuple[list[Step], int, int]:
    steps: list[Step] = []
    unchanged = 0
    seen: dict[Entity, set[str]] = {e: set() for e in ENTITIES}
    for kind in REGISTRY.values():
        for value in kind.values(data):
            key = kind.key(value)
            seen[kind.entity].add(key)
            is_retired = key in retired[kind.entity]
            now_ = store.entries.get(kind.entity, key)
            action: Action
            if now_ is None:
                action = "create"
            elif kind.content(now_.value) != kind.content(value):
                action = "update"
            elif now_.retired != is_retired:
                action = "retire" if is_retired else "restore"
            else:
                unchanged += 1
                continue
            steps.append((kind.entity, key, action, value, is_retired, now_))
    kept = sum(1 for e in ENTITIES for key in store.entries.keys(e) if key not in seen[e])
    return steps, unchanged, kept


def _merge(current: KnowledgeData, current_retired: Mapping[Entity, set[str]], incoming: KnowledgeData,
           incoming_retired: Mapping[Entity, set[str]]) -> tuple[KnowledgeData, dict[Entity, set[str]]]:
    """The knowledge base as it would be after the import."""
    merged: dict[str, tuple[Any, ...]] = {}
    retired: dict[Entity, set[str]] = {}
    for kind in REGISTRY.values():
        new = kind.values(incoming)
        mentioned = {kind.key(v) for v in new}
        merged[kind.data_field] = (*(v for v in kind.values(current) if kind.key(v) not in mentioned), *new)
        retired[kind.entity] = (current_retired[kind.entity] - mentioned) | incoming_retired[kind.entity]
    return with_values(incoming, merged), retired


def _apply(curator: Curator, actor: Actor, step: Step, reason: str) -> ImportChange:
    entity, key, action, value, is_retired, previous = step
    change = curator.write_entry(actor, action, value, retired=is_retired, reason=reason, previous=previous)
    return ImportChange(entity, key, action, change.record.version)


def _apply_settings(store: Store, actor: Actor, current: KnowledgeData, incoming: KnowledgeData,
                    reason: str) -> list[ImportChange]:
    """The lexicon, the gazetteer and the overview are replaced whole when they differ, and logged."""
    changes: list[ImportChange] = []
    settings = store.settings

    def logged(name: str, before: Any, after: Any) -> None:
        version = settings.log(name, before, after, actor=actor.name, platform=actor.platform, reason=reason)
        changes.append(ImportChange(name, "*", "update", version))

    old_lexicon = {k: dict(v) for k, v in current.lexicon.items()}
    new_lexicon = {k: dict(v) for k, v in incoming.lexicon.items()}
    if old_lexicon != new_lexicon:
        settings.replace_lexicon(new_lexicon)
        logged("lexicon", old_lexicon, new_lexicon)
    old_gazetteer = {k: sorted(set(v)) for k, v in current.gazetteer.items()}
    new_gazetteer = {k: sorted(set(v)) for k, v in incoming.gazetteer.items()}
    if old_gazetteer != new_gazetteer:
        settings.replace_gazetteer(new_gazetteer)
        logged("gazetteer", old_gazetteer, new_gazetteer)
    if tuple(current.overview) != tuple(incoming.overview):
        settings.set_overview(incoming.overview)
        logged("overview", list(current.overview), list(incoming.overview))
    return changes
