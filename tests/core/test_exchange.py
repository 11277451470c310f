"""Export and import: the data/ format, a round trip that changes nothing, all-or-nothing imports."""

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from bot.core import exchange
from bot.core.curation import Actor, CurationError, Curator
from bot.core.loader import DEFAULT_DATA_DIR, KnowledgeData, load_data
from bot.core.store import Store
from bot.core.validation import ValidationError

ALICE = Actor("alice", "cli")


def normal(data: KnowledgeData) -> dict[str, object]:
    """A KnowledgeData with its order-free parts sorted, for comparing two loads."""
    return {
        "sources": sorted(data.sources, key=lambda s: s.id),
        "topics": sorted(data.topics, key=lambda t: t.id),
        "facts": sorted(data.facts, key=lambda f: f.id),
        "faq": sorted(data.faq, key=lambda e: e.id),
        "aliases": sorted(data.aliases, key=lambda a: a.canonical),
        "lexicon": {k: dict(v) for k, v in data.lexicon.items()},
        "gazetteer": {k: sorted(set(v)) for k, v in data.gazetteer.items()},
        "overview": list(data.overview),
    }


def files(directory: Path) -> dict[str, bytes]:
    return {str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.rglob("*.yaml"))}


def state(store: Store) -> tuple[int, int, str]:
    dump = json.dumps([list(store.db.query(f"select * from [{t}] order by 1, 2"))
                       for t in ("facts", "faq", "faq_phrasings", "aliases", "sources", "topics")])
    return store.revision(), store.db.table("audit").count, dump


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    opened = Store.open(db_path)
    yield opened
    opened.close()


def test_an_export_of_a_fresh_database_loads_to_the_same_knowledge_as_data(tmp_path: Path, store: Store) -> None:
    exchange.export(store, tmp_path / "out")
    assert normal(load_data(tmp_path / "out")) == normal(load_data(DEFAULT_DATA_DIR))


def test_the_export_is_stable_sorted_and_uses_block_scalars_for_source_texts(tmp_path: Path, store: Store) -> None:
    exchange.export(store, tmp_path / "one")
    exchange.export(store, tmp_path / "two")
    assert files(tmp_path / "one") == files(tmp_path / "two")
    facts = yaml.safe_load((tmp_path / "one" / "facts.yaml").read_text(encoding="utf-8"))
    assert [f["id"] for f in facts] == sorted(f["id"] for f in facts)
    assert list(facts[0]) == ["id", "statement", "topics", "entities", "source", "quote"]
    source = (tmp_path / "one" / "sources" / "zhitong-nvidia-europe.yaml").read_text(encoding="utf-8")
    assert "\ntext: |\n  The Zhitong Finance App" in source
    assert "topics: [" in (tmp_path / "one" / "facts.yaml").read_text(encoding="utf-8")


def test_export_import_export_changes_nothing(tmp_path: Path, store: Store) -> None:
    exchange.export(store, tmp_path / "first")
    before = state(store)
    result = exchange.import_(store, tmp_path / "first", ALICE)
    assert result.changes == () and result.kept == 0 and result.unchanged > 100
    assert state(store) == before
    exchange.export(store, tmp_path / "second")
    assert files(tmp_path / "first") == files(tmp_path / "second")


def test_retired_entries_are_exported_and_imported_as_retired(tmp_path: Path, store: Store) -> None:
    Curator(store).retire(ALICE, "faq", "mistral-compute-chips")
    exchange.export(store, tmp_path / "out")
    faq = yaml.safe_load((tmp_path / "out" / "faq.yaml").read_text(encoding="utf-8"))
    assert next(e for e in faq if e["id"] == "mistral-compute-chips")["retired"] is True
    assert all("retired" not in e for e in faq if e["id"] != "mistral-compute-chips")
    fresh = Store.open(tmp_path / "fresh.db")
    result = exchange.import_(fresh, tmp_path / "out", ALICE)
    assert [(c.entity, c.id, c.action) for c in result.changes] == [("faq", "mistral-compute-chips", "retire")]
    assert Curator(fresh).get("faq", "mistral-compute-chips").retired
    fresh.close()


