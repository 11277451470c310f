"""What is kept about users, and for how long."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.core.models import Voter
from bot.core.retention import cutoff_for, purge
from bot.core.service import KnowledgeBase
from bot.core.store import Store
from tests.votes import vote_on

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def stamp(days_ago: float) -> str:
    return (NOW - timedelta(days=days_ago)).isoformat(timespec="seconds")


def add_rows(store: Store, ages: list[float]) -> None:
    with store.write() as db:
        for i, age in enumerate(ages):
            db.table("feedback").insert({"answer_key": f"k{i}", "voter": f"v{i}", "helpful": 1, "at": stamp(age)})
            db.table("unanswered").insert({"question": f"q{i}", "normalized": f"q{i}", "status": "no_answer",
                                           "platform": "test", "at": stamp(age), "state": "open"})


def test_purge_removes_only_rows_older_than_the_period(db_path: Path) -> None:
    store = Store.open(db_path, load=False)
    add_rows(store, [0, 29.9, 30.1, 400])
    result = purge(store, 30, now=NOW)
    assert result.removed == {"feedback": 2, "unanswered": 2} and result.total == 4
    assert sorted(r["answer_key"] for r in store.db.table("feedback").rows) == ["k0", "k1"]
    assert sorted(r["question"] for r in store.db.table("unanswered").rows) == ["q0", "q1"]
    assert purge(store, 30, now=NOW).total == 0  # idempotent
    assert store.db.table("facts").count > 0 and store.db.table("audit").count > 0  # the knowledge base stays
    store.close()


def test_purge_with_zero_days_empties_both_tables(db_path: Path) -> None:
    store = Store.open(db_path, load=False)
    add_rows(store, [0.01, 5])
    assert purge(store, 0, now=NOW).total == 4
    store.close()


def test_a_negative_period_is_refused() -> None:
    with pytest.raises(ValueError):
        cutoff_for(-1)


def test_purged_text_is_gone_from_the_file_itself(db_path: Path) -> None:
    store = Store.open(db_path, load=False)
    marker = "ZebraQuokkaMarker"
    with store.write() as db:
        db.table("unanswered").insert({"question": marker, "normalized": marker, "status": "no_answer",
                                       "platform": "test", "at": stamp(100), "state": "open"})
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert marker.encode() in db_path.read_bytes()
    purge(store, 30, now=NOW)
    store.close()
    assert marker.encode() not in db_path.read_bytes()


def test_stored_feedback_and_unanswered_questions_hold_no_user_identity(kb: KnowledgeBase) -> None:
    user = "U0SECRETUSER42"
    answer = kb.ask("How many chips will Mistral Compute use?", platform="slack")
    assert kb.record_feedback(*vote_on(answer), Voter("slack", user), helpful=True)
    assert not kb.record_feedback(*vote_on(answer), Voter("slack", user), helpful=False)  # one vote per user
    kb.ask("what is the recipe for pancakes", platform="slack")
    dump = "\n".join(kb.store.db.conn.iterdump())
    assert user not in dump
    assert kb.store.db.table("feedback").count == 1
    assert set(kb.store.db.table("unanswered").columns_dict) == {
        "id", "question", "normalized", "status", "platform", "at", "state",
    }
