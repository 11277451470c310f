"""One open database: the connection, its write transactions, the meta table and change detection.

``Store`` is what the rest of the core holds. The SQL for each job lives in
a module of its own, reached through the store's attributes: ``entries``
(the knowledge base's entries), ``audit`` (their history), ``settings`` (the
lexicon, the gazetteer and the overview), ``feedback`` and ``unanswered``
(what users leave behind) and ``retention`` (forgetting it again).
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from bot.core.loader import DEFAULT_DATA_DIR, KnowledgeData
from bot.core.store import files, ownership
from bot.core.store.audit import Audit
from bot.core.store.entries import Entries
from bot.core.store.limits import Limits
from bot.core.store.proposals import Proposals
from bot.core.store.queues import Feedback, Retention, Unanswered
from bot.core.store.schema import SCHEMA_VERSION, migrations
from bot.core.store.settings import Settings
from bot.core.store.sync import sync_data
from bot.core.writer import CLOSE_WAIT_S, WriteBehind, is_busy

BUSY_TIMEOUT_MS = files.BUSY_TIMEOUT_MS
WRITER_BUSY_TIMEOUT_MS = 250
"""The write-behind thread's wait for the lock per attempt: short, so it retries (and notices a close) in steps."""
DEFAULT_DB = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "nvidia-europe-bot" / "kb.db"
OWNER_ONLY_FILE = 0o600
"""A new database is readable by its owner alone: it holds feedback and unanswered questions. SQLite gives its
``-wal`` and ``-shm`` files the database file's own mode, so they follow."""
OWNER_ONLY_FOLDER = 0o700
"""A folder made for a new database is its owner's alone, like the file."""


class StoreBusy(sqlite3.OperationalError):
    """A write could not start: another process held the write lock past the busy timeout. Nothing was written."""


def default_db_path() -> Path:
    """``BOT_DB`` if set, else a per-user data directory."""
    env = os.environ.get("BOT_DB")
    return Path(env) if env else DEFAULT_DB


