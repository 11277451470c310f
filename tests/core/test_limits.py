"""Limits that hold across processes: rate limits and "handled once" marks shared through one database file.

Two ``Store`` objects on one file stand for two worker processes (each has its
own connections, as separate processes do); a subprocess test under gunicorn
is in ``tests/slack/test_wsgi.py``. A clock is passed in, so nothing sleeps.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.core.once import LOCAL_KEYS, Once
from bot.core.ratelimit import MemoryHits, RateLimiter
from bot.core.store import Store
from bot.core.store.limits import Limits, LimitsBusy


class Clock:
    def __init__(self, now: float = 1_800_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def workers(db_path: Path) -> Iterator[tuple[Store, Store]]:
    """Two stores on one database file, as two worker processes would open it."""
    first, second = Store.open(db_path), Store.open(db_path)
    yield first, second
    first.close()
    second.close()


@pytest.fixture
def held_lock(db_path: Path) -> Iterator[sqlite3.Connection]:
    """Another process's write transaction, held on the database until the test ends."""
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    yield conn
    conn.rollback()
    conn.close()


def limiter(store: Store, clock: Clock, *, per_user: int = 2, per_channel: int = 100) -> RateLimiter:
    return RateLimiter(per_user, per_channel, 60.0, clock, hits=store.limits, namespace="slack")


# -- rate limits ----------------------------------------------------------------------------------------


def test_a_user_gets_the_limit_once_across_workers_not_once_per_worker(workers: tuple[Store, Store]) -> None:
    clock = Clock()
    first, second = (limiter(store, clock) for store in workers)
    assert first.check("U1", "C1").allowed
    assert second.check("U1", "C1").allowed
    refused = first.check("U1", "C1")
    assert not refused.allowed and refused.scope == "user" and 0 < refused.retry_after <= 60
    assert not second.check("U1", "C2").allowed, "the user's limit holds in every channel and worker"
    assert second.check("U2", "C1").allowed, "another user is not limited"
    clock.now += 60.5
    assert second.check("U1", "C1").allowed, "the window slides: the first hits have left it"


def test_a_channel_limit_holds_across_workers(workers: tuple[Store, Store]) -> None:
    clock = Clock()
    first, second = (limiter(store, clock, per_user=100, per_channel=3) for store in workers)
    for n, worker in enumerate([first, second, first]):
        assert worker.check(f"U{n}", "C1").allowed
    verdict = second.check("U9", "C1")
    assert not verdict.allowed and verdict.scope == "channel"
    assert "this channel is" in verdict.message


def test_platforms_sharing_a_database_keep_their_own_limits(workers: tuple[Store, Store]) -> None:
    clock = Clock()
    slack = RateLimiter(1, 100, 60.0, clock, hits=workers[0].limits, namespace="slack")
    discord = RateLimiter(1, 100, 60.0, clock, hits=workers[1].limits, namespace="discord")
    assert slack.check("123").allowed and discord.check("123").allowed


def test_a_refusal_is_not_counted_and_the_wait_is_never_longer_than_the_window(workers: tuple[Store, Store]) -> None:
    clock = Clock()
    first = limiter(workers[0], clock, per_user=1)
    assert first.check("U1").allowed
    for _ in range(5):
        assert not first.check("U1").allowed
    clock.now += 60.5
    assert first.check("U1").allowed, "refused questions did not extend the wait"
    clock.now -= 3600  # the wall clock stepped back an hour
    assert first.check("U1").retry_after <= 60


def test_the_shared_tables_forget_expired_rows(workers: tuple[Store, Store]) -> None:
    clock = Clock()
    first = limiter(workers[0], clock, per_user=1000)
    once = Once(workers[0].limits, 10.0, namespace="slack:event", clock=clock)
    for n in range(500):
        first.check(f"U{n}", f"C{n}")
        once.first_time(f"Ev{n}")
    assert workers[0].limits.sizes() == {"rate_hits": 1000, "claims": 500}
    clock.now += 3600
    first.check("U-late")
    assert workers[0].limits.sizes() == {"rate_hits": 1, "claims": 0}


