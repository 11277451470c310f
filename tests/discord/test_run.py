"""``run_discord``: refuses to start without a usable token, and stops cleanly on SIGTERM."""

from __future__ import annotations

import logging
import os
import signal
import sqlite3
import threading

import pytest

from bot.config import Settings
from bot.core.service import KnowledgeBase
from bot.discord.run import run_discord
from tests.discord.fake_discord import WAIT, FakeDiscord
from tests.discord.payloads import TOKEN


def test_run_discord_without_a_token_refuses(shared_kb: KnowledgeBase) -> None:
    assert run_discord(shared_kb, Settings()) == 2


def test_a_token_discord_refuses_is_reported_and_the_database_closed(
    kb: KnowledgeBase, caplog: pytest.LogCaptureFixture
) -> None:
    with FakeDiscord(token="another-token") as discord_, caplog.at_level(logging.ERROR):
        status = run_discord(kb, Settings(discord_token=TOKEN), connector=discord_.connector)
    assert status == 2
    assert any("Discord refused DISCORD_TOKEN" in r.getMessage() for r in caplog.records)
    assert TOKEN not in caplog.text
    with pytest.raises(sqlite3.ProgrammingError):
        kb.store.db.execute("select 1")


def test_sigterm_closes_the_gateway_and_the_database_and_exits_cleanly(kb: KnowledgeBase) -> None:
    previous = signal.getsignal(signal.SIGTERM)
    with FakeDiscord() as discord_:

        def terminate_once_connected() -> None:
            if discord_.identified.wait(WAIT):
                os.kill(os.getpid(), signal.SIGTERM)

        sender = threading.Thread(target=terminate_once_connected)
        sender.start()
        status = run_discord(kb, Settings(discord_token=TOKEN), connector=discord_.connector)
        sender.join(WAIT)
        assert discord_.disconnected.wait(WAIT), "the bot closed its gateway connection"
    assert status == 0
    assert signal.getsignal(signal.SIGTERM) == previous
    with pytest.raises(sqlite3.ProgrammingError):
        kb.store.db.execute("select 1")
