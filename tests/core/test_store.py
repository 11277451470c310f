import ast
import json
import os
import re
import sqlite3
import stat
from dataclasses import replace
from pathlib import Path

import yaml

from bot.core.curation import Actor, Curator
from bot.core.loader import KnowledgeData
from bot.core.store import SCHEMA_VERSION, Store
from tests.conftest import copy_data
from tests.core import schema_v2


def test_first_open_creates_and_loads_the_database(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "new" / "kb.db")
    assert store.schema_version() == SCHEMA_VERSION
    assert store.db.table("facts").count >= 40
    assert store.db.table("faq_phrasings").count > store.db.table("faq").count
    store.close()


def test_the_database_runs_in_wal_mode_with_foreign_keys(db_path: Path) -> None:
    store = Store.open(db_path)
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.db.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
    store.close()


def test_reopening_with_the_same_data_changes_nothing(db_path: Path) -> None:
    store = Store.open(db_path)
    revision = store.revision()
    audit = store.db.table("audit").count
    assert store.sync_data() is False
    store.close()
    again = Store.open(db_path)
    assert again.revision() == revision
    assert again.db.table("audit").count == audit
    again.close()


def test_a_changed_data_file_updates_the_entry_and_logs_it(tmp_path: Path, db_path: Path) -> None:
    data_dir = copy_data(tmp_path)
    faq = yaml.safe_load((data_dir / "faq.yaml").read_text(encoding="utf-8"))
    faq[0]["question"] = "A reworded question?"
    (data_dir / "faq.yaml").write_text(yaml.safe_dump(faq, allow_unicode=True), encoding="utf-8")
    store = Store.open(db_path, data_dir=data_dir)
    row = store.db.table("faq").get(faq[0]["id"])
    assert row["question"] == "A reworded question?"
    assert row["version"] == 2
    logged = list(store.db.query("select * from audit where entity_id = ? and version = 2", [faq[0]["id"]]))
    assert logged and json.loads(logged[0]["before"])["question"] != "A reworded question?"
    store.close()


def test_a_moderators_edit_survives_a_data_update(tmp_path: Path, db_path: Path) -> None:
    store = Store.open(db_path)
    fact_id = store.knowledge().facts[0].id
    with store.write() as db:
        db.table("facts").update(fact_id, {"statement": "Moderator wording.", "version": 2})
        db.table("audit").insert({"entity": "fact", "entity_id": fact_id, "version": 2, "action": "update",
                                   "actor": "mod", "platform": "cli", "at": "now"})
    store.close()
    data_dir = copy_data(tmp_path)
    (data_dir / "topics.yaml").write_text((data_dir / "topics.yaml").read_text() + "\n", encoding="utf-8")
    store = Store.open(db_path, data_dir=data_dir)
    assert store.db.table("facts").get(fact_id)["statement"] == "Moderator wording."
    store.close()


