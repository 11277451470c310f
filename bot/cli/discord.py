"""``python -m bot discord ...``: register the slash commands, or print what would be registered.

Registration is explicit rather than on every start: Discord rate-limits it,
and a global change takes a while to reach every client, so it is a deploy step.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
from typing import Any

from bot.cli.context import fail
from bot.config import ConfigError, load_settings
from bot.logging_setup import scrub


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add ``discord sync`` and ``discord commands`` to the parser."""
    family = sub.add_parser("discord", parents=[common], help="Discord: register or list the slash commands")
    commands = family.add_subparsers(dest="discord_command", metavar="SUBCOMMAND")
    family.set_defaults(func=lambda _args: _usage(family))

    p = commands.add_parser(
        "sync", parents=[common],
        help="register the /nvidia commands with Discord (needs DISCORD_TOKEN)",
        description="Register the /nvidia commands globally (can take up to an hour to show everywhere) "
        "or in one guild (instant; for testing).",
    )
    p.add_argument("--guild", type=int, metavar="ID", help="register in this guild only (instant)")
    p.add_argument("--clear", action="store_true", help="remove the commands instead (globally or from --guild)")
    p.set_defaults(func=cmd_sync)

    p = commands.add_parser(
        "commands", parents=[common],
        help="print the application-command payloads sync would register (no token, no network)",
    )
    p.add_argument("--json", action="store_true", help="print the exact JSON payloads")
    p.set_defaults(func=cmd_commands)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def cmd_commands(args: argparse.Namespace) -> int:
    """Print the payloads: the exact JSON, or a readable list."""
    from bot.discord.app import command_payloads  # discord.py is imported only by the discord commands

    # A one-shot command whose output is for a script: warnings and worse only unless LOG_LEVEL=DEBUG, like
    # `ask` (the `discord` family logs at LOG_LEVEL for `sync`), so building the commands says nothing.
    root = logging.getLogger()
    if root.getEffectiveLevel() > logging.DEBUG:
        root.setLevel(max(root.getEffectiveLevel(), logging.WARNING))
    payloads = command_payloads()
    if args.json:
        print(json.dumps(payloads, indent=2, ensure_ascii=False))
    else:
        for command in payloads:
            for option in command.get("options") or [{"name": "", "description": command["description"]}]:
                name = f"/{command['name']} {option['name']}".rstrip()
                print(f"{name:<20} {option['description']}")
    return 0


def cmd_sync(args: argparse.Namespace) -> int:
    """Register (or clear) the commands."""
    try:
        settings = load_settings()
    except ConfigError as exc:
        return fail(f"configuration: {exc}")
    if not settings.discord_token:
        return fail("DISCORD_TOKEN is not set (in the environment or .env); see docs/discord.md")
    try:
        names = asyncio.run(sync_commands(settings.discord_token, args.guild, clear=args.clear))
    except Exception as exc:  # login refused, network down, Discord said 400: one line, no traceback
        return fail(f"sync failed: {type(exc).__name__}: {scrub(str(exc), settings.secrets)}")
    where = f"guild {args.guild}" if args.guild else "all guilds (global; may take up to an hour to appear)"
    if args.clear:
        print(f"Removed the commands from {where}.")
    else:
        print(f"Registered {', '.join('/' + n for n in names)} in {where}.")
    return 0


async def sync_commands(token: str, guild_id: int | None, *, clear: bool = False, **options: Any) -> list[str]:
    """Log in over HTTP only (no gateway) and sync the tree; return the registered command names.

    A guild gets a copy of the commands (instant); ``clear`` syncs an empty list instead. ``options`` go to
    the discord.py client (a ``connector``, say).
    """
    import discord  # only the discord commands need discord.py

    from bot.discord.app import offline_bot  # discord.py is imported only by the discord commands

    bot = offline_bot(**options)
    guild = discord.Object(id=guild_id) if guild_id else None
    if clear:
        bot.tree.clear_commands(guild=guild)
    elif guild is not None:
        bot.tree.copy_global_to(guild=guild)
    async with bot:
        await bot.login(token)
        synced = await bot.tree.sync(guild=guild)
    return [command.name for command in synced]
