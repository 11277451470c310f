"""Backups and restores of the live database, safe while bots are running.

Both use SQLite's online backup API rather than copying files: a copied file
can catch a write half-way, and swapping a file under running processes
leaves them reading the old, deleted one. A backup reads one consistent
snapshot. A restore first copies the candidate into a private staging file,
checks it there (SQLite's integrity check, our tables, a schema this code
knows) and brings its schema up to date; only then is it copied *into* the
live database in one write transaction, so every running process sees either
the old database or the restored one, never a mix. While that transaction
holds the write lock, the current database is copied aside, so the safety
copy is exactly what the restore replaced.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bot.core.store import BUSY_TIMEOUT_MS, SCHEMA_VERSION, Store, migrations


class BackupError(Exception):
    """A backup or restore was refused or failed; the message says why, and the live database is unchanged."""


@dataclass(frozen=True)
class BackupInfo:
    """What ``backup`` wrote."""

    path: Path
    pages: int
    size: int
    schema_version: int


@dataclass(frozen=True)
class RestoreInfo:
    """What ``restore`` did."""

    path: Path
    source: Path
    schema_version: int
    """The schema version the candidate had (it was brought up to the current one before restoring)."""
    safety_copy: Path | None
    """The database as it was just before the restore (None when there was none)."""


def connect(path: Path, *, readonly: bool = False) -> sqlite3.Connection:
    """Open an existing database file (never creating one), with the store's busy timeout."""
    if not path.is_file():
        raise BackupError(f"no database at {path}")
    uri = f"{path.resolve().as_uri()}?mode={'ro' if readonly else 'rw'}"
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    except sqlite3.Error as exc:
        raise BackupError(f"{path} could not be opened ({exc})") from None
    return conn


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
            pages = int(dest.execute("PRAGMA page_count").fetchone()[0])
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


def backup(db_path: Path, target: Path) -> BackupInfo:
    """Write a consistent copy of the live database to ``target`` (replacing it), while bots keep running."""
    if target.exists() and db_path.exists() and target.resolve() == db_path.resolve():
        raise BackupError("the backup file cannot be the live database itself")
    if target.is_dir():
        raise BackupError(f"{target} is a folder; give the backup a file name")
    source = connect(db_path, readonly=True)
    try:
        pages = write_copy(source, target)
    except sqlite3.Error as exc:
        raise BackupError(f"the backup failed ({exc})") from None
    except OSError as exc:
        raise BackupError(f"{target} could not be written ({exc.strerror or exc})") from None
    finally:
        source.close()
    check = connect(target, readonly=True)
    try:
        problems = integrity_problems(check)
        version = _schema_version(check)
    finally:
        check.close()
    if problems:
        raise BackupError(f"the live database fails SQLite's integrity check ({problems[0]}); "
                          f"the copy at {target} is kept for inspection")
    return BackupInfo(target, pages, target.stat().st_size, version)


def integrity_problems(conn: sqlite3.Connection) -> list[str]:
    """What ``PRAGMA integrity_check`` reports (empty when the file is sound)."""
    rows = [str(r[0]) for r in conn.execute("PRAGMA integrity_check").fetchall()]
    return [] if rows == ["ok"] else rows


def restore(db_path: Path, candidate: Path, *, keep_dir: Path | None = None) -> RestoreInfo:
    """Replace the live database's content with ``candidate``'s, after checking it; keep the current one aside.

    Refuses (raising BackupError, changing nothing) a file that is not SQLite, fails the integrity check,
    lacks the bot's tables, or was written by a newer schema than this code knows.
    """
    if not candidate.is_file():
        raise BackupError(f"no such file: {candidate}")
    if db_path.exists() and candidate.resolve() == db_path.resolve():
        raise BackupError("the file to restore is the live database itself")
    with tempfile.TemporaryDirectory(prefix="bot-restore-") as tmp:
        staged = Path(tmp) / "staged.db"
        version = _stage(candidate, staged, page_size=_page_size(db_path) if db_path.exists() else None)
        if not db_path.exists():
            db_path.parent.mkdir(parents=True, exist_ok=True)
            source = connect(staged)
            try:
                write_copy(source, db_path)
            finally:
                source.close()
            Store.open(db_path, load=False).close()  # the live database runs in WAL mode
            return RestoreInfo(db_path, candidate, version, None)
        safety = _safety_path(db_path, keep_dir)
        _copy_into_live(staged, db_path, safety)
    return RestoreInfo(db_path, candidate, version, safety)


