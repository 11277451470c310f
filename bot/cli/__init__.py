"""``python -m bot``: one argparse tree; each command family registers itself from its own module."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from bot.config import ConfigError, load_settings
from bot.logging_setup import configure_logging

COMMAND_MODULES = (
    "bot.cli.core", "bot.cli.discord", "bot.cli.slack", "bot.cli.curation", "bot.cli.ops", "bot.cli.bench",
)
"""Modules with a ``register(subparsers, common)`` function, in help order."""
SERVING_COMMANDS = frozenset({"run", "chat", "discord", "slack"})
"""Long-running commands, which log at ``LOG_LEVEL``."""


def build_parser() -> argparse.ArgumentParser:
    """The whole command tree (every command has help text and ``--db``)."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="PATH", help="SQLite database (default: $BOT_DB or a per-user file)")
    parser = argparse.ArgumentParser(
        prog="python -m bot",
        description="Answers questions about NVIDIA's European AI-infrastructure announcements, with sources.",
        parents=[common],
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; with none, start the bot (terminal chat when no chat tokens are set).

    The configuration is read and checked before any command runs, so a malformed token stops every
    command at once with a message naming the setting (exit status 2), never a traceback.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        args = parser.parse_args(["run", *(sys.argv[1:] if argv is None else argv)])
    try:
        settings = load_settings()
    except ConfigError as exc:
        print(f"error: configuration: {exc}", file=sys.stderr)
        return 2
    args.settings = settings
    configure_logging(settings, level=command_log_level(args.command, settings.log_level))
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


def command_log_level(command: str | None, configured: str) -> int:
    """``LOG_LEVEL`` for the commands that serve users; one-shot commands show warnings and worse only.

    A one-shot command's output is for a person or a script, and info lines on every ``ask`` are noise;
    ``LOG_LEVEL=DEBUG`` still shows everything everywhere.
    """
    level = logging.getLevelName(configured)
    if command in SERVING_COMMANDS or level == logging.DEBUG:
        return int(level)
    return max(int(level), logging.WARNING)


if __name__ == "__main__":
    sys.exit(main())
