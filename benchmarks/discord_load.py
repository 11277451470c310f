"""Discord under load: how fast the bot answers many ``/nvidia ask`` at once, and how late its event loop runs.

The real bot (``bot.discord.app.build_bot``) is connected to the fake Discord the
tests use (``tests/discord/fake_discord.py``: the REST API and the gateway on a
unix socket, on a thread of its own), and ``questions`` interactions arrive over
the gateway one after another. Meanwhile a probe on the bot's event loop sleeps
2 ms at a time and records how late it wakes: the loop lag a gateway heartbeat
or another user's command would see. The core answers on the bot's worker
thread, so the lag should stay near zero however busy the core is. The tests
check that every question is answered and that the loop keeps turning during
core calls; the figures here are reported, never asserted (the machines are
shared and noisy). Like the rest of ``benchmarks``, this runs from a checkout.
"""

from __future__ import annotations

import asyncio
import gc
import time
from dataclasses import dataclass
from typing import Any

from benchmarks.report import percentile
from bot.config import Settings
from bot.core.service import KnowledgeBase
from tests.discord.harness import connected
from tests.discord.payloads import APPLICATION_COMMAND, interaction_payload, nvidia

PROBE_INTERVAL_S = 0.002
ANSWER_TIMEOUT_S = 120.0
"""How long to wait for every answer before giving up."""


@dataclass(frozen=True)
class DiscordLoad:
    """``questions`` asked at once: answers per second, and the event loop's lag while they were answered."""

    questions: int
    seconds: float
    """From the first question delivered to the last answer received."""
    answers_per_s: float
    lag_p50_ms: float
    lag_p95_ms: float
    lag_p99_ms: float
    lag_max_ms: float
    probes: int
    """How many times the probe woke (the lag percentiles are over these)."""

    def to_json(self) -> dict[str, Any]:
        """The figures as a JSON object, rounded for a report."""
        return {"questions": self.questions, "seconds": round(self.seconds, 3),
                "answers_per_s": round(self.answers_per_s, 1), "lag_p50_ms": round(self.lag_p50_ms, 2),
                "lag_p95_ms": round(self.lag_p95_ms, 2), "lag_p99_ms": round(self.lag_p99_ms, 2),
                "lag_max_ms": round(self.lag_max_ms, 2), "probes": self.probes}


def measure(kb: KnowledgeBase, *, questions: int = 200) -> DiscordLoad:
    """Ask ``questions`` FAQ questions (in turn) through the gateway at once; time the answers and the loop.

    Answered questions write nothing, so any knowledge base will do, the shipped one included.
    """
    return asyncio.run(_measure(kb, questions))


async def _measure(kb: KnowledgeBase, count: int) -> DiscordLoad:
    asked = [entry.question for entry in kb.answers.data.faq]
    lags: list[float] = []
    settings = Settings(user_rate=count + 1, channel_rate=count + 1)  # the cooldown is not what is measured

    async def probe(stop: asyncio.Event) -> None:
        loop = asyncio.get_running_loop()
        while not stop.is_set():
            start = loop.time()
            await asyncio.sleep(PROBE_INTERVAL_S)
            lags.append(max(0.0, loop.time() - start - PROBE_INTERVAL_S))  # the loop may wake a tick early

    async with connected(kb, settings) as discord:
        await discord.command("ask", question=asked[0])  # warm up, then measure
        before = len(discord.calls)
        gc.collect()
        stop = asyncio.Event()
        prober = asyncio.create_task(probe(stop))
        started = time.perf_counter()
        for i in range(count):
            payload = nvidia("ask", question=asked[i % len(asked)])
            await discord.interaction(interaction_payload(APPLICATION_COMMAND, payload, user_id=10_000 + i))
        await discord.wait_for(before + count, timeout=ANSWER_TIMEOUT_S)
        seconds = time.perf_counter() - started
        stop.set()
        await prober
    ms = [lag * 1000 for lag in lags]
    return DiscordLoad(
        questions=count, seconds=seconds, answers_per_s=count / seconds if seconds else 0.0,
        lag_p50_ms=percentile(ms, 50), lag_p95_ms=percentile(ms, 95), lag_p99_ms=percentile(ms, 99),
        lag_max_ms=max(ms, default=0.0), probes=len(ms),
    )