def test_a_busy_database_lets_questions_through_at_once_and_says_so_once(
        workers: tuple[Store, Store], held_lock: sqlite3.Connection, caplog: pytest.LogCaptureFixture) -> None:
    clock = Clock()
    first = limiter(workers[0], clock, per_user=1)
    with caplog.at_level(logging.INFO, logger="bot.core.ratelimit"):
        for _ in range(3):  # over the limit, but nobody can count: fail open
            assert first.check("U1").allowed
        warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
        assert len(warnings) == 1 and "unavailable" in warnings[0].getMessage()
        held_lock.rollback()
        assert first.check("U1").allowed
        assert not first.check("U1").allowed, "limits apply again once the database answers"
        assert any("available again" in r.getMessage() for r in caplog.records)


def test_a_check_waits_for_a_busy_database_only_as_long_as_its_short_timeout(
        db_path: Path, held_lock: sqlite3.Connection) -> None:
    limits = Limits(db_path, busy_timeout_s=0.05)
    try:
        with pytest.raises(LimitsBusy):
            limits.hit([("slack:u:U1", 5)], 60.0, 1_800_000_000.0)
        with pytest.raises(LimitsBusy):
            limits.claim("slack:event:Ev1", 60.0, 1_800_000_000.0)
    finally:
        limits.close()


def test_a_memory_store_keeps_private_limits() -> None:
    store = Store.memory(load=False)
    try:
        clock = Clock()
        first = limiter(store, clock, per_user=1)
        assert first.check("U1").allowed and not first.check("U1").allowed
    finally:
        store.close()


def test_limits_in_memory_forget_users_who_do_not_come_back() -> None:
    clock = Clock()
    hits = MemoryHits()
    alone = RateLimiter(5, 100_000, 60.0, clock, hits=hits)
    for n in range(10_000):  # one question each from many users who never return
        alone.check(f"U{n}", f"C{n % 7}")
    assert len(hits) == 10_007
    clock.now += 121  # two windows later
    alone.check("U-new")
    assert len(hits) == 1


def test_a_limiter_without_a_database_still_limits() -> None:
    clock = Clock()
    alone = RateLimiter(2, 20, 60.0, clock)
    assert alone.check("U1").allowed and alone.check("U1").allowed and not alone.check("U1").allowed


# -- handled once --------------------------------------------------------------------------------------


def test_an_event_is_handled_once_across_workers(workers: tuple[Store, Store]) -> None:
    clock = Clock()
    first, second = (Once(store.limits, 3600.0, namespace="slack:event", clock=clock) for store in workers)
    assert first.first_time("Ev1")
    assert not second.first_time("Ev1"), "the retry landed on another worker: not answered again"
    assert not first.first_time("Ev1")
    assert second.first_time("Ev2")
    clock.now += 3601
    assert first.first_time("Ev1"), "remembered for its time to live, not for ever"


def test_handled_once_fails_open_on_a_busy_database(workers: tuple[Store, Store],
                                                    held_lock: sqlite3.Connection) -> None:
    clock = Clock()
    first, second = (Once(store.limits, 3600.0, namespace="slack:event", clock=clock) for store in workers)
    assert first.first_time("Ev1") and second.first_time("Ev1"), "answering twice beats not answering"
    assert not first.first_time("Ev1"), "a repeat in the same worker is still caught, without the database"


def test_handled_once_remembers_a_bounded_number_of_keys_itself() -> None:
    store = Store.memory(load=False)
    try:
        once = Once(store.limits, 3600.0, namespace="slack:event", clock=Clock())
        for n in range(LOCAL_KEYS + 500):
            assert once.first_time(f"Ev{n}")
        assert len(once._seen) == LOCAL_KEYS
        assert not once.first_time("Ev0"), "forgotten locally, still remembered in the database"
    finally:
        store.close()


def test_a_check_waits_for_another_thread_that_is_itself_waiting_for_the_database(db_path: Path) -> None:
    """The thread holding the connection may wait its whole busy timeout: the next one does not give up first."""
    limits = Limits(db_path, busy_timeout_s=0.5)
    outcome: list[object] = []

    def check() -> None:
        try:
            outcome.append(limits.hit([("slack:u:U1", 5)], 60.0, 1_800_000_000.0))
        except LimitsBusy as exc:
            outcome.append(exc)

    try:
        with limits._lock:  # another thread holding the connection, as one waiting for the database does
            worker = threading.Thread(target=check)
            worker.start()
            time.sleep(0.6)  # longer than one busy timeout, shorter than two
        worker.join(10)
        assert outcome == [None], outcome
    finally:
        limits.close()
