"""The client: failures answered and logged, slow calls deferred, the loop never blocked, shards and start-up."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import sqlite3
import threading
from pathlib import Path
from typing import Any

import discord
import pytest

from bot.config import Settings
from bot.core.models import Answer
from bot.core.service import KnowledgeBase
from bot.discord.bot import APOLOGY, OUTDATED, REQUIRED_PERMISSIONS, NvidiaBot, bot_intents, invite_url
from bot.logging_setup import configure_logging
from tests.discord.checks import assert_well_formed, settings
from tests.discord.harness import connected, run
from tests.discord.payloads import (
    APPLICATION_COMMAND,
    BOT_ID,
    BOT_USER,
    COMPONENT,
    button_press,
    interaction_payload,
    message_payload,
    nvidia,
)


def mention(text: str) -> dict[str, Any]:
    return message_payload(content=f"<@{BOT_ID}> {text}", mentions=[BOT_USER])


# -- errors ------------------------------------------------------------------------------------------------


def test_a_failing_core_gets_a_short_apology_and_a_logged_cause(
    kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def boom(*_: Any, **__: Any) -> Answer:
        raise RuntimeError("database on fire")

    monkeypatch.setattr(kb, "ask", boom)

    async def scenario() -> None:
        async with connected(kb, settings()) as discord_:
            sent = await discord_.command("ask", question="anything")
            assert sent.ephemeral and sent.content == APOLOGY
            await discord_.message(mention("anything"))
            reply = (await discord_.wait_for(2))[1]
            assert reply.content == APOLOGY and reply.payload["allowed_mentions"]["parse"] == []

    with caplog.at_level(logging.ERROR):
        run(scenario)
    failures = [r for r in caplog.records if r.name.startswith("bot.discord.") and r.levelno == logging.ERROR]
    assert len(failures) == 2
    assert all(r.exc_info and "database on fire" in str(r.exc_info[1]) for r in failures)
    assert "/nvidia ask" in failures[0].getMessage()


def test_an_unknown_or_stale_command_is_answered_not_dropped(shared_kb: KnowledgeBase) -> None:
    kb = shared_kb  # nothing is asked

    async def scenario() -> None:
        async with connected(kb, settings()) as discord_:
            data = {"id": "1", "name": "nvidia-old", "type": 1, "options": []}
            sent = await discord_.respond(interaction_payload(APPLICATION_COMMAND, data))
            assert sent.ephemeral and sent.content == OUTDATED

    run(scenario)


def test_a_slow_core_defers_before_discords_deadline_then_follows_up(
    kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()
    real_ask = kb.ask

    def slow_ask(question: str, **kwargs: Any) -> Answer:
        release.wait(10)  # held until the bot has said "thinking…"
        answer: Answer = real_ask(question, **kwargs)
        return answer

    monkeypatch.setattr(kb, "ask", slow_ask)

    async def scenario() -> None:
        async with connected(kb, settings()) as discord_:
            discord_.bot.defer_after = 0.0
            deferred = await discord_.respond(interaction_payload(
                APPLICATION_COMMAND, nvidia("ask", question=kb.answers.data.faq[0].question)))
            assert deferred.type == 5 and not deferred.ephemeral
            release.set()
            followup = (await discord_.wait_for(2))[1]
            assert followup.via == "followup" and followup.embeds and followup.buttons
            assert_well_formed(followup)

    run(scenario)


def test_errors_are_logged_with_their_cause_a_request_id_and_never_the_token(
    kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = "MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GAbCdE.abcdefghijklmnopqrstuvwxyz0123456789AB"

    def leaky(*_: Any, **__: Any) -> Answer:
        raise RuntimeError(f"request with Authorization: Bot {token} failed")

    monkeypatch.setattr(kb, "ask", leaky)
    stream = io.StringIO()
    handler = configure_logging(Settings(discord_token=token, log_format="json"), stream=stream, level="INFO")
    try:
        async def scenario() -> None:
            async with connected(kb, settings()) as discord_:
                assert (await discord_.command("ask", question="anything")).content == APOLOGY

        run(scenario)
    finally:
        logging.getLogger().removeHandler(handler)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    (failure,) = [line for line in lines if line["level"] == "ERROR"]
    assert failure["logger"] == "bot.discord.bot" and failure["request_id"]
    assert "RuntimeError" in failure["exc"] and "[redacted]" in failure["exc"]
    assert token not in stream.getvalue()
    assert token not in repr(Settings(discord_token=token))


# -- the event loop is never blocked -------------------------------------------------------------------------


def test_200_concurrent_questions_are_all_answered_while_the_event_loop_keeps_turning(
    kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The core runs on a worker thread: while it answers 200 questions, the loop keeps turning.

    A probe task ticks on the event loop; every core call waits (at most 10 s) for the probe to tick while
    the call is in progress, which it could never do if the calls ran on the loop. How fast the questions
    are answered, and how late the loop runs, is measured by ``benchmarks.discord_load``, not asserted here.
    """
    questions = [e.question for e in kb.answers.data.faq] + ["bananas", "quantum robots"]
    ticked = threading.Condition()
    ticks = 0
    overlapped: list[bool] = []
    real_ask = kb.ask

    def watched_ask(question: str, **kwargs: Any) -> Answer:
        with ticked:
            seen = ticks
            overlapped.append(ticked.wait_for(lambda: ticks > seen, timeout=10))
        answer: Answer = real_ask(question, **kwargs)
        return answer

    monkeypatch.setattr(kb, "ask", watched_ask)

    async def probe(stop: asyncio.Event) -> None:
        nonlocal ticks
        while not stop.is_set():
            await asyncio.sleep(0.001)
            with ticked:
                ticks += 1
                ticked.notify_all()

    async def scenario() -> None:
        async with connected(kb, settings()) as discord_:
            stop = asyncio.Event()
            prober = asyncio.create_task(probe(stop))
            for i in range(200):  # as the gateway delivers them, one event after another
                payload = nvidia("ask", question=questions[i % len(questions)])
                await discord_.interaction(interaction_payload(APPLICATION_COMMAND, payload, user_id=10_000 + i))
            calls = await discord_.wait_for(200, timeout=60)
            stop.set()
            await prober
            assert len(calls) == 200 and all(c.type == 4 and c.embeds for c in calls)

    run(scenario)
    assert len(overlapped) >= 200 and all(overlapped), "the loop kept turning during every core call"


