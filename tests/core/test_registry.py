"""The registry: every kind of entry goes to a database row and to YAML and comes back unchanged."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core import exchange
from bot.core.curation import ALIAS_KINDS, family_entity
from bot.core.loader import DEFAULT_DATA_DIR, KnowledgeData
from bot.core.models import Alias, Fact, FaqEntry, Source, Topic
from bot.core.store import Store
from bot.core.store.registry import (
    ENTITIES,
    REGISTRY,
    STATE_COLUMNS,
    Entity,
    Record,
    Value,
    key_of,
    kind,
    kind_of,
    value_dict,
)
from tests.hostile import ids

TEXT = st.text(st.characters(categories=("L", "M", "N", "P", "S", "Zs")), min_size=1, max_size=30).filter(str.strip)
"""What an entry's fields hold (YAML keeps any such text as it is; blank text means "unknown" there)."""
LINES = st.lists(TEXT, min_size=1, max_size=4).map("\n".join)
NAMES = st.lists(TEXT, max_size=4, unique=True).map(tuple)
IDS = st.lists(ids, max_size=4, unique=True).map(tuple)
MAYBE = st.none() | TEXT
VERSIONS = st.integers(1, 1000)

VALUES: dict[Entity, st.SearchStrategy[Any]] = {
    "fact": st.builds(Fact, ids, TEXT, ids, TEXT, IDS, NAMES, st.booleans(), VERSIONS),
    "faq": st.builds(FaqEntry, ids, TEXT, TEXT, IDS, NAMES, IDS, st.booleans(), VERSIONS),
    "alias": st.builds(Alias, TEXT, st.sampled_from(ALIAS_KINDS), NAMES, MAYBE),
    "source": st.builds(Source, ids, MAYBE, MAYBE, MAYBE, MAYBE, st.sampled_from(["en", "fr", "zh"]), LINES, MAYBE),
    "topic": st.builds(Topic, ids, TEXT, st.just("") | TEXT),
}
EXAMPLES = settings(max_examples=60, deadline=None)


def test_every_kind_has_a_strategy_and_the_registry_covers_every_value_type() -> None:
    assert set(VALUES) == set(REGISTRY) == set(ENTITIES)
    assert {k.type for k in REGISTRY.values()} == {Fact, FaqEntry, Alias, Source, Topic}


@pytest.mark.parametrize("entity", ENTITIES)
@EXAMPLES
@given(data=st.data())
def test_value_to_row_to_value(entity: Entity, data: st.DataObject) -> None:
    k = REGISTRY[entity]
    value = data.draw(VALUES[entity])
    version, retired = data.draw(VERSIONS), k.retired_of(value)
    record = Record(entity, k.key(value), k.with_state(value, retired=retired, version=version), version, retired,
                    "moderator", "2026-01-01T00:00:00+00:00")
    assert Record.of(entity, record.snapshot()) == record
    assert k.from_row({**record.row(), **({k.children.field: list(k.children_of(value))} if k.children else {})}) \
        == record.value


@pytest.mark.parametrize("entity", ENTITIES)
@EXAMPLES
@given(data=st.data())
def test_value_to_a_stored_row_and_back_through_sqlite(entity: Entity, data: st.DataObject) -> None:
    value = data.draw(VALUES[entity])
    k = REGISTRY[entity]
    store = Store.memory(load=False)
    store.db.execute("PRAGMA foreign_keys = OFF")  # a fact's source need not exist for this
    try:
        with store.write():
            written, _ = store.entries.write(value, retired=k.retired_of(value), origin="moderator", action="create",
                                             actor="test", platform="cli", reason=None, before=None)
        read = store.entries.get(entity, k.key(value))
        assert read == written
        assert read.value == k.with_state(value, retired=k.retired_of(value), version=1)
        assert [r.id for r in store.entries.all(entity, include_retired=True)] == [k.key(value)]
        [logged] = store.audit.history(entity, k.key(value))
        assert logged.record == written and logged.note is None
    finally:
        store.close()


@pytest.mark.parametrize("entity", ENTITIES)
@EXAMPLES
@given(data=st.data())
def test_value_to_yaml_to_value(entity: Entity, data: st.DataObject) -> None:
    value = data.draw(VALUES[entity])
    k = REGISTRY[entity]
    record = Record(entity, k.key(value), value, 7, k.retired_of(value))
    shown = yaml.safe_load(exchange.entry_yaml(record))  # what export and ``show`` write
    assert k.from_yaml(shown) == k.content(value)
    assert shown["version"] == 7 and shown.get("retired", False) == record.retired
    assert list(shown)[: len(k.to_yaml(value))] == list(k.to_yaml(value))


def test_the_yaml_keys_come_in_the_order_of_the_data_files() -> None:
    for k in REGISTRY.values():
        for raw in shipped_yaml(k.yaml_file):
            written = list(k.to_yaml(k.from_yaml(raw)))
            assert [key for key in raw if key in written] == [key for key in written if key in raw], k.entity


def test_the_registry_reads_the_data_files_as_the_loader_does(shipped: KnowledgeData) -> None:
    for k in REGISTRY.values():
        assert tuple(k.from_yaml(raw) for raw in shipped_yaml(k.yaml_file)) == k.values(shipped), k.entity


def test_each_kind_maps_onto_its_table(shipped: KnowledgeData) -> None:
    store = Store.memory(load=False)
    try:
        for k in REGISTRY.values():
            sample = k.values(shipped)[0]
            assert set(k.to_row(sample)) | set(STATE_COLUMNS) == set(store.db.table(k.table).columns_dict)
            assert store.db.table(k.table).pks == [k.key_column]
            if k.children:
                columns = set(store.db.table(k.children.table).columns_dict)
                assert {k.children.parent_column, k.children.column} <= columns
    finally:
        store.close()


@pytest.mark.parametrize("entity", ENTITIES)
def test_names_keys_summaries_and_json(entity: Entity, shipped: KnowledgeData) -> None:
    k = REGISTRY[entity]
    value: Value = k.values(shipped)[0]
    assert kind_of(value) is k and kind(k.family) is k and kind(entity) is k and family_entity(k.family) == entity
    assert key_of(value) == k.key(value) == value_dict(value)[k.key_column]
    live, retired = Record(entity, k.key(value), value, 2, False), Record(entity, k.key(value), value, 2, True)
    assert live.summary() and retired.summary() == live.summary() + " [retired]"
    assert live.to_json() == {**k.to_yaml(value), "retired": False, "version": 2}


def test_shipped_entries_are_logged_with_what_they_say(kb: Any) -> None:
    """Every entry's audit snapshot is the registry's: an FAQ entry's first version lists its phrasings."""
    [first] = kb.store.audit.history("faq", "mistral-compute-chips")
    assert first.note is None and first.record == kb.store.entries.get("faq", "mistral-compute-chips")
    for entity in ENTITIES:
        for record in kb.store.entries.all(entity, include_retired=True):
            assert kb.store.audit.history(entity, record.id)[-1].record == record, (entity, record.id)


def shipped_yaml(yaml_file: str) -> list[dict[str, Any]]:
    """The raw entries of one kind in ``data/``."""
    if "{key}" in yaml_file:
        folder = (DEFAULT_DATA_DIR / yaml_file.format(key="-")).parent
        return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.yaml"))]
    found: list[dict[str, Any]] = yaml.safe_load(Path(DEFAULT_DATA_DIR / yaml_file).read_text(encoding="utf-8"))
    return found
