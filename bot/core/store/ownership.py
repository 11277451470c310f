"""Is this file the bot's database? Asked before a byte is written, so a file that is not ours is never changed.

``--db`` may name anything: a folder, a text file, a database cut short by a
failed copy, another application's SQLite file (which may well have a ``meta``
table of its own). Opening any of those as the bot's database would fail deep
inside with a traceback, or worse, migrate it: add our tables and switch it to
WAL mode. :func:`check` tells the three cases apart with reads alone (the file
header, then a read-only connection): nothing there yet, an empty SQLite file,
or a database of this bot's are ours to open; anything else is refused with a
one-line reason naming the file.
"""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path
from typing import Literal

from bot.core.store.files import DatabaseFileError
from bot.core.store.schema import migrations

HEADER = b"SQLite format 3\x00"
"""The first 16 bytes of every SQLite database file."""
HEADER_SIZE = 100
"""SQLite's file header: the page size is at byte 16, the page count at byte 28."""

State = Literal["new", "empty", "ours"]
"""Nothing at the path yet; an SQLite file without tables; a database this bot's migrations made."""


class NotOurDatabase(DatabaseFileError):
    """The path is not a database this bot may open; the message says what it is instead."""


def check(path: Path) -> State:
    """What ``path`` holds, or :class:`NotOurDatabase` when it is anything but ours (never writing to it).

    Call it before this process opens the file with SQLite, never while a connection of this process is open on
    it: reading the header opens and closes the file, and on POSIX closing any descriptor of a file drops every
    lock the process holds on it, SQLite's included.
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        return "new"
    except OSError as exc:
        raise NotOurDatabase(f"{path} cannot be read ({exc.strerror or exc})") from None
    if stat.S_ISDIR(info.st_mode):
        raise NotOurDatabase(f"{path} is a directory, not a database file")
    if not stat.S_ISREG(info.st_mode):
        raise NotOurDatabase(f"{path} is not a regular file (a device, a pipe or a socket), so not a database")
    if info.st_size == 0:
        return "empty"
    header = _header(path)
    if not header.startswith(HEADER):
        raise NotOurDatabase(f"{path} is not an SQLite database")
    if not _live_wal(path) and info.st_size < _declared_size(header):
        raise NotOurDatabase(f"{path} is cut short ({info.st_size} bytes of {_declared_size(header)}): "
                             "a damaged or partly copied database")
    tables = _tables(path)
    if not tables:
        return "empty"
    if not _ran_our_migrations(path, tables):
        shown = ", ".join(sorted(tables)[:5]) + (", …" if len(tables) > 5 else "")
        raise NotOurDatabase(f"{path} is another application's database (tables: {shown}); "
                             "it was left untouched")
    return "ours"


def _header(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(HEADER_SIZE)
    except OSError as exc:
        raise NotOurDatabase(f"{path} cannot be read ({exc.strerror or exc})") from None


def _live_wal(path: Path) -> bool:
    """Whether a write-ahead log with content sits beside the file (the database is in use).

    A checkpoint in progress writes the header's new page count before the pages it counts, so a database in use
    can look cut short for a moment.
    """
    try:
        return Path(f"{path}-wal").stat().st_size > 0
    except OSError:
        return False


def _declared_size(header: bytes) -> int:
    """The size the header says the file has: page size times page count (0 when the header does not say).

    SQLite trusts the page count only while the "version valid for" number (byte 92) equals the change counter
    (byte 24); a file written by an older SQLite may leave it stale, and then the header says nothing.
    """
    if len(header) < HEADER_SIZE:
        return HEADER_SIZE
    if header[24:28] != header[92:96]:
        return 0
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    return page_size * pages


def _connect(path: Path) -> sqlite3.Connection:
    """A read-only connection that can neither create the file nor write to it."""
    uri = f"{path.resolve().as_uri()}?mode=ro"
    return sqlite3.connect(uri, uri=True, isolation_level=None)


def _tables(path: Path) -> set[str]:
    try:
        conn = _connect(path)
        try:
            rows = conn.execute("select name from sqlite_master where type = 'table'").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise NotOurDatabase(f"{path} cannot be read as a database ({exc})") from None
    return {str(r[0]) for r in rows if not str(r[0]).startswith("sqlite_")}


def _ran_our_migrations(path: Path, tables: set[str]) -> bool:
    """True when the file records at least one of this bot's migrations (by the migration set's name)."""
    if migrations.migrations_table not in tables:
        return False
    try:
        conn = _connect(path)
        try:
            row = conn.execute(
                f"select count(*) from [{migrations.migrations_table}] where migration_set = ?", [migrations.name]
            ).fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError:  # a table of that name with other columns: someone else's
        return False
    return bool(row and row[0])