def test_a_database_locked_by_another_process_does_not_freeze_the_bot(kb: KnowledgeBase, db_path: Path) -> None:
    """Another process (a moderator's edit, a backup) holds the write lock: a vote is thanked at once and saved
    behind the answers once the lock is free; nothing waits for it."""
    faq = kb.answers.data.faq[0]

    async def scenario() -> None:
        async with connected(kb, settings()) as discord_:
            sent = await discord_.command("ask", question=faq.question)
            vote_id = next(b["custom_id"] for b in sent.buttons if b["custom_id"].startswith("nvidia:fb:y:"))
            other = sqlite3.connect(db_path, isolation_level=None)
            other.execute("BEGIN IMMEDIATE")  # the other process's write transaction
            try:
                before = len(discord_.calls)
                await discord_.interaction(interaction_payload(COMPONENT, button_press(vote_id),
                                                               message=sent.message))
                help_ = await discord_.command("help")  # needs no database
                assert help_.ephemeral
                replies = (await discord_.wait_for(before + 2))[before:]  # both, with the lock still held
                assert any("Noted as helpful" in r.content for r in replies)
                saved = other.execute("select count(*) from feedback").fetchone()[0]
                assert saved == 0, "not written under another process's lock"
            finally:
                other.execute("COMMIT")
                other.close()

    run(scenario)
    assert kb.store.behind.flush(30)
    kept = sqlite3.connect(db_path)
    try:
        assert kept.execute("select count(*) from feedback").fetchone()[0] == 1
    finally:
        kept.close()


# -- configuration and start-up --------------------------------------------------------------------------------


def test_the_client_honours_shards_and_needs_no_privileged_intent(shared_kb: KnowledgeBase) -> None:
    kb = shared_kb
    bot = NvidiaBot(kb, Settings(discord_shard_ids=(2, 3), discord_shard_count=4))
    assert bot.shard_ids == [2, 3] and bot.shard_count == 4
    assert isinstance(bot, discord.AutoShardedClient)
    everything = NvidiaBot(kb, Settings())
    assert everything.shard_ids is None and everything.shard_count is None, "one process, all shards by default"
    intents = bot_intents()
    assert not intents.message_content and not intents.members and not intents.presences
    assert intents.guild_messages and intents.dm_messages and intents.guilds


def test_ready_is_logged_with_the_guild_count_and_invite(
    shared_kb: KnowledgeBase, caplog: pytest.LogCaptureFixture
) -> None:
    kb = shared_kb

    async def scenario() -> None:
        # READY waits this long after the last guild arrives (discord.py's default is 2 s)
        async with connected(kb, settings(), guild_ready_timeout=0.01) as discord_:
            await discord_.bot.wait_until_ready()

    with caplog.at_level(logging.INFO, logger="bot.discord.bot"):
        run(scenario)
    messages = [r.getMessage() for r in caplog.records]
    assert any("ready as nvidia-europe" in m and "in 1 guilds" in m for m in messages)
    assert any(m == "shard 0 ready" for m in messages)
    assert any(m.endswith(f"permissions={REQUIRED_PERMISSIONS.value}") for m in messages)


def test_the_docs_invite_url_asks_for_exactly_the_required_permissions() -> None:
    docs = (Path(__file__).resolve().parents[2] / "docs" / "discord.md").read_text()
    assert REQUIRED_PERMISSIONS.value == 274877991936
    assert invite_url(123) == (
        "https://discord.com/oauth2/authorize?client_id=123&scope=bot+applications.commands"
        f"&permissions={REQUIRED_PERMISSIONS.value}"
    )
    assert f"scope=bot+applications.commands&permissions={REQUIRED_PERMISSIONS.value}" in docs

