"""Many questions at once: answered on worker threads while the event loop stays responsive."""

from __future__ import annotations

import asyncio
import itertools
import logging
import time

import pytest

from bot.core.evaluation import load_items
from bot.core.models import Answer
from bot.core.service import KnowledgeBase
from tests.conftest import DEV_SET, EXTRA_SET

CONCURRENT = 200
HEARTBEAT_S = 0.005


def test_200_concurrent_questions_are_all_answered_without_blocking_the_loop(
    kb: KnowledgeBase, caplog: pytest.LogCaptureFixture
) -> None:
    questions = [item.q for item in load_items(DEV_SET) + load_items(EXTRA_SET)]
    batch = [questions[i % len(questions)] for i in range(CONCURRENT)]

    async def scenario() -> tuple[list[Answer], list[float], float]:
        stop = asyncio.Event()
        beats: list[float] = []

        async def heartbeat() -> None:
            while not stop.is_set():
                beats.append(time.monotonic())
                await asyncio.sleep(HEARTBEAT_S)

        beat = asyncio.create_task(heartbeat())
        await asyncio.sleep(0)
        start = time.monotonic()
        answers = await asyncio.wait_for(asyncio.gather(*(asyncio.to_thread(kb.ask, q) for q in batch)), 120)
        elapsed = time.monotonic() - start
        stop.set()
        await beat
        return answers, beats, elapsed

    with caplog.at_level(logging.WARNING):
        answers, beats, elapsed = asyncio.run(scenario())

    assert len(answers) == CONCURRENT
    assert [a.question.strip() for a in answers] == [" ".join(q.split()) for q in batch]
    assert all(a.status in ("answered", "unsure", "no_answer") for a in answers)
    assert sum(a.status == "answered" for a in answers) > CONCURRENT // 2
    # The same question gets the same answer, whichever thread answered it.
    by_question: dict[str, set[tuple[str, str | None]]] = {}
    for a in answers:
        by_question.setdefault(a.question, set()).add((a.status, a.match.id if a.match else None))
    assert all(len(v) == 1 for v in by_question.values())
    # The loop kept ticking all along: no gap near the whole run, as a blocking call would leave.
    gaps = [b - a for a, b in itertools.pairwise(beats)]
    assert len(beats) >= 5
    assert max(gaps) < max(0.25, elapsed / 4), (max(gaps), elapsed)
    # Every question the bot could not answer reached the moderators' queue, as many as when asked one by one:
    # no write was lost to another thread's transaction.
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], [r.getMessage() for r in caplog.records]
    concurrent = queued(kb)
    assert [kb.ask(q) for q in batch] == answers
    assert queued(kb) == 2 * concurrent > 0


def queued(kb: KnowledgeBase) -> int:
    return int(kb.store.db.execute("select count(*) from unanswered").fetchone()[0])
