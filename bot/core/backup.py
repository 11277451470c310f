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

import sqlite3
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bot.core.store import SCHEMA_VERSION, Store, files, ownership
from bot.core.store.schema import known_migrations, migrations, reference_tables


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
    try:
        return files.connect(path, readonly=readonly)
    except files.DatabaseFileError as exc:
        raise BackupError(str(exc)) from None


def write_copy(source: sqlite3.Connection, target: Path) -> int:
    """Copy ``source`` to ``target`` with the backup API, atomically; return the page count."""
    return files.write_copy(source, target)


def integrity_problems(conn: sqlite3.Connection) -> list[str]:
    """What ``PRAGMA integrity_check`` reports (empty when the file is sound)."""
    return files.integrity_problems(conn)


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
        version = files.schema_version(check)
    finally:
        check.close()
    if problems:
        raise BackupError(f"the live database fails SQLite's integrity check ({problems[0]}); "
                          f"the copy at {target} is kept for inspection")
    return BackupInfo(target, pages, target.stat().st_size, version)


def restore(db_path: Path, candidate: Path, *, keep_dir: Path | None = None) -> RestoreInfo:
    """Replace the live database's content with ``candidate``'s, after checking it; keep the current one aside.

    Refuses (raising BackupError, changing nothing) a file that is not SQLite, fails the integrity check,
    lacks the bot's tables, or was written by a newer schema than this code knows.
    """
    if not candidate.is_file():
        raise BackupError(f"no such file: {candidate}")
    if db_path.exists() and candidate.resolve() == db_path.resolve():
        raise BackupError("the file to restore is the live database itself")
    try:
        ownership.check(db_path)  # never overwrite a file that is not the bot's database
    except files.DatabaseFileError as exc:
        raise BackupError(str(exc)) from None
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
            dest = files.create(staged)
            try:
                files.copy(source, dest)
                problems = integrity_problems(dest)
                if problems:
                    raise BackupError(f"{candidate} fails SQLite's integrity check ({problems[0]})")
                version = _check_schema(dest, candidate)
                files.use_rollback_journal(dest)
                if page_size:
                    files.set_page_size(dest, page_size)  # the backup API needs equal page sizes
            finally:
                dest.close()
        finally:
            source.close()
        store = Store.open(staged, load=False)
        try:
            missing = reference_tables() - store.table_names()
            if missing or store.schema_version() != SCHEMA_VERSION or not store.integrity_ok():
                raise BackupError(f"{candidate} lacks the bot's tables ({', '.join(sorted(missing)) or 'schema'})")
        finally:
            store.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{candidate} is not a usable bot database ({exc})") from None
    return version


def _check_schema(conn: sqlite3.Connection, candidate: Path) -> int:
    """The candidate's schema version, if it is one of ours and not newer than this code."""
    if not {"meta", migrations.migrations_table} <= files.table_names(conn):
        raise BackupError(f"{candidate} is not a bot database (it has no meta or migrations table)")
    version = files.schema_version(conn)
    applied = files.applied_migrations(conn)
    unknown = applied - known_migrations()
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
        if files.page_count(source) < 2:
            raise BackupError("the file to restore is empty")
        # running processes reload their index when the revision moves on
        files.raise_revision(source, files.revision(live) + 1)
        taken: list[int] = []

        def take_safety_copy(status: int, remaining: int, total: int) -> None:
            # Called after each step. After the first, ``live`` holds the write lock until the copy commits,
            # so no one can commit in between: the database read here is exactly the one being replaced.
            if taken:
                return
            reader = connect(db_path)
            try:
                taken.append(files.revision(reader))
                write_copy(reader, safety)
            finally:
                reader.close()

        try:
            files.copy(source, live, pages=1, progress=take_safety_copy)
        except sqlite3.Error as exc:
            raise BackupError(f"the restore failed and the live database is unchanged ({exc})") from None
        except OSError as exc:
            raise BackupError(f"the safety copy {safety} could not be written ({exc.strerror or exc}); "
                              "the live database is unchanged") from None
        if taken and files.revision(live) <= taken[0]:  # a commit slipped in before the lock: move on past it
            files.raise_revision(live, taken[0] + 1)
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
        return files.page_size(conn)
    finally:
        conn.close()
