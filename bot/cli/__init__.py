"""``python -m bot``: one argparse tree; each command family registers itself from its own module."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

COMMAND_MODULES = (
    "bot.cli.core", "bot.cli.discord", "bot.cli.slack", "bot.cli.curation", "bot.cli.ops", "bot.cli.bench",
)
"""Modules with a ``register(subparsers, common)`` function, in help order."""


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
    """Run one command; with none, start the bot (terminal chat when no chat tokens are set)."""
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        args = parser.parse_args(["run", *(argv or [])])
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
