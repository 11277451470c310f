"""``python -m bot``: one argparse tree; each command family registers itself from its own module."""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from dotenv import dotenv_values

from bot.config import ConfigError, load_settings
from bot.logging_setup import configure_logging

COMMAND_MODULES = (
    "bot.cli.core", "bot.cli.discord", "bot.cli.slack", "bot.cli.curation", "bot.cli.sources", "bot.cli.unanswered",
    "bot.cli.exchange", "bot.cli.proposals", "bot.cli.ops", "bot.cli.bench",
)
"""Modules with a ``register(subparsers, common)`` function, in help order."""
DB_HELP = "SQLite database (default: $BOT_DB or a per-user file); before or after the command name"
SERVING_COMMANDS = frozenset({"run", "discord", "slack"})
"""Long-running commands that serve a chat service, which log at ``LOG_LEVEL`` (``run`` unless it falls back to
the terminal chat)."""
CHAT_COMMAND = "chat"
"""The terminal chat: its screen is the conversation, so it logs warnings and worse only unless ``LOG_LEVEL`` is
set explicitly (in the environment or ``.env``)."""


def build_parser() -> argparse.ArgumentParser:
    """The whole command tree (every command has help text and ``--db``)."""
    # The commands' --db sets nothing unless given, so `--db PATH` before the command name is not undone by the
    # command's own default: it means the same wherever it stands.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=DB_HELP)
    parser = argparse.ArgumentParser(
        prog="python -m bot",
        description="Answers questions about NVIDIA's European AI-infrastructure announcements, with sources.",
    )
    parser.add_argument("--db", metavar="PATH", default=None, help=DB_HELP)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; with none, start the bot (terminal chat when no chat tokens are set).

    The configuration is read and checked before any command runs, so a malformed token stops every
    command at once with a message naming the setting (exit status 2), never a traceback.
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    problem = argument_problem(argv)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        args = parser.parse_args(["run", *argv])
    try:
        settings = load_settings()
    except ConfigError as exc:
        print(f"error: configuration: {exc}", file=sys.stderr)
        return 2
    args.settings = settings
    command = CHAT_COMMAND if args.command == "run" and settings.mode == "terminal" else args.command
    configure_logging(settings, level=command_log_level(command, settings.log_level, level_set=log_level_set()))
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


def argument_problem(argv: Sequence[str]) -> str | None:
    """Why these arguments cannot run at all, or None: text that is not UTF-8, or two different ``--db``.

    Bytes that are not UTF-8 reach Python as lone surrogates, which no database, log or terminal can take
    (they would end in a traceback deep inside); ``--db`` given twice with different paths is ambiguous
    about which database a change should land in.
    """
    for arg in argv:
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            shown = arg.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            return f"an argument is not valid UTF-8 text: {shown[:80]}"
    paths = set(db_arguments(argv))
    if len(paths) > 1:
        return f"--db is given more than once, with different paths ({', '.join(sorted(paths))}); give it once"
    return None


def db_arguments(argv: Sequence[str]) -> list[str]:
    """Every value given to ``--db``, wherever it stands (``--`` ends the options)."""
    values: list[str] = []
    args = iter(argv)
    for arg in args:
        if arg == "--":
            break
        if arg == "--db":
            values.append(next(args, ""))
        elif arg.startswith("--db="):
            values.append(arg.removeprefix("--db="))
    return values


def command_log_level(command: str | None, configured: str, *, level_set: bool = False) -> int:
    """``LOG_LEVEL`` for the commands that serve a chat service; the others show warnings and worse only.

    A one-shot command's output is for a person or a script, and info lines on every ``ask`` are noise. The
    terminal chat prints its conversation on the screen its logs go to, so it follows ``LOG_LEVEL`` only when
    that is set explicitly (``level_set``). ``LOG_LEVEL=DEBUG`` still shows everything everywhere.
    """
    level = logging.getLevelName(configured)
    if command in SERVING_COMMANDS or level == logging.DEBUG or (command == CHAT_COMMAND and level_set):
        return int(level)
    return max(int(level), logging.WARNING)


def log_level_set(env_file: Path = Path(".env")) -> bool:
    """Whether ``LOG_LEVEL`` is set, in the environment or in ``.env`` (where :func:`load_settings` reads it)."""
    if (os.environ.get("LOG_LEVEL") or "").strip():
        return True
    try:
        return bool((dotenv_values(env_file).get("LOG_LEVEL") or "").strip()) if env_file.is_file() else False
    except (OSError, UnicodeDecodeError):  # load_settings has already accepted the file; be safe anyway
        return False


if __name__ == "__main__":
    sys.exit(main())