def _stage(candidate: Path, staged: Path, *, page_size: int | None) -> int:
    """Copy the candidate to ``staged``, check it, and migrate it; return the schema version it had."""
    try:
        source = connect(candidate, readonly=True)
        try:
            dest = sqlite3.connect(staged, isolation_level=None)
            try:
                source.backup(dest)
                problems = integrity_problems(dest)
                if problems:
                    raise BackupError(f"{candidate} fails SQLite's integrity check ({problems[0]})")
                version = _check_schema(dest, candidate)
                dest.execute("PRAGMA journal_mode = DELETE")
                if page_size and int(dest.execute("PRAGMA page_size").fetchone()[0]) != page_size:
                    dest.execute(f"PRAGMA page_size = {int(page_size)}")  # the backup API needs equal page sizes
                    dest.execute("VACUUM")
            finally:
                dest.close()
        finally:
            source.close()
        store = Store.open(staged, load=False)
        try:
            missing = _reference_tables() - set(store.db.table_names())
            if missing or store.schema_version() != SCHEMA_VERSION or not store.integrity_ok():
                raise BackupError(f"{candidate} lacks the bot's tables ({', '.join(sorted(missing)) or 'schema'})")
        finally:
            store.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{candidate} is not a usable bot database ({exc})") from None
    return version


def _check_schema(conn: sqlite3.Connection, candidate: Path) -> int:
    """The candidate's schema version, if it is one of ours and not newer than this code."""
    tables = {r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")}
    if not {"meta", migrations.migrations_table} <= tables:
        raise BackupError(f"{candidate} is not a bot database (it has no meta or migrations table)")
    version = _schema_version(conn)
    applied = {
        r[0] for r in conn.execute(
            f"select name from [{migrations.migrations_table}] where migration_set = ?", [migrations.name]
        )
    }
    unknown = applied - _known_migrations()
    if version > SCHEMA_VERSION or unknown:
        raise BackupError(
            f"{candidate} was written by a newer version of the bot (schema {version}; this code knows up to "
            f"{SCHEMA_VERSION}): upgrade the bot before restoring it"
        )
    if version < 1 or not applied:
        raise BackupError(f"{candidate} has no schema version: it is not a complete bot database")
    return version


def _copy_into_live(staged: Path, db_path: Path, safety: Path) -> None:
    """Copy ``staged`` into the live database in one transaction, taking the safety copy under its lock."""
    source = connect(staged)
    live = connect(db_path)
    try:
        if int(source.execute("PRAGMA page_count").fetchone()[0]) < 2:
            raise BackupError("the file to restore is empty")
        live_revision = _revision(live)
        source.execute(  # running processes reload their index when the revision moves on
            "insert into meta (key, value) values ('revision', ?) on conflict(key) do update set value = "
            "max(cast(value as integer), cast(excluded.value as integer))", [str(live_revision + 1)],
        )
        taken: list[int] = []

        def take_safety_copy(status: int, remaining: int, total: int) -> None:
            # Called after each step. After the first, ``live`` holds the write lock until the copy commits,
            # so no one can commit in between: the database read here is exactly the one being replaced.
            if taken:
                return
            reader = connect(db_path)
            try:
                taken.append(_revision(reader))
                write_copy(reader, safety)
            finally:
                reader.close()

        try:
            source.backup(live, pages=1, progress=take_safety_copy)
        except sqlite3.Error as exc:
            raise BackupError(f"the restore failed and the live database is unchanged ({exc})") from None
        except OSError as exc:
            raise BackupError(f"the safety copy {safety} could not be written ({exc.strerror or exc}); "
                              "the live database is unchanged") from None
        if taken and _revision(live) <= taken[0]:  # a commit slipped in before the lock: move on past it
            live.execute("update meta set value = ? where key = 'revision'", [str(taken[0] + 1)])
    finally:
        source.close()
        live.close()


def _safety_path(db_path: Path, keep_dir: Path | None) -> Path:
    """``kb.before-restore-20260101T120000Z.db`` beside the database (or in ``keep_dir``), never overwriting."""
    folder = keep_dir or db_path.parent
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    for n in range(1, 1000):
        suffix = "" if n == 1 else f"-{n}"
        path = folder / f"{db_path.stem}.before-restore-{stamp}{suffix}{db_path.suffix or '.db'}"
        if not path.exists():
            return path
    raise BackupError(f"too many safety copies in {folder}")


def _page_size(db_path: Path) -> int:
    conn = connect(db_path)
    try:
        return int(conn.execute("PRAGMA page_size").fetchone()[0])
    finally:
        conn.close()


def _schema_version(conn: sqlite3.Connection) -> int:
    try:
        row = conn.execute("select value from meta where key = 'schema_version'").fetchone()
    except sqlite3.OperationalError:  # no meta table
        return 0
    return int(row[0]) if row and str(row[0]).isdigit() else 0


def _revision(conn: sqlite3.Connection) -> int:
    row = conn.execute("select value from meta where key = 'revision'").fetchone()
    return int(row[0]) if row and str(row[0]).isdigit() else 0


def _known_migrations() -> set[str]:
    """The names of every migration this code has."""
    store = Store.memory(load=False)
    try:
        return {m.name for m in migrations.applied(store.db)}
    finally:
        store.close()


def _reference_tables() -> set[str]:
    """Every table the current schema has."""
    store = Store.memory(load=False)
    try:
        return set(store.db.table_names())
    finally:
        store.close()
