"""What every command needs: the knowledge base named by ``--db``, opened with a clear error."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.core.loader import DataError
from bot.core.service import KnowledgeBase


class CommandError(Exception):
    """A refusal to show on stderr (exit status 2), never a traceback."""


def open_kb(args: argparse.Namespace) -> KnowledgeBase:
    """Open the database from ``--db`` / ``$BOT_DB``, creating and loading it on first use."""
    try:
        return KnowledgeBase.open(Path(args.db) if getattr(args, "db", None) else None)
    except DataError as exc:
        raise CommandError(f"the knowledge base could not be loaded: {exc}") from exc


def fail(message: str) -> int:
    """Print a refusal to stderr and return the exit status for it."""
    print(f"error: {message}", file=sys.stderr)
    return 2
