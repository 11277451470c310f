"""Answering never waits on a write: votes and unanswered questions go behind the answers, and none is lost silently.

The reproduction (issue 11, M7): while another process holds the write lock, ``ask`` took 5.4 s because the
unanswered-question insert waited for it, and a moderator's retire ended in ``database is locked``. Here the
lock is held by a second connection, exactly as another process would hold it.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from bot.chat.grammar import Retire
from bot.chat.moderation import BUSY, Refused, run_admin
from bot.core.curation import Actor, BusyError, Curator
from bot.core.models import Voter
from bot.core.service import KnowledgeBase
from bot.core.store import ownership
from bot.core.writer import WriteBehind


@contextmanager
def held_lock(path: Path) -> Iterator[sqlite3.Connection]:
    """Another connection holding the write lock, as another process would (it waits its turn to take it: the
    write-behind thread may be finishing the answer's own record)."""
    other = sqlite3.connect(path, isolation_level=None, timeout=30)
    other.execute("BEGIN IMMEDIATE")
    other.execute("insert into meta (key, value) values ('holder', 'x') on conflict(key) do update set value = 'y'")
    try:
        yield other
    finally:
        other.execute("ROLLBACK")
        other.close()


def count(path: Path, table: str, where: str = "1") -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute(f"select count(*) from {table} where {where}").fetchone()[0])
    finally:
        conn.close()


def test_an_unanswered_question_never_waits_for_the_write_lock(kb: KnowledgeBase, db_path: Path) -> None:
    question = "weather in paris tomorrow?"
    with held_lock(db_path):
        answer = kb.ask(question)  # had it waited for the lock, the insert would have failed busy and been lost
        assert answer.status != "answered"
        assert count(db_path, "unanswered", f"question = '{question}'") == 0
    assert kb.store.behind.flush(30)
    assert count(db_path, "unanswered", f"question = '{question}'") == 1


def test_a_vote_never_waits_and_a_second_click_is_a_changed_vote(kb: KnowledgeBase, db_path: Path) -> None:
    answer = kb.ask("How many chips will Mistral Compute use?")
    voter = Voter("discord", "42")
    with held_lock(db_path):
        first = kb.record_feedback(answer.ref, answer.question, voter, helpful=True)  # a wait would end busy
        again = kb.record_feedback(answer.ref, answer.question, voter, helpful=False)
    assert (first, again) == (True, False)
    assert kb.store.behind.flush(30)
    assert count(db_path, "feedback") == 1 and count(db_path, "feedback", "helpful = 0") == 1
    assert kb.record_feedback(answer.ref, answer.question, voter, helpful=True) is False


def test_a_moderator_write_that_times_out_is_busy_and_changes_nothing(kb: KnowledgeBase, db_path: Path) -> None:
    kb.store.db.execute("PRAGMA busy_timeout = 200")  # the same refusal as after 5 s, sooner
    curator = Curator.of(kb)
    with held_lock(db_path):
        with pytest.raises(BusyError, match="busy"):
            curator.retire(Actor("mod", "cli"), "fact", "mistral-compute-chips")
        outcome = run_admin(curator, Actor("mod", "discord"), Retire("fact", "mistral-compute-chips"))
    assert outcome == Refused(BUSY)
    assert not curator.get("fact", "mistral-compute-chips").retired
    assert count(db_path, "audit", "actor = 'mod'") == 0


# -- the queue itself ----------------------------------------------------------------------------------------


def _busy() -> sqlite3.OperationalError:
    return sqlite3.OperationalError("database is locked")


def test_the_writer_retries_while_busy_then_saves_in_order() -> None:
    saved: list[int] = []
    free = threading.Event()

    def write(n: int) -> None:
        if not free.is_set():
            raise _busy()
        saved.append(n)

    writer: WriteBehind[None] = WriteBehind(lambda: None, lambda _: None, delays=(0.01,) * 500)
    for n in range(3):
        assert writer.submit("a number", lambda _, n=n: write(n))
    assert not writer.flush(0.1) and writer.pending == 3
    free.set()
    assert writer.flush(10) and saved == [0, 1, 2]
    writer.close()


def test_a_full_queue_refuses_and_says_so(caplog: pytest.LogCaptureFixture) -> None:
    release = threading.Event()
    writer: WriteBehind[None] = WriteBehind(lambda: None, lambda _: None, limit=2)
    assert writer.submit("a slow one", lambda _: release.wait(10))
    assert writer.submit("a queued one", lambda _: None)
    with caplog.at_level(logging.ERROR, logger="bot.core.writer"):
        assert not writer.submit("one too many", lambda _: None)
    assert "one too many was not saved" in caplog.text
    release.set()
    assert writer.flush(10)
    writer.close()


def test_what_stays_busy_is_logged_never_dropped_silently(caplog: pytest.LogCaptureFixture) -> None:
    def stuck(_: None) -> None:
        raise _busy()

    writer: WriteBehind[None] = WriteBehind(lambda: None, lambda _: None, delays=(0.01, 0.01), close_wait=0.2)
    with caplog.at_level(logging.ERROR, logger="bot.core.writer"):
        writer.submit("a stuck vote", stuck)
        assert writer.flush(5)
        assert "a stuck vote was not saved: the database stayed busy" in caplog.text
        caplog.clear()
        slow: WriteBehind[None] = WriteBehind(lambda: None, lambda _: None, delays=(60,), close_wait=0.2)
        slow.submit("first", stuck)
        slow.submit("an unanswered question", lambda _: None)
        slow.close()
    assert "closing with 1 writes not saved" in caplog.text and "an unanswered question" in caplog.text
    writer.close()


def test_a_write_that_fails_otherwise_is_logged_and_the_next_one_still_runs(
    caplog: pytest.LogCaptureFixture,
) -> None:
    done = []
    writer: WriteBehind[None] = WriteBehind(lambda: None, lambda _: None)
    with caplog.at_level(logging.ERROR, logger="bot.core.writer"):
        writer.submit("a broken one", lambda _: 1 / 0)
        writer.submit("a good one", lambda _: done.append(1))
        assert writer.flush(10)
    assert done == [1] and "could not save a broken one" in caplog.text
    writer.close()


def test_the_writer_connection_never_opens_the_file_outside_sqlite(kb: KnowledgeBase, db_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Closing any descriptor of the database drops SQLite's POSIX locks for the whole process.

    The ownership check reads the header with a plain open() and close(); run while this process's connections
    held the file, it let other processes write under their readers ("database disk image is malformed" when
    three processes edited, voted and asked at once).
    """
    opened: list[Path] = []
    monkeypatch.setattr(ownership, "_header", lambda path: opened.append(path) or b"")
    kb.ask("weather in paris tomorrow?")  # an unanswered question: the write-behind opens its connection
    assert kb.store.behind.flush(30)
    assert count(db_path, "unanswered") == 1
    assert opened == []
