"""What every command needs: the database named by ``--db``, said out loud, and opened with a clear error."""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
from pathlib import Path

from bot.core.loader import DataError
from bot.core.semantic import semantic_mode_from_env
from bot.core.service import KnowledgeBase
from bot.core.store import default_db_path
from bot.core.store.files import DatabaseFileError
from bot.core.store.vectors import holds_vectors
from bot.logging_setup import scrub


class CommandError(Exception):
    """A refusal to show on stderr (exit status 2), never a traceback."""


def db_path(args: argparse.Namespace) -> Path:
    """The database named by ``--db`` (wherever it stood), else ``$BOT_DB``, else the per-user default."""
    return Path(os.path.abspath(args.db if getattr(args, "db", None) else default_db_path()))


FIRST_START = ("getting ready: the first start reads every entry and source sentence with the language model "
               "(a minute or so); later starts take about a second")
"""Said before the one slow start, so an operator does not take the wait for a hang."""


def waits_for_embedding(path: Path) -> bool:
    """Whether opening this database embeds the whole knowledge base before the first answer.

    Only ``BOT_SEMANTIC=now`` (the default) waits; ``background`` answers on words meanwhile, ``off`` never embeds.
    """
    return semantic_mode_from_env() == "now" and not holds_vectors(path)


def announced_db(args: argparse.Namespace) -> Path:
    """:func:`db_path`, named once on stderr: every command says which database it used.

    On stderr, so standard output keeps its format (``ask --json`` stays one JSON object per line).
    """
    path = db_path(args)
    if not getattr(args, "db_announced", False):
        print(f"database: {path}", file=sys.stderr)
        args.db_announced = True
    return path


def open_kb(args: argparse.Namespace) -> KnowledgeBase:
    """Open the database from ``--db`` / ``$BOT_DB``, creating and loading it on first use."""
    path = announced_db(args)
    if waits_for_embedding(path):
        print(FIRST_START, file=sys.stderr, flush=True)
    try:
        return KnowledgeBase.open(path)
    except DataError as exc:
        raise CommandError(f"the knowledge base could not be loaded: {exc}") from exc
    except DatabaseFileError as exc:
        raise CommandError(str(exc)) from None
    except sqlite3.Error as exc:
        raise CommandError(database_problem(path, exc)) from None


def database_problem(path: Path, exc: sqlite3.Error) -> str:
    """A database error as one line: busy is said as such, anything else names the file."""
    text = str(exc)
    if "locked" in text or "busy" in text:
        return "the knowledge base is busy, try again (another process held its write lock too long)"
    return f"{path}: {scrub(text)}"


def fail(message: str) -> int:
    """Print a refusal to stderr and return the exit status for it."""
    print(f"error: {message}", file=sys.stderr)
    return 2