def test_an_import_applies_changes_logs_each_and_leaves_the_rest(tmp_path: Path, store: Store) -> None:
    out = tmp_path / "out"
    exchange.export(store, out)
    faq_path = out / "faq.yaml"
    faq = yaml.safe_load(faq_path.read_text(encoding="utf-8"))
    entry = next(e for e in faq if e["id"] == "mistral-compute-chips")
    entry["answer"] = "Mistral Compute will use 18,000 Grace Blackwell chips from NVIDIA."
    faq_path.write_text(exchange.dump(faq), encoding="utf-8")
    revision = store.revision()
    dry = exchange.import_(store, out, ALICE, dry_run=True)
    assert [(c.entity, c.id, c.action) for c in dry.changes] == [("faq", "mistral-compute-chips", "update")]
    assert store.revision() == revision
    result = exchange.import_(store, out, ALICE)
    assert [(c.id, c.version) for c in result.changes] == [("mistral-compute-chips", 2)]
    record = Curator(store).get("faq", "mistral-compute-chips")
    assert record.value.answer == entry["answer"] and record.origin == "moderator"  # type: ignore[union-attr]
    [logged] = list(store.db.query("select * from audit where entity_id = 'mistral-compute-chips' and version = 2"))
    assert (logged["actor"], logged["platform"], logged["action"]) == ("alice", "cli", "update")
    assert logged["reason"] == "import from out" and store.revision() > revision


def test_an_import_with_one_bad_entry_changes_nothing(tmp_path: Path, store: Store) -> None:
    out = tmp_path / "out"
    exchange.export(store, out)
    faq = yaml.safe_load((out / "faq.yaml").read_text(encoding="utf-8"))
    faq[0]["answer"] = faq[0]["answer"] + " Updated."
    (out / "faq.yaml").write_text(exchange.dump(faq), encoding="utf-8")
    facts = yaml.safe_load((out / "facts.yaml").read_text(encoding="utf-8"))
    bad = next(f for f in facts if f["id"] == "mistral-compute-chips")
    bad["statement"] = bad["statement"].replace("18,000", "1,800")
    (out / "facts.yaml").write_text(exchange.dump(facts), encoding="utf-8")
    before = state(store)
    with pytest.raises(CurationError) as refused:
        exchange.import_(store, out, ALICE)
    assert "mistral-compute-chips" in str(refused.value) and "1800" in str(refused.value)
    assert state(store) == before


def test_an_import_that_would_break_entries_outside_the_folder_is_refused(tmp_path: Path, store: Store) -> None:
    out = tmp_path / "out"
    exchange.export(store, out)
    curator = Curator(store)
    curator.add_fact(ALICE, statement="NVIDIA works with 7,000 startups.", source_id="zhitong-nvidia-europe",
                     quote="7,000 startups", fact_id="startups-extra")
    path = out / "sources" / "zhitong-nvidia-europe.yaml"
    source = yaml.safe_load(path.read_text(encoding="utf-8"))
    source["text"] = source["text"].replace("7,000 startups", "7,000 start-ups")
    facts = yaml.safe_load((out / "facts.yaml").read_text(encoding="utf-8"))
    for fact in facts:
        fact["quote"] = fact["quote"].replace("7,000 startups", "7,000 start-ups")
    (out / "facts.yaml").write_text(exchange.dump(facts), encoding="utf-8")
    path.write_text(exchange.dump(source), encoding="utf-8")
    before = state(store)
    with pytest.raises(ValidationError, match="startups-extra"):
        exchange.import_(store, out, ALICE)
    assert state(store) == before


def test_export_refuses_a_folder_with_foreign_source_files(tmp_path: Path, store: Store) -> None:
    (tmp_path / "out" / "sources").mkdir(parents=True)
    (tmp_path / "out" / "sources" / "stray.yaml").write_text("id: stray\n", encoding="utf-8")
    with pytest.raises(CurationError, match=r"stray\.yaml"):
        exchange.export(store, tmp_path / "out")
    assert not (tmp_path / "out" / "facts.yaml").exists()


def test_import_of_a_missing_folder_is_a_clear_error(tmp_path: Path, store: Store) -> None:
    with pytest.raises(CurationError, match="no such folder"):
        exchange.import_(store, tmp_path / "nope", ALICE)
