"""The schema, as ``sqlite-utils`` migrations recorded in the database: applied once each, in order, rows kept.

A migration is never edited once released: a database that already ran it
would not run it again. Change the schema with a new one.
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlite_utils
from sqlite_utils.migrations import Migrations

from bot.core.store import limits

SCHEMA_VERSION = 4
"""The version the last migration leaves, recorded in ``meta`` (health and restore compare it)."""

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


_LOGGED = "from audit a where a.entity = 'topic' and a.entity_id = topics.id"
_TOPIC_VERSIONS = f"""
update topics set
  version = coalesce((select max(a.version) {_LOGGED}), 1),
  origin = case when exists (select 1 {_LOGGED} and a.platform != 'data') then 'moderator' else 'data' end,
  updated_at = coalesce((select max(a.at) {_LOGGED}), strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now'))
"""
_TOPIC_FIRST_VERSIONS = f"""
insert into audit (entity, entity_id, version, action, actor, platform, at, before, after, reason)
select 'topic', id, 1, 'create', 'data/', 'data', updated_at, null,
  json_object('id', id, 'title', title, 'description', description, 'retired', retired, 'version', 1,
              'origin', origin, 'updated_at', updated_at),
  'topics got versions (migration m003)'
from topics where not exists (select 1 {_LOGGED}) order by id
"""


@migrations()
def m003_topic_versions_no_fts(db: sqlite_utils.Database) -> None:
    """Topics are versioned entries like the others; the full-text tables nothing queried are dropped.

    A topic's version continues from its audit rows (imports logged topic changes with their own count);
    a topic the log has never seen came from the shipped files and gets its version 1 logged now, so
    every entry's current version is in the audit log.
    """
    topics = db.table("topics")
    topics.add_column("retired", int, not_null_default=0)
    topics.add_column("version", int, not_null_default=1)
    topics.add_column("origin", str)
    topics.add_column("updated_at", str)
    db.execute(_TOPIC_VERSIONS)
    db.execute(_TOPIC_FIRST_VERSIONS)
    for table in ("facts", "faq_phrasings"):
        db.table(table).disable_fts()


@migrations()
def m004_embeddings(db: sqlite_utils.Database) -> None:
    """Sentence embeddings of the knowledge base's texts, kept by model and text hash so each is made once."""
    db.table("embeddings").create({"model": str, "key": str, "vector": bytes}, pk=("model", "key"))


@migrations()
def m004_readings(db: sqlite_utils.Database) -> None:
    """The analyzer's reading of each of the knowledge base's texts, as JSON, kept so each is read once.

    Kept by the fingerprint of what shapes a reading (the code, the aliases, the lexicon, the gazetteer) and
    the text's hash. Derived data only, and plain data: nothing read back from it is ever executed.
    """
    db.table("analyses").create({"fingerprint": str, "key": str, "analysis": str}, pk=("fingerprint", "key"))


@migrations()
def m006_fact_dates_and_supersession(db: sqlite_utils.Database) -> None:
    """A fact's ``as_of`` date and the newer fact that superseded it (both empty for every existing fact)."""
    facts = db.table("facts")
    facts.add_column("as_of", str)
    facts.add_column("superseded_by", str)


@migrations()
def m007_proposals(db: sqlite_utils.Database) -> None:
    """Facts proposed from a source's sentences, waiting for a moderator to accept, edit or reject them."""
    db.table("proposals").create(
        {"id": int, "source_id": str, "position": int, "start": int, "end": int, "quote": str, "statement": str,
         "context": str, "entities": str, "topics": str, "numbers": str, "signals": str, "update_of": str,
         "update_score": float, "faq_id": str, "faq_action": str, "faq_score": float, "as_of": str, "status": str,
         "fact_id": str, "version": int, "created_at": str, "created_by": str, "decided_at": str,
         "decided_by": str, "reason": str},
        pk="id",
    )
    db.table("proposals").create_index(["status", "source_id", "position"])


def known_migrations() -> set[str]:
    """The names of every migration this code has."""
    db = sqlite_utils.Database(memory=True)
    try:
        return {m.name for m in migrations.pending(db)}
    finally:
        db.close()


def reference_tables() -> set[str]:
    """Every table the current schema has."""
    db = sqlite_utils.Database(memory=True)
    try:
        migrations.apply(db)
        return set(db.table_names())
    finally:
        db.close()


@migrations()
def m005_shared_limits(db: sqlite_utils.Database) -> None:
    """Rate-limit hits and one-time claims (handled events, replayed requests) that every process shares."""
    for statement in limits.TABLES:
        db.execute(statement)


@migrations()
def m008_alias_homes(db: sqlite_utils.Database) -> None:
    """A company's home country, for questions that describe it so ("the Swedish carmaker"); empty for all."""
    db.table("aliases").add_column("home", str)