def test_an_older_schema_is_migrated_without_losing_rows(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.close()
    store = Store.open(path, load=False)
    store.db.execute("delete from _sqlite_migrations where name = 'm002_audit_feedback_unanswered'")
    store.db.execute("drop table audit")
    store.db.execute("drop table feedback")
    store.db.execute("drop table unanswered")
    store.db.table("topics").insert({"id": "kept", "title": "Kept", "description": ""})
    store.close()
    migrated = Store.open(path, load=False)
    assert migrated.db.table("audit").exists()
    assert migrated.db.table("topics").get("kept")["title"] == "Kept"
    migrated.close()


def test_data_version_tells_one_connection_about_anothers_commit(db_path: Path) -> None:
    reader, writer = Store.open(db_path), Store.open(db_path)
    before = reader.data_version()
    with writer.write():
        writer.bump_revision()
    assert reader.data_version() != before
    reader.close()
    writer.close()


# -- migrating a database written by the previous schema --------------------------------------------------


def rows(path: Path, table: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"select * from [{table}] order by rowid").fetchall()
    finally:
        conn.close()


KEPT_TABLES = ("sources", "facts", "faq", "faq_phrasings", "aliases", "lexicon", "gazetteer", "audit", "feedback",
               "unanswered")


def test_a_schema_2_database_migrates_keeping_every_row_and_its_audit_history(
    tmp_path: Path, shipped: KnowledgeData
) -> None:
    path = tmp_path / "v2.db"
    schema_v2.build(path, shipped)
    before = {t: rows(path, t) for t in KEPT_TABLES}
    topics_before = rows(path, "topics")
    assert any("fts" in str(row[1]) for row in rows(path, "sqlite_master"))  # the old full-text tables

    store = Store.open(path, load=False)

    assert store.schema_version() == SCHEMA_VERSION and not store.pending_migrations()
    assert store.integrity_ok()
    leftovers = list(store.db.query("select type, name from sqlite_master where name like '%fts%' or sql like '%fts%'"))
    assert leftovers == []
    after = {t: rows(path, t) for t in KEPT_TABLES}
    new_audit = after.pop("audit")[len(before["audit"]):]
    width = {t: len(v[0]) for t, v in before.items() if v}
    added = [r[width[t]:] for t, v in after.items() for r in v if t in width]
    assert all(value is None for columns in added for value in columns)  # columns added later start empty
    after = {t: [r[: width.get(t, len(r))] for r in v] for t, v in after.items()}
    assert after == {t: v for t, v in before.items() if t != "audit"}
    assert rows(path, "audit")[: len(before["audit"])] == before["audit"]  # old history untouched
    assert [r[:3] for r in topics_before] == [r[:3] for r in rows(path, "topics")]
    # Topics got versions: the imported one continues its logged count, the others start at a logged version 1.
    imported = store.entries.get("topic", schema_v2.IMPORTED_TOPIC)
    assert imported is not None and (imported.version, imported.origin) == (1, "moderator")
    assert imported.value.title == schema_v2.IMPORTED_TITLE  # type: ignore[union-attr]
    assert len(new_audit) == len(shipped.topics) - 1
    shipped_topic = store.entries.get("topic", "chips")
    assert shipped_topic is not None and (shipped_topic.version, shipped_topic.origin) == (1, "data")
    [first] = store.audit.history("topic", "chips")
    assert first.record == shipped_topic and first.platform == "data"
    assert store.knowledge().topics == tuple(sorted(
        (replace(t, title=schema_v2.IMPORTED_TITLE) if t.id == schema_v2.IMPORTED_TOPIC else t for t in shipped.topics),
        key=lambda t: t.id))
    store.close()


def test_after_the_migration_history_revert_edits_and_shipped_data_work_as_before(
    tmp_path: Path, shipped: KnowledgeData
) -> None:
    path = tmp_path / "v2.db"
    schema_v2.build(path, shipped)
    store = Store.open(path)  # the data fingerprint is unchanged: nothing is reloaded
    assert store.revision() == 3
    curator = Curator(store)
    fact = schema_v2.EDITED_FACT
    history = curator.history("fact", fact)
    assert [(v.version, v.actor) for v in history] == [(1, "data/"), (2, "alice")]
    faq_v1 = curator.history("faq", "mistral-compute-chips")[0]
    assert faq_v1.note and "not recorded" in faq_v1.note  # the old shipped snapshots lack phrasings
    reverted = curator.revert(Actor("carol"), "fact", fact, 1)
    assert reverted.record.version == 3 and reverted.record.value == replace(
        next(f for f in shipped.facts if f.id == fact), version=3)
    curator.edit_fact(Actor("carol"), fact, statement=schema_v2.EDITED_STATEMENT)  # facts take writes without FTS
    store.close()

    data_dir = copy_data(tmp_path)  # then the shipped files change: moderated entries keep their versions
    topics = data_dir / "topics.yaml"
    topics.write_text(topics.read_text(encoding="utf-8").replace("title: Blackwell chips", "title: Chips and systems"),
                      encoding="utf-8")
    store = Store.open(path, data_dir=data_dir)
    assert store.entries.get("topic", "chips").value.title == "Chips and systems"  # type: ignore[union-attr]
    assert store.entries.get("topic", "chips").version == 2  # type: ignore[union-attr]
    kept = store.entries.get("topic", schema_v2.IMPORTED_TOPIC)
    assert kept is not None and kept.value.title == schema_v2.IMPORTED_TITLE  # type: ignore[union-attr]
    assert store.entries.get("fact", fact).value.statement == schema_v2.EDITED_STATEMENT  # type: ignore[union-attr]
    store.close()


# -- the store owns the SQL ------------------------------------------------------------------------------

BOT = Path(__file__).resolve().parents[2] / "bot"
STORE = BOT / "core" / "store"
SQL_CALLS = frozenset({"execute", "executemany", "executescript", "query", "rows_where", "execute_returning_dicts",
                       "table"})
DATABASE = re.compile(r"(\b|_)(db|conn|connection|cursor|tx)$")
"""What a database is called where it is used (``db``, ``self.store.db``, ``conn``); a model's ``query`` is not."""
SQL_TEXT = re.compile(r"(?is)\b(select\b.+\bfrom|insert\s+(or\s+\w+\s+)?into|delete\s+from|update\s+\[?\w+\]?\s+set|"
                      r"create\s+(table|index|trigger)|drop\s+(table|trigger)|pragma\s+\w+)\b")


def sql_in(path: Path) -> list[str]:
    """Lines of ``path`` that run SQL or hold an SQL statement (docstrings aside)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
                  and node.body and isinstance(node.body[0], ast.Expr)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in SQL_CALLS \
                and DATABASE.search(ast.unparse(node.func.value)):
            found.append(f"{path.relative_to(BOT.parent)}:{node.lineno}: .{node.func.attr}(...)")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings \
                and SQL_TEXT.search(node.value):
            found.append(f"{path.relative_to(BOT.parent)}:{node.lineno}: {node.value[:60]!r}")
    return found


def test_only_the_store_runs_sql() -> None:
    outside = [line for path in sorted(BOT.rglob("*.py")) if STORE not in path.parents for line in sql_in(path)]
    assert outside == []
    assert sql_in(STORE / "entries.py"), "the check finds SQL where there is some"


def test_a_new_database_and_its_side_files_are_readable_by_the_owner_only(tmp_path: Path) -> None:
    old = os.umask(0o022)  # the usual umask, under which SQLite alone would make the file readable by everyone
    try:
        store = Store.open(tmp_path / "new" / "kb.db")
        store.behind.close()
        paths = [tmp_path / "new" / name for name in ("kb.db", "kb.db-wal", "kb.db-shm")]
        modes = {path.name: stat.S_IMODE(path.stat().st_mode) for path in paths}
        folder_mode = stat.S_IMODE((tmp_path / "new").stat().st_mode)
        store.close()
    finally:
        os.umask(old)
    assert modes == {"kb.db": 0o600, "kb.db-wal": 0o600, "kb.db-shm": 0o600}
    assert folder_mode == 0o700


def test_opening_an_existing_database_leaves_its_mode_as_the_owner_set_it(db_path: Path) -> None:
    db_path.chmod(0o640)
    Store.open(db_path).close()
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o640


def test_whether_a_database_holds_vectors_is_read_without_creating_it(tmp_path: Path, db_path: Path) -> None:
    from bot.core.store.vectors import holds_vectors

    missing = tmp_path / "nothing-here.db"
    assert not holds_vectors(missing) and not missing.exists()
    assert holds_vectors(db_path)  # the session's database is built with its embeddings
    with sqlite3.connect(db_path) as db:
        db.execute("delete from embeddings")
    assert not holds_vectors(db_path)
