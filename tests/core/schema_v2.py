"""A database as the bot wrote it before topics had versions (schema 2): for the migration tests.

The two migrations are copied verbatim from the code that shipped schema 2 (``git show
9e7cd6d:bot/core/store.py``), full-text tables and triggers included, and registered under the same
migration set, so the current code sees them as already applied. ``fill`` writes the shipped data the way
that code's ``_merge`` did (data audit rows without phrasings, topics without versions or audit rows), then
the kinds of change its moderators made: a fact edited, a topic changed by an import, feedback and a queued
question.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import sqlite_utils
from sqlite_utils.migrations import Migrations

from bot.core.loader import DEFAULT_DATA_DIR, KnowledgeData, data_fingerprint

old = Migrations("nvidia-europe-bot")
STAMP = "2025-06-12T10:00:00+00:00"
EDITED_FACT = "mistral-compute-essonne"
EDITED_STATEMENT = "Moderator wording about Essonne, before the migration."
IMPORTED_TOPIC = "mistral-compute"
IMPORTED_TITLE = "Mistral Compute (imported title)"


@old()
def m001_knowledge_base(db: sqlite_utils.Database) -> None:
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


@old()
def m002_audit_feedback_unanswered(db: sqlite_utils.Database) -> None:
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


def build(path: Path, data: KnowledgeData) -> None:
    """A schema-2 database file at ``path`` holding ``data`` and some moderators' changes."""
    db = sqlite_utils.Database(path)
    old.apply(db)
    with db.conn:
        fill(db, data)
    db.close()


def fill(db: sqlite_utils.Database, data: KnowledgeData) -> None:
    def put(table: str, entity: str, pk: str, rows: list[dict[str, Any]]) -> None:
        for row in rows:
            row.update(retired=row.get("retired", 0), origin="data", updated_at=STAMP, version=1)
            db.table(table).insert(row, pk=pk)
            log(entity, row[pk], 1, "create", "data/", "data", None, row, "shipped data changed")

    def log(entity: str, key: str, version: int, action: str, actor: str, platform: str, before: Any, after: Any,
            reason: str) -> None:
        db.table("audit").insert({
            "entity": entity, "entity_id": key, "version": version, "action": action, "actor": actor,
            "platform": platform, "at": STAMP, "before": json.dumps(before) if before is not None else None,
            "after": json.dumps(after), "reason": reason,
        })

    put("sources", "source", "id", [
        {"id": s.id, "title": s.title, "publisher": s.publisher, "published": s.published, "url": s.url,
         "language": s.language, "notes": s.notes, "text": s.text} for s in data.sources])
    put("facts", "fact", "id", [
        {"id": f.id, "statement": f.statement, "source_id": f.source_id, "quote": f.quote,
         "topics": json.dumps(list(f.topics)), "entities": json.dumps(list(f.entities)), "retired": int(f.retired)}
        for f in data.facts])
    put("faq", "faq", "id", [
        {"id": e.id, "question": e.question, "answer": e.answer, "facts": json.dumps(list(e.facts)),
         "topics": json.dumps(list(e.topics)), "retired": int(e.retired)} for e in data.faq])
    put("aliases", "alias", "canonical", [
        {"canonical": a.canonical, "kind": a.kind, "aliases": json.dumps(list(a.aliases))} for a in data.aliases])
    for entry in data.faq:
        db.table("faq_phrasings").insert_all({"faq_id": entry.id, "text": p} for p in entry.phrasings)
    db.table("topics").insert_all([{"id": t.id, "title": t.title, "description": t.description}
                                   for t in data.topics], pk="id")
    db.table("lexicon").insert_all({"lang": lang, "phrase": phrase, "english": english}
                                   for lang, table in data.lexicon.items() for phrase, english in table.items())
    db.table("gazetteer").insert_all(({"kind": kind, "name": name} for kind, names in data.gazetteer.items()
                                      for name in names), ignore=True)
    meta = {"overview": json.dumps(list(data.overview)), "data_fingerprint": data_fingerprint(DEFAULT_DATA_DIR),
            "schema_version": "2", "revision": "3", "salt": "0123456789abcdef"}
    db.table("meta").insert_all([{"key": k, "value": v} for k, v in meta.items()], pk="key")

    # A moderator's fact edit, logged as that code's curation logged it.
    before = dict(db.table("facts").get(EDITED_FACT))
    after = {**before, "statement": EDITED_STATEMENT, "version": 2, "origin": "moderator", "updated_at": STAMP}
    db.table("facts").update(EDITED_FACT, {"statement": EDITED_STATEMENT, "version": 2, "origin": "moderator"})
    log("fact", EDITED_FACT, 2, "update", "alice", "cli", before, after, "clearer")
    # A topic changed by an import, logged by that code's ``_audit`` (no version column, its own count).
    topic = dict(db.table("topics").get(IMPORTED_TOPIC))
    changed = {**topic, "title": IMPORTED_TITLE}
    db.table("topics").update(IMPORTED_TOPIC, {"title": IMPORTED_TITLE})
    log("topic", IMPORTED_TOPIC, 1, "update", "bob", "cli", topic, changed, "import from out")
    log("lexicon", "*", 1, "update", "bob", "cli", {}, {"fr": {}}, "import from out")
    db.table("feedback").insert({"answer_key": "k1", "voter": "v1", "helpful": 1, "question": "q", "match_kind": "faq",
                                 "match_id": "mistral-compute-chips", "platform": "slack", "at": STAMP})
    db.table("unanswered").insert({"question": "who is the pope", "normalized": "pope", "status": "no_answer",
                                   "platform": "discord", "at": STAMP, "state": "open"})
