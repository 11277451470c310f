"""Runs the Discord bot until it is stopped, and turns how it stopped into an exit status.

SIGTERM (a service manager or container stopping the bot) goes through the
project's one mechanism, :func:`bot.shutdown.stop_on_sigterm`: it closes the
gateway, lets the core call in flight finish, and the database is closed
after. Ctrl-C does the same.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import Callable

import aiohttp
import discord

from bot.config import Settings
from bot.core.service import KnowledgeBase
from bot.discord.app import build_bot
from bot.discord.bot import NvidiaBot
from bot.shutdown import stop_on_sigterm

log = logging.getLogger(__name__)

Connector = Callable[[], aiohttp.BaseConnector]
"""Makes the connection to Discord on the bot's event loop (aiohttp needs one running): a proxy, a test double."""


class _Stopper:
    """SIGTERM's stop function: closes the running bot from the signal's thread, or keeps it from starting."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running: tuple[NvidiaBot, asyncio.AbstractEventLoop] | None = None
        self._requested = False

    def attach(self, bot: NvidiaBot) -> bool:
        """Remember the bot being started on this loop; False if a stop came first (then do not start)."""
        with self._lock:
            self._running = (bot, asyncio.get_running_loop())
            return not self._requested

    def stop(self) -> None:
        """Ask the bot's loop to close it (thread-safe)."""
        with self._lock:
            self._requested = True
            running = self._running
        if running is not None and not running[1].is_closed():
            bot, loop = running
            with contextlib.suppress(RuntimeError):  # the loop ended meanwhile: nothing left to stop
                asyncio.run_coroutine_threadsafe(bot.close(), loop)


async def _serve(kb: KnowledgeBase, settings: Settings, stopper: _Stopper, connector: Connector | None) -> None:
    bot = build_bot(kb, settings, **({"connector": connector()} if connector else {}))
    async with bot:  # closes the bot however this ends
        if stopper.attach(bot):
            assert settings.discord_token is not None
            await bot.start(settings.discord_token)  # returns after close(), e.g. on SIGTERM


def run_discord(kb: KnowledgeBase, settings: Settings, *, connector: Connector | None = None) -> int:
    """Start the bot on the configured shards (all of them by default); return the exit status.

    Logging is set up by ``python -m bot`` (``bot.logging_setup``), which scrubs the token from every record.
    """
    if not settings.discord_token:
        log.error("DISCORD_TOKEN is not set")
        return 2
    log.info(
        "starting the Discord bot (shards %s of %s, answers %s)",
        list(settings.discord_shard_ids) if settings.discord_shard_ids else "all",
        settings.discord_shard_count or "auto",
        "public" if settings.answers_public else "private",
    )
    stopper = _Stopper()
    try:
        with stop_on_sigterm(stopper.stop):
            asyncio.run(_serve(kb, settings, stopper, connector))
    except KeyboardInterrupt:
        log.info("interrupted")
    except discord.LoginFailure:
        log.error("Discord refused DISCORD_TOKEN: reset it in the developer portal (Bot page) and update .env")
        return 2
    except discord.PrivilegedIntentsRequired as exc:
        log.error("Discord refused a privileged intent for shard %s; this bot needs none", exc.shard_id)
        return 2
    except (aiohttp.ClientError, OSError, discord.DiscordException) as exc:
        log.error("the Discord bot stopped: %s: %s", type(exc).__name__, exc)
        return 1
    finally:
        kb.close()
    log.info("the Discord bot stopped cleanly")
    return 0
