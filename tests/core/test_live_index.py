"""Every process keeps its index current: an edit is applied in place, anything wider rebuilds, readings are kept."""

from __future__ import annotations

from pathlib import Path

from bot.core import readings
from bot.core.curation import Actor, Curator
from bot.core.service import KnowledgeBase
from bot.core.store import Store
from bot.core.store.analyses import StoredAnalyses

ACTOR = Actor("alice", "test")


def test_another_process_s_fact_edit_is_answered_at_once_without_rebuilding(db_path: Path) -> None:
    reader = KnowledgeBase.open(db_path, semantic="off")
    index = reader.matcher.index
    before = reader.ask("How many chips will Mistral Compute use?")
    writer = KnowledgeBase.open(db_path, semantic="off")
    entry = writer.answers.faq["mistral-compute-chips"]
    Curator.of(writer).edit_faq(ACTOR, entry.id, answer=entry.answer.replace("Grace Blackwell", "Grace-Blackwell"))
    after = reader.ask("How many chips will Mistral Compute use?")
    assert before.text != after.text and "Grace-Blackwell" in (after.text or "")
    assert reader.matcher.index is index, "applied in place, not rebuilt"
    writer.close()
    reader.close()


def test_a_retired_entry_leaves_the_answers_in_place(db_path: Path) -> None:
    kb = KnowledgeBase.open(db_path, semantic="off")
    index = kb.matcher.index
    assert kb.ask("Where is Mistral's data center?").match is not None
    for entry_id in ("mistral-compute-location",):
        Curator.of(kb).retire(ACTOR, "faq", entry_id, reason="test")
    answer = kb.ask("Where is Mistral's data center?")
    assert answer.match is None or answer.match.id != "mistral-compute-location"
    assert kb.matcher.index is index
    kb.close()


def test_an_alias_change_rebuilds_the_index(db_path: Path) -> None:
    kb = KnowledgeBase.open(db_path, semantic="off")
    index = kb.matcher.index
    Curator.of(kb).add_alias(ACTOR, "NVIDIA", ["the green giant"])
    assert kb.matcher.index is not index
    assert "nvidia" in kb.matcher.index.analyzer.analyze("what is the green giant doing").entities
    kb.close()


def test_readings_are_kept_so_the_next_start_reads_nothing_afresh(db_path: Path) -> None:
    first = KnowledgeBase.open(db_path, semantic="off")
    first.close()
    store = Store.open(db_path)
    kept = StoredAnalyses(store).all(readings.fingerprint(store.knowledge()))
    store.close()
    assert kept
    second = KnowledgeBase.open(db_path, semantic="off")
    assert second.live.read_afresh == 0
    second.close()


def test_a_damaged_reading_is_read_afresh_not_trusted(db_path: Path) -> None:
    KnowledgeBase.open(db_path, semantic="off").close()
    store = Store.open(db_path)
    with store.write() as db:
        db.execute("update analyses set analysis = ?", ['{"tokens": 5'])
    store.close()
    kb = KnowledgeBase.open(db_path, semantic="off")
    assert kb.live.read_afresh > 0
    assert kb.ask("How many chips will Mistral Compute use?").status == "answered"
    kb.close()
