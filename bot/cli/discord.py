"""``python -m bot discord ...``: register the slash commands, or print what would be registered.

Registration is explicit rather than on every start: Discord rate-limits it,
and a global change takes a while to reach every client, so it is a deploy step.
"""

from __future__ import annotations

import argparse
import asyncio
import json
from typing import Any


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
    """Print the payloads (JSON, or a readable list); exit 1 if they break a Discord rule."""
    from bot.chat.discord_app import command_payloads
    from bot.chat.discord_payloads import validate_commands
    from bot.cli.context import fail

    payloads = command_payloads()
    if args.json:
        print(json.dumps(payloads, indent=2, ensure_ascii=False))
    else:
        for command in payloads:
            for option in command.get("options") or [{"name": "", "description": command["description"]}]:
                name = f"/{command['name']} {option['name']}".rstrip()
                print(f"{name:<20} {option['description']}")
    problems = validate_commands(payloads)
    if problems:
        return fail("the commands break Discord's rules:\n  " + "\n  ".join(problems))
    return 0


def cmd_sync(args: argparse.Namespace) -> int:
    """Register (or clear) the commands, after checking them against Discord's rules."""
    from bot.chat.discord_app import command_payloads
    from bot.chat.discord_payloads import validate_commands
    from bot.cli.context import fail
    from bot.config import ConfigError, load_settings
    from bot.logging_setup import scrub

    try:
        settings = load_settings()
    except ConfigError as exc:
        return fail(f"configuration: {exc}")
    if not settings.discord_token:
        return fail("DISCORD_TOKEN is not set (in the environment or .env); see docs/discord.md")
    problems = validate_commands(command_payloads())
    if problems:
        return fail("the commands break Discord's rules, not syncing:\n  " + "\n  ".join(problems))
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


async def sync_commands(token: str, guild_id: int | None, *, clear: bool = False) -> list[str]:
    """Log in over HTTP only (no gateway) and sync the tree; return the registered command names."""
    import discord

    from bot.chat.discord_admin import AdminGroup
    from bot.chat.discord_app import NvidiaGroup, offline_tree

    tree = offline_tree()
    client = tree.client
    guild = discord.Object(id=guild_id) if guild_id else None
    if not clear:
        tree.add_command(NvidiaGroup(), guild=guild)
        tree.add_command(AdminGroup(), guild=guild)
    async with client:
        await client.login(token)
        synced = await tree.sync(guild=guild)
    return [command.name for command in synced]
