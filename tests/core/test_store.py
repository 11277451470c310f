import json
import sqlite3
from pathlib import Path

import yaml

from bot.core.store import SCHEMA_VERSION, Store
from tests.conftest import copy_data


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
