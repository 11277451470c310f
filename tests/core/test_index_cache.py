"""The index cache beside the database: used when current, rebuilt when anything it depends on changed."""

from __future__ import annotations

import pickle
from dataclasses import replace
from pathlib import Path

import pytest

from bot.core import index_cache
from bot.core.index import Index
from bot.core.loader import KnowledgeData
from bot.core.matcher import Matcher
from bot.core.service import KnowledgeBase


def _spy_builds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    builds: list[int] = []
    real_build = Index.build.__func__  # type: ignore[attr-defined]

    def counting(cls: type[Index], data: KnowledgeData) -> Index:
        builds.append(1)
        return real_build(cls, data)  # type: ignore[no-any-return]

    monkeypatch.setattr(Index, "build", classmethod(counting))
    return builds


def test_a_restart_with_unchanged_knowledge_loads_the_cache(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    index_cache.cache_path(db_path).unlink(missing_ok=True)
    builds = _spy_builds(monkeypatch)
    first = KnowledgeBase.open(db_path)
    answer = first.ask("How many chips will Mistral Compute use?")
    first.close()
    assert builds == [1]
    assert index_cache.cache_path(db_path).exists()
    second = KnowledgeBase.open(db_path)
    assert second.ask("How many chips will Mistral Compute use?") == answer
    second.close()
    assert builds == [1]


@pytest.fixture(scope="module")
def small(shipped: KnowledgeData) -> KnowledgeData:
    """A few entries of the shipped knowledge base: quick to build."""
    faq = shipped.faq[:4]
    cited = {f for e in faq for f in e.facts}
    return replace(shipped, faq=faq, facts=tuple(f for f in shipped.facts if f.id in cited))


def test_a_changed_knowledge_base_misses_the_cache(
    small: KnowledgeData, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db_path = tmp_path / "kb.db"
    index_cache.load_or_build(small, db_path)
    path, key = index_cache.cache_path(db_path), index_cache.cache_key(small)
    assert isinstance(index_cache.load(path, key), Index)
    entry = small.faq[0]
    changed = replace(small, faq=(replace(entry, phrasings=(*entry.phrasings, "one more way to ask")), *small.faq[1:]))
    assert index_cache.cache_key(changed) != key
    assert index_cache.load(path, index_cache.cache_key(changed)) is None
    builds = _spy_builds(monkeypatch)
    index_cache.load_or_build(changed, db_path)
    index_cache.load_or_build(changed, db_path)
    assert builds == [1]


def test_the_key_is_stable_across_reads_of_the_same_database(kb: KnowledgeBase) -> None:
    assert index_cache.cache_key(kb.store.knowledge()) == index_cache.cache_key(kb.store.knowledge())


def test_a_damaged_or_foreign_cache_file_is_a_miss_not_an_error(small: KnowledgeData, tmp_path: Path) -> None:
    db_path = tmp_path / "kb.db"
    path, key = index_cache.cache_path(db_path), index_cache.cache_key(small)
    path.write_bytes(index_cache.MAGIC + key.encode() + b"\n" + b"not a pickle")
    assert index_cache.load(path, key) is None
    path.write_bytes(index_cache.MAGIC + key.encode() + b"\n" + pickle.dumps({"not": "an index"}))
    assert index_cache.load(path, key) is None
    path.write_bytes(b"something else entirely\n")
    assert index_cache.load(path, key) is None
    assert index_cache.stored_key(path) is None
    assert isinstance(index_cache.load_or_build(small, db_path), Index)
    assert isinstance(index_cache.load(path, key), Index)
    assert index_cache.stored_key(path) == key


def test_the_cache_can_be_turned_off_and_memory_databases_have_none(
    small: KnowledgeData, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db_path = tmp_path / "kb.db"
    monkeypatch.setenv("BOT_INDEX_CACHE", "off")
    assert not index_cache.enabled()
    index_cache.load_or_build(small, db_path)
    assert not index_cache.cache_path(db_path).exists()
    monkeypatch.delenv("BOT_INDEX_CACHE")
    assert index_cache.enabled()
    assert isinstance(index_cache.load_or_build(small, None), Index)
    assert list(tmp_path.iterdir()) == []


def test_an_unwritable_folder_still_gives_an_index(
    small: KnowledgeData, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError("read-only")

    monkeypatch.setattr("bot.core.index_cache.tempfile.mkstemp", refuse)
    assert isinstance(index_cache.load_or_build(small, tmp_path / "kb.db"), Index)
    assert list(tmp_path.iterdir()) == []


def test_a_loaded_index_answers_exactly_like_a_built_one(shipped: KnowledgeData) -> None:
    built = Index.build(shipped)
    loaded = pickle.loads(pickle.dumps(built))
    # Recomputed after loading, in this process's set order: equal up to float rounding.
    for mine, theirs in zip(loaded.phrasing_norms, built.phrasing_norms, strict=True):
        assert mine == pytest.approx(theirs, rel=1e-12)
    questions = [p for e in shipped.faq[:10] for p in e.phrasings[:3]] + ["What's the capital of France?"]
    for q in questions:
        a, b = Matcher(built).match(q), Matcher(loaded).match(q)
        assert a.status == b.status
        assert [(s.candidate.id, round(s.confidence, 9)) for s in a.ranked] == [
            (s.candidate.id, round(s.confidence, 9)) for s in b.ranked
        ]
