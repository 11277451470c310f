"""The real bot, as ``build_bot`` assembles it, connected to the fake Discord: deliver events, read the replies.

Events reach the bot over the gateway (``INTERACTION_CREATE``,
``MESSAGE_CREATE``), so interactions go through the real ``CommandTree`` and
button presses and form submissions through discord.py's own view store, and
every reply is read where it leaves the process, as an HTTP request.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import aiohttp

from bot.config import Settings
from bot.core.service import KnowledgeBase
from bot.discord.app import build_bot
from bot.discord.bot import NvidiaBot
from tests.discord.fake_discord import FakeDiscord, Sent
from tests.discord.payloads import (
    APPLICATION_COMMAND,
    COMPONENT,
    TOKEN,
    USER_ID,
    button_press,
    interaction_payload,
    nvidia,
)

NEVER_DEFER = 60.0


@dataclass
class Session:
    """A connected bot and the Discord it is connected to."""

    bot: NvidiaBot
    discord: FakeDiscord

    @property
    def calls(self) -> list[Sent]:
        return self.discord.calls

    async def wait_for(self, count: int, timeout: float = 10.0) -> list[Sent]:
        """Wait until the bot has made at least ``count`` requests."""
        return await self.discord.wait_for(count, timeout)

    async def interaction(self, payload: dict[str, Any]) -> None:
        """Deliver an INTERACTION_CREATE."""
        await self.discord.dispatch("INTERACTION_CREATE", payload)

    async def message(self, payload: dict[str, Any]) -> None:
        """Deliver a MESSAGE_CREATE."""
        await self.discord.dispatch("MESSAGE_CREATE", payload)

    async def respond(self, payload: dict[str, Any]) -> Sent:
        """Deliver an interaction and return the bot's first response to it."""
        before = len(self.calls)
        await self.interaction(payload)
        return (await self.wait_for(before + 1))[before]

    async def command(self, sub: str, *, user_id: int = USER_ID, guild: bool = True, **options: Any) -> Sent:
        """Run ``/nvidia <sub>`` and return its (first) response."""
        return await self.respond(interaction_payload(APPLICATION_COMMAND, nvidia(sub, **options),
                                                      user_id=user_id, guild=guild))

    async def press(self, sent: Sent, custom_id: str, *, user_id: int = USER_ID) -> Sent:
        """Press a button on the message ``sent`` created; return the bot's response to the press."""
        assert sent.message is not None, "that call created no message"
        assert custom_id in [b.get("custom_id") for b in sent.buttons], f"no button {custom_id!r}"
        return await self.respond(interaction_payload(COMPONENT, button_press(custom_id), user_id=user_id,
                                                      message=sent.message))


class InFlight:
    """Counts the bot's HTTP requests still waiting for their answer, through aiohttp's public request tracing.

    A test is done once it has seen the request it waited for, but the bot may not have read the answer
    yet; closing it then would cut that request off. So a session ends when nothing is in flight.
    """

    def __init__(self) -> None:
        self.count = 0
        self.idle = asyncio.Event()
        self.idle.set()
        self.trace = aiohttp.TraceConfig()
        self.trace.on_request_start.append(self._started)
        self.trace.on_request_end.append(self._ended)
        self.trace.on_request_exception.append(self._ended)

    async def _started(self, session: aiohttp.ClientSession, context: SimpleNamespace, params: object) -> None:
        self.count += 1
        self.idle.clear()

    async def _ended(self, session: aiohttp.ClientSession, context: SimpleNamespace, params: object) -> None:
        self.count -= 1
        if self.count == 0:
            self.idle.set()


@asynccontextmanager
async def connected(kb: KnowledgeBase, settings: Settings | None = None, **options: Any) -> AsyncIterator[Session]:
    """The bot logged in to a fresh fake Discord, in the test guild; closed (and its worker stopped) after.

    ``options`` go to the discord.py client, like any of ``build_bot``'s.
    """
    with FakeDiscord() as discord:
        in_flight = InFlight()
        bot = build_bot(kb, settings or Settings(), connector=discord.connector(), http_trace=in_flight.trace,
                        **options)
        # Whether a reply is first deferred ("thinking…") depends on how long the core takes, which is timing;
        # here replies come straight away, and the test of deferral sets this to 0.
        bot.defer_after = NEVER_DEFER
        running = asyncio.create_task(bot.start(TOKEN))
        try:
            await discord.until_identified()
            yield Session(bot, discord)
            async with asyncio.timeout(10):
                await in_flight.idle.wait()
        finally:
            await bot.close()
            await running


def run(scenario: Callable[[], Coroutine[Any, Any, None]]) -> None:
    """Run one async test scenario on a fresh event loop."""
    asyncio.run(scenario())
