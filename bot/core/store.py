"""The SQLite knowledge base, through sqlite-utils: schema, migrations and loading ``data/``.

The database is created and filled from ``data/`` on first use, and brought
up to date when the shipped files change. Rows a moderator changed are never
overwritten by shipped data: the moderator's version wins and is kept.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils
from sqlite_utils.migrations import Migrations

from bot.core.loader import DEFAULT_DATA_DIR, KnowledgeData, data_fingerprint, load_data
from bot.core.models import Alias, Fact, FaqEntry, Source, Topic

SCHEMA_VERSION = 2
BUSY_TIMEOUT_MS = 5000
DEFAULT_DB = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "nvidia-europe-bot" / "kb.db"

migrations = Migrations("nvidia-europe-bot")


def now() -> str:
    """UTC time as ISO 8601, the one timestamp format in the database."""
    return datetime.now(UTC).isoformat(timespec="seconds")


@migrations()
def m001_knowledge_base(db: sqlite_utils.Database) -> None:
    """Sources, topics, facts, FAQ with its alternate questions, aliases, lexicon, gazetteer."""
    entry = {"retired": int, "version": int, "origin": str, "updated_at": str}
    db.table("meta").create({"key": str, "value": str}, pk="key")
    db.table("sources").create(
        {"id": str, "title": str, "publisher": str, "published": str, "url": str, "language": str,
         "notes": str, "text": str, **entry},
        pk="id",
    )
    db.table("topics").create({"id": str, "title": str, "description": str}, pk="id")
    db.table("facts").create(
        {"id": str, "statement": str, "source_id": str, "quote": str, "topics": str, "entities": str, **entry},
        pk="id",
        foreign_keys=[("source_id", "sources", "id")],
    )
    db.table("faq").create(
        {"id": str, "question": str, "answer": str, "facts": str, "topics": str, **entry}, pk="id"
    )
    db.table("faq_phrasings").create(
        {"id": int, "faq_id": str, "text": str}, pk="id", foreign_keys=[("faq_id", "faq", "id")]
    )
    db.table("faq_phrasings").create_index(["faq_id"])
    db.table("aliases").create({"canonical": str, "kind": str, "aliases": str, **entry}, pk="canonical")
    db.table("lexicon").create({"lang": str, "phrase": str, "english": str}, pk=("lang", "phrase"))
    db.table("gazetteer").create({"kind": str, "name": str}, pk=("kind", "name"))
    db.table("facts").enable_fts(["statement", "quote"], create_triggers=True, tokenize="unicode61 remove_diacritics 2")
    db.table("faq_phrasings").enable_fts(["text"], create_triggers=True, tokenize="unicode61 remove_diacritics 2")


@migrations()
def m002_audit_feedback_unanswered(db: sqlite_utils.Database) -> None:
    """The audit log of every change, answer feedback, and questions the bot could not answer."""
    db.table("audit").create(
        {"id": int, "entity": str, "entity_id": str, "version": int, "action": str, "actor": str,
         "platform": str, "at": str, "before": str, "after": str, "reason": str},
        pk="id",
    )
    db.table("audit").create_index(["entity", "entity_id", "version"])
    db.table("feedback").create(
        {"id": int, "answer_key": str, "voter": str, "helpful": int, "question": str, "match_kind": str,
         "match_id": str, "platform": str, "at": str},
        pk="id",
    )
    db.table("feedback").create_index(["answer_key", "voter"], unique=True)
    db.table("unanswered").create(
        {"id": int, "question": str, "normalized": str, "status": str, "platform": str, "at": str,
         "state": str},
        pk="id",
    )
    db.table("unanswered").create_index(["normalized"])


class Store:
    """One open database: the only place the core touches SQL."""

    def __init__(self, db: sqlite_utils.Database, path: Path | None) -> None:
        self.db = db
        self.path = path
        self._writing = threading.RLock()
        """One connection serves every thread: a write transaction must not interleave with another's."""

    @classmethod
    def open(cls, path: Path | str | None = None, *, data_dir: Path = DEFAULT_DATA_DIR, load: bool = True) -> Store:
        """Open (creating if needed) the database, migrate it and load ``data/`` if it changed."""
        db_path = Path(path) if path is not None else default_db_path()
        db_path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(db_path, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
        store = cls(_configure(sqlite_utils.Database(conn)), db_path)
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

    def close(self) -> None:
        """Close the connection cleanly (checkpointing the WAL)."""
        self.db.close()

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
            conn.execute("BEGIN IMMEDIATE")
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

    # -- loading shipped data ---------------------------------------------------------------------

    def sync_data(self, data_dir: Path = DEFAULT_DATA_DIR) -> bool:
        """Bring shipped data in when the files changed; return whether anything was loaded.

        Idempotent: the same files load once. Entries a moderator changed keep the
        moderator's version; entries only the shipped files ever wrote follow them.
        """
        fingerprint = data_fingerprint(data_dir)
        if self.get_meta("data_fingerprint") == fingerprint:
            return False
        data = load_data(data_dir)
        with self.write() as db:
            if self.get_meta("data_fingerprint") == fingerprint:
                return False
            self._merge(db, data)
            self.set_meta("data_fingerprint", fingerprint)
            self.bump_revision()
        return True

    def _merge(self, db: sqlite_utils.Database, data: KnowledgeData) -> None:
        stamp = now()
        moderated = {
            (r["entity"], r["entity_id"])
            for r in db.query("select distinct entity, entity_id from audit where platform != 'data'")
        }

        def put(table: str, entity: str, pk: str, rows: list[dict[str, Any]]) -> None:
            for row in rows:
                if (entity, row[pk]) in moderated:
                    continue
                found = list(db.query(f"select * from [{table}] where [{pk}] = ?", [row[pk]]))
                before = found[0] if found else None
                row.setdefault("retired", 0)
                if before and all(before.get(k) == v for k, v in row.items()):
                    continue
                version = int(before["version"]) + 1 if before else 1
                row.update(origin="data", updated_at=stamp, version=version)
                db.table(table).upsert(row, pk=pk)
                db.table("audit").insert({
                    "entity": entity, "entity_id": row[pk], "version": version,
                    "action": "update" if before else "create", "actor": "data/", "platform": "data", "at": stamp,
                    "before": json.dumps(before, ensure_ascii=False) if before else None,
                    "after": json.dumps(row, ensure_ascii=False), "reason": "shipped data changed",
                })

        put("sources", "source", "id", [_source_row(s) for s in data.sources])
        put("facts", "fact", "id", [_fact_row(f) for f in data.facts])
        put("faq", "faq", "id", [_faq_row(e) for e in data.faq])
        put("aliases", "alias", "canonical", [_alias_row(a) for a in data.aliases])
        for entry in data.faq:
            if ("faq", entry.id) in moderated:
                continue
            db.execute("delete from faq_phrasings where faq_id = ?", [entry.id])
            db.table("faq_phrasings").insert_all({"faq_id": entry.id, "text": p} for p in entry.phrasings)
        db.table("topics").upsert_all(
            [{"id": t.id, "title": t.title, "description": t.description} for t in data.topics], pk="id"
        )
        db.execute("delete from lexicon")
        db.table("lexicon").insert_all(
            {"lang": lang, "phrase": phrase, "english": english}
            for lang, table in data.lexicon.items()
            for phrase, english in table.items()
        )
        self.set_meta("overview", json.dumps(list(data.overview)))
        db.execute("delete from gazetteer")
        db.table("gazetteer").insert_all(
            ({"kind": kind, "name": name} for kind, names in data.gazetteer.items() for name in names),
            ignore=True,
        )

    # -- reading ----------------------------------------------------------------------------------

    def knowledge(self, *, include_retired: bool = False) -> KnowledgeData:
        """The whole knowledge base as values (retired entries left out unless asked for)."""
        where = None if include_retired else "retired = 0"
        sources = tuple(_to_source(r) for r in self.db.table("sources").rows_where(where, order_by="id"))
        topic_rows = self.db.table("topics").rows_where(order_by="id")
        topics = tuple(Topic(r["id"], r["title"], r["description"] or "") for r in topic_rows)
        facts = tuple(_to_fact(r) for r in self.db.table("facts").rows_where(where, order_by="id"))
        phrasings: dict[str, list[str]] = {}
        for r in self.db.query("select faq_id, text from faq_phrasings order by id"):
            phrasings.setdefault(r["faq_id"], []).append(r["text"])
        faq_rows = self.db.table("faq").rows_where(where, order_by="id")
        faq = tuple(_to_faq(r, phrasings.get(r["id"], [])) for r in faq_rows)
        aliases = tuple(_to_alias(r) for r in self.db.table("aliases").rows_where(where, order_by="canonical"))
        lexicon: dict[str, dict[str, str]] = {}
        for r in self.db.query("select lang, phrase, english from lexicon order by lang, phrase"):
            lexicon.setdefault(r["lang"], {})[r["phrase"]] = r["english"]
        gazetteer: dict[str, list[str]] = {}
        for r in self.db.query("select kind, name from gazetteer order by kind, name"):
            gazetteer.setdefault(r["kind"], []).append(r["name"])
        overview = tuple(json.loads(self.get_meta("overview") or "[]"))
        return KnowledgeData(
            sources, topics, facts, faq, aliases, lexicon, {k: tuple(v) for k, v in gazetteer.items()}, overview
        )

    def integrity_ok(self) -> bool:
        """SQLite's own integrity check."""
        row = self.db.execute("PRAGMA integrity_check").fetchone()
        return bool(row and row[0] == "ok")


def default_db_path() -> Path:
    """``BOT_DB`` if set, else a per-user data directory."""
    env = os.environ.get("BOT_DB")
    return Path(env) if env else DEFAULT_DB


def _configure(db: sqlite_utils.Database) -> sqlite_utils.Database:
    db.conn.isolation_level = None
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    db.execute("PRAGMA foreign_keys = ON")
    if db.conn.execute("PRAGMA database_list").fetchone()[2]:
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
    return db


def _source_row(s: Source) -> dict[str, Any]:
    return {"id": s.id, "title": s.title, "publisher": s.publisher, "published": s.published, "url": s.url,
            "language": s.language, "notes": s.notes, "text": s.text}


def _fact_row(f: Fact) -> dict[str, Any]:
    return {"id": f.id, "statement": f.statement, "source_id": f.source_id, "quote": f.quote,
            "topics": json.dumps(list(f.topics)), "entities": json.dumps(list(f.entities)), "retired": int(f.retired)}


def _faq_row(e: FaqEntry) -> dict[str, Any]:
    return {"id": e.id, "question": e.question, "answer": e.answer, "facts": json.dumps(list(e.facts)),
            "topics": json.dumps(list(e.topics)), "retired": int(e.retired)}


def _alias_row(a: Alias) -> dict[str, Any]:
    return {"canonical": a.canonical, "kind": a.kind, "aliases": json.dumps(list(a.aliases))}


def _to_source(r: dict[str, Any]) -> Source:
    return Source(
        r["id"], r["title"], r["publisher"], r["published"], r["url"], r["language"] or "en", r["text"], r["notes"]
    )


def _to_fact(r: dict[str, Any]) -> Fact:
    topics, entities = tuple(json.loads(r["topics"] or "[]")), tuple(json.loads(r["entities"] or "[]"))
    return Fact(r["id"], r["statement"], r["source_id"], r["quote"], topics, entities, bool(r["retired"]),
                int(r["version"] or 1))


def _to_faq(r: dict[str, Any], phrasings: list[str]) -> FaqEntry:
    facts, topics = tuple(json.loads(r["facts"] or "[]")), tuple(json.loads(r["topics"] or "[]"))
    return FaqEntry(r["id"], r["question"], r["answer"], facts, tuple(phrasings), topics, bool(r["retired"]),
                    int(r["version"] or 1))


def _to_alias(r: dict[str, Any]) -> Alias:
    return Alias(r["canonical"], r["kind"] or "term", tuple(json.loads(r["aliases"] or "[]")))