class Store:
    """One open database: the only place the core touches SQL."""

    def __init__(self, db: sqlite_utils.Database, path: Path | None) -> None:
        self.db = db
        self.path = path
        self._writing = threading.RLock()
        """One connection serves every thread: a write transaction must not interleave with another's."""
        self.audit = Audit(self)
        self.entries = Entries(self)
        self.feedback = Feedback(self)
        self.unanswered = Unanswered(self)
        self.retention = Retention(self)
        self.settings = Settings(self)
        self.behind: WriteBehind[Store] = WriteBehind(self._writer_store, self._release_writer_store,
                                                      close_wait=CLOSE_WAIT_S if path is not None else None)
        """Votes, unanswered questions and kept readings, saved behind the answers on a connection of their own.

        An in-memory database has one connection, shared with the writer thread: closing it waits for every
        queued write, since closing a connection another thread is using crashes the interpreter (and nothing
        else can hold an in-memory database's lock, so the wait is short)."""
        self.proposals = Proposals(self)
        self.limits = Limits(path)
        """Rate limits and handled-event marks shared by every process on this file (a connection of their own)."""

    @classmethod
    def open(cls, path: Path | str | None = None, *, data_dir: Path = DEFAULT_DATA_DIR, load: bool = True) -> Store:
        """Open (creating if needed) the database, migrate it and load ``data/`` if it changed."""
        db_path = Path(path) if path is not None else default_db_path()
        ownership.check(db_path)  # a file that is not ours is refused before anything is written to it
        try:
            create_owner_only(db_path)
            conn = sqlite3.connect(db_path, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
            store = cls(_configure(sqlite_utils.Database(conn)), db_path)
        except (OSError, sqlite3.Error) as exc:
            raise files.DatabaseFileError(f"{db_path} could not be opened ({exc})") from None
        store.migrate()
        if load:
            store.sync_data(data_dir)
        return store

    @classmethod
    def memory(cls, *, data_dir: Path = DEFAULT_DATA_DIR, load: bool = True) -> Store:
        """An in-memory database, for tests and benchmarks."""
        conn = sqlite3.connect(":memory:", check_same_thread=False)
        store = cls(_configure(sqlite_utils.Database(conn)), None)
        store.migrate()
        if load:
            store.sync_data(data_dir)
        return store

    @classmethod
    def open_existing(cls, path: Path, *, readonly: bool = False) -> Store:
        """An existing file as it is: never created, migrated or loaded (``readonly`` for probes).

        Raises :class:`files.DatabaseFileError` when there is no such file or it is not this bot's database
        (:mod:`ownership`), and ``sqlite3.DatabaseError`` when it cannot be read.
        """
        ownership.check(path)
        conn = files.connect(path, readonly=readonly)
        try:
            conn.execute("select count(*) from sqlite_master").fetchone()
        except sqlite3.DatabaseError:
            conn.close()
            raise
        return cls(sqlite_utils.Database(conn), path)

    def close(self) -> None:
        """Save the writes still queued (briefly), then close the connection cleanly (checkpointing the WAL)."""
        self.behind.close()
        self.limits.close()
        self.db.close()

    def _writer_store(self) -> Store:
        """The write-behind thread's own connection, so its waits never hold up this one's readers.

        An in-memory database has no other connection (and no other process to wait for): it shares this one.
        """
        if self.path is None:
            return self
        # Not open_existing: its ownership check reads the file's header with a plain open() and close(), and
        # closing any descriptor of the file drops the POSIX locks SQLite holds on it for every connection of
        # this process, so other processes could write under this one's readers (a "malformed" database).
        # This process checked the file when it opened it.
        store = Store(sqlite_utils.Database(files.connect(self.path)), self.path)
        store.db.execute(f"PRAGMA busy_timeout = {WRITER_BUSY_TIMEOUT_MS}")
        return store

    def _release_writer_store(self, store: Store) -> None:
        if store is not self:
            store.close()

    # -- schema ------------------------------------------------------------------------------------

    def migrate(self) -> None:
        """Apply pending migrations; existing rows are kept."""
        if not migrations.pending(self.db):
            return
        with self.write():
            migrations.apply(self.db)
            self.set_meta("schema_version", str(SCHEMA_VERSION))

    def schema_version(self) -> int:
        """The schema version recorded in the database (0 when none)."""
        value = self.get_meta("schema_version")
        return int(value) if value and value.isdigit() else 0

    def pending_migrations(self) -> list[str]:
        """The migrations this code has and the database has not run yet."""
        return [m.name for m in migrations.pending(self.db)]

    def table_names(self) -> set[str]:
        """The tables the database holds."""
        return set(self.db.table_names())

    def integrity_ok(self) -> bool:
        """SQLite's own integrity check."""
        return not files.integrity_problems(self.db.conn)

    def get_meta(self, key: str) -> str | None:
        """A value from the meta table."""
        if not self.db.table("meta").exists():
            return None
        rows = list(self.db.query("select value from meta where key = ?", [key]))
        return str(rows[0]["value"]) if rows else None

    def set_meta(self, key: str, value: str) -> None:
        """Store a value in the meta table."""
        self.db.table("meta").upsert({"key": key, "value": value}, pk="key")

    # -- transactions and change detection ------------------------------------------------------------

    @property
    def in_transaction(self) -> bool:
        """True inside a write transaction (a nested ``write()`` then joins it)."""
        return bool(self.db.conn.in_transaction)

    @contextmanager
    def write(self) -> Iterator[sqlite_utils.Database]:
        """One write transaction (BEGIN IMMEDIATE, so writers queue instead of failing mid-way).

        Threads of this process queue on a lock first: they share one connection, so a second thread's
        BEGIN would land inside the first one's transaction.
        """
        with self._writing:
            conn = self.db.conn
            if conn.in_transaction:
                with self.db.atomic():
                    yield self.db
                return
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                if is_busy(exc):
                    raise StoreBusy(f"the database stayed busy for more than {BUSY_TIMEOUT_MS // 1000} s") from exc
                raise
            try:
                yield self.db
            except BaseException:
                conn.rollback()
                raise
            conn.commit()

    def data_version(self) -> int:
        """Changes when another connection commits; cheap enough to check on every question."""
        row = self.db.execute("PRAGMA data_version").fetchone()
        return int(row[0])

    def revision(self) -> int:
        """A counter bumped by every committed change to the knowledge base."""
        value = self.get_meta("revision")
        return int(value) if value and value.isdigit() else 0

    def bump_revision(self) -> None:
        """Mark the knowledge base as changed (inside the caller's transaction)."""
        self.db.execute(
            "insert into meta (key, value) values ('revision', '1') "
            "on conflict(key) do update set value = cast(value as integer) + 1"
        )

    # -- the knowledge base ------------------------------------------------------------------------

    def sync_data(self, data_dir: Path = DEFAULT_DATA_DIR) -> bool:
        """Bring shipped data in when the files changed; return whether anything was loaded (see ``sync``)."""
        return sync_data(self, data_dir)

    def knowledge(self, *, include_retired: bool = False) -> KnowledgeData:
        """The whole knowledge base as values (retired entries left out unless asked for)."""
        return self.entries.knowledge(include_retired=include_retired)


def create_owner_only(path: Path) -> None:
    """Create ``path`` (and any missing folders) for its owner alone, unless it exists: an existing file keeps its mode.

    SQLite would create it with the umask's mode (usually readable by everyone), and its side files after it.
    """
    missing = [p for p in reversed(path.parents) if not p.exists()]
    for folder in missing:
        folder.mkdir(mode=OWNER_ONLY_FOLDER, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, OWNER_ONLY_FILE)
    except FileExistsError:
        return
    os.close(fd)


def _configure(db: sqlite_utils.Database) -> sqlite_utils.Database:
    db.conn.isolation_level = None
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    db.execute("PRAGMA foreign_keys = ON")
    if db.conn.execute("PRAGMA database_list").fetchone()[2]:
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
    return db
