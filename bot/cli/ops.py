"""Operations commands: backup, restore, purge and health, each safe to run while the bots are running."""

from __future__ import annotations

import argparse
import json
import sqlite3
from pathlib import Path
from typing import Any

from bot.cli.context import db_path, fail
from bot.config import Settings, load_settings
from bot.core.backup import BackupError, backup, restore
from bot.core.health import check_path
from bot.core.retention import purge
from bot.core.store import BUSY_TIMEOUT_MS, Store
from bot.core.store.files import DatabaseFileError
from bot.logging_setup import scrub


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add backup, restore, purge and health to the parser."""
    p = sub.add_parser("backup", parents=[common], help="copy the database to PATH (safe while bots run)")
    p.add_argument("path", type=Path, help="file to write (replaced if it exists)")
    p.set_defaults(func=cmd_backup)
    p = sub.add_parser(
        "restore", parents=[common],
        help="check a backup, keep a copy of the current database, then restore the backup (safe while bots run)",
    )
    p.add_argument("path", type=Path, help="a file written by `backup`")
    p.add_argument("--keep-dir", type=Path, metavar="DIR",
                   help="where to keep the copy of the current database (default: beside it)")
    p.set_defaults(func=cmd_restore)
    p = sub.add_parser("purge", parents=[common],
                       help="delete feedback and unanswered questions older than the retention period")
    p.add_argument("--days", type=_days, metavar="N",
                   help="keep the last N days (default: RETENTION_DAYS, 90 when unset)")
    p.set_defaults(func=cmd_purge)
    p = sub.add_parser("health", parents=[common],
                       help="exit 0 when the database opens, its schema is current and the index answers")
    p.add_argument("--json", action="store_true", help="print the checks as JSON")
    p.set_defaults(func=cmd_health)


def _days(value: str) -> int:
    try:
        days = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError("--days must be a whole number") from None
    if days < 0:
        raise argparse.ArgumentTypeError("--days cannot be negative")
    return days


def settings_of(args: argparse.Namespace) -> Settings:
    """The settings ``main`` loaded (loading them here when called without it)."""
    settings = getattr(args, "settings", None)
    return settings if isinstance(settings, Settings) else load_settings()


def refusal(exc: Exception) -> int:
    """A clear message on stderr, exit status 2: a busy database is named as such, anything else scrubbed."""
    if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
        return fail(f"the database stayed busy for more than {BUSY_TIMEOUT_MS // 1000} s; try again")
    return fail(scrub(str(exc)))


def cmd_backup(args: argparse.Namespace) -> int:
    """Write a consistent copy of the live database."""
    source = db_path(args)
    try:
        info = backup(source, args.path)
    except (BackupError, sqlite3.Error) as exc:
        return refusal(exc)
    print(f"backed up {source} to {info.path} ({info.size // 1024} KiB, schema {info.schema_version})")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    """Validate a backup and restore it into the live database, keeping the current one aside."""
    target = db_path(args)
    try:
        info = restore(target, args.path, keep_dir=args.keep_dir)
    except (BackupError, sqlite3.Error) as exc:
        return refusal(exc)
    print(f"restored {target} from {info.source} (schema {info.schema_version})")
    if info.safety_copy:
        print(f"the database as it was before is kept at {info.safety_copy}")
    return 0


def cmd_purge(args: argparse.Namespace) -> int:
    """Delete rows older than the retention period."""
    days = args.days if args.days is not None else settings_of(args).retention_days
    path = db_path(args)
    if not path.is_file():
        return fail(f"no database at {path}")
    try:
        store = Store.open(path, load=False)
        try:
            result = purge(store, days)
        finally:
            store.close()
    except (DatabaseFileError, sqlite3.Error) as exc:
        return refusal(exc)
    parts = ", ".join(f"{n} {table}" for table, n in result.removed.items())
    print(f"removed {result.total} rows older than {days} days (before {result.cutoff}) from {path}: {parts}")
    return 0


def cmd_health(args: argparse.Namespace) -> int:
    """Check the deployment; exit 0 when healthy, 1 when not."""
    health = check_path(db_path(args))
    if args.json:
        print(json.dumps(health.to_json(), ensure_ascii=False))
    else:
        print("\n".join(health.lines()))
    return 0 if health.ok else 1
