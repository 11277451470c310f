"""Database files as files: opening an existing one, copying it online, and checking a copy.

What ``bot.core.backup`` needs from SQLite, on plain ``sqlite3`` connections:
a backup or a restore works on files that may not be (or not yet be) a
database of this bot, so it cannot go through a migrated :class:`Store`.
Copies use SQLite's online backup API, never a file copy, so they read one
consistent snapshot however busy the database is.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path

from bot.core.store.schema import migrations

BUSY_TIMEOUT_MS = 5000
"""How long a connection waits for another's write lock before giving up."""

Progress = Callable[[int, int, int], object]


class DatabaseFileError(Exception):
    """An existing database file could not be opened; the message says why."""


def connect(path: Path, *, readonly: bool = False) -> sqlite3.Connection:
    """Open an existing database file (never creating one), with the store's busy timeout."""
    if not path.is_file():
        raise DatabaseFileError(f"no database at {path}")
    uri = f"{path.resolve().as_uri()}?mode={'ro' if readonly else 'rw'}"
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    except sqlite3.Error as exc:
        raise DatabaseFileError(f"{path} could not be opened ({exc})") from None
    return conn


def create(path: Path) -> sqlite3.Connection:
    """A new, empty database file (for staging a copy)."""
    return sqlite3.connect(path, isolation_level=None)


def copy(source: sqlite3.Connection, dest: sqlite3.Connection, *, pages: int = -1,
         progress: Progress | None = None) -> None:
    """Copy ``source`` into ``dest`` with the online backup API (``pages`` per step, ``progress`` after each)."""
    source.backup(dest, pages=pages, progress=progress)


def write_copy(source: sqlite3.Connection, target: Path) -> int:
    """Copy ``source`` to ``target`` with the backup API; return the page count.

    The copy is written beside ``target`` and renamed into place, so ``target`` is either the old file or
    a complete copy, and it is a single self-contained file (rollback journal, no ``-wal`` beside it).
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
    os.close(fd)
    partial = Path(name)
    try:
        dest = sqlite3.connect(partial, isolation_level=None)
        try:
            source.backup(dest)
            dest.execute("PRAGMA journal_mode = DELETE")
            pages = page_count(dest)
        finally:
            dest.close()
        with partial.open("rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, target)
    except BaseException:
        for leftover in (partial, partial.with_name(partial.name + "-journal")):
            leftover.unlink(missing_ok=True)
        raise
    return pages


def integrity_problems(conn: sqlite3.Connection) -> list[str]:
    """What ``PRAGMA integrity_check`` reports (empty when the file is sound)."""
    rows = [str(r[0]) for r in conn.execute("PRAGMA integrity_check").fetchall()]
    return [] if rows == ["ok"] else rows


def table_names(conn: sqlite3.Connection) -> set[str]:
    """The tables the file holds."""
    return {r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")}


def applied_migrations(conn: sqlite3.Connection) -> set[str]:
    """The names of this bot's migrations the file has run (empty without a migrations table)."""
    if migrations.migrations_table not in table_names(conn):
        return set()
    rows = conn.execute(
        f"select name from [{migrations.migrations_table}] where migration_set = ?", [migrations.name]
    )
    return {r[0] for r in rows}


def schema_version(conn: sqlite3.Connection) -> int:
    """The schema version the file records (0 without one)."""
    return _meta_int(conn, "schema_version")


def revision(conn: sqlite3.Connection) -> int:
    """The knowledge-base revision the file records (0 without one)."""
    return _meta_int(conn, "revision")


def raise_revision(conn: sqlite3.Connection, at_least: int) -> None:
    """Set the revision to ``at_least`` unless it is already higher (so running processes reload)."""
    conn.execute(
        "insert into meta (key, value) values ('revision', ?) on conflict(key) do update set value = "
        "max(cast(value as integer), cast(excluded.value as integer))", [str(at_least)],
    )


def use_rollback_journal(conn: sqlite3.Connection) -> None:
    """Leave WAL mode, so the file is complete on its own."""
    conn.execute("PRAGMA journal_mode = DELETE")


def page_count(conn: sqlite3.Connection) -> int:
    """How many pages the database has."""
    return int(conn.execute("PRAGMA page_count").fetchone()[0])


def page_size(conn: sqlite3.Connection) -> int:
    """The database's page size in bytes."""
    return int(conn.execute("PRAGMA page_size").fetchone()[0])


def set_page_size(conn: sqlite3.Connection, size: int) -> None:
    """Rebuild the database with another page size (the backup API needs equal ones in WAL mode)."""
    if page_size(conn) != size:
        conn.execute(f"PRAGMA page_size = {int(size)}")
        conn.execute("VACUUM")


def _meta_int(conn: sqlite3.Connection, key: str) -> int:
    try:
        row = conn.execute("select value from meta where key = ?", [key]).fetchone()
    except sqlite3.OperationalError:  # no meta table
        return 0
    return int(row[0]) if row and str(row[0]).isdigit() else 0
