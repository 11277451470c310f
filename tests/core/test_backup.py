"""Backups and restores: consistent copies, refused candidates, and restoring under running processes."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlite_utils

from bot.core.backup import BackupError, backup, restore
from bot.core.models import Voter
from bot.core.service import KnowledgeBase
from bot.core.store import SCHEMA_VERSION, Store, migrations, now
from tests.votes import vote_on

QUESTION = "How many chips will Mistral Compute use?"


def dump(path: Path) -> list[str]:
    """The database's logical content (schema and rows), to compare before and after."""
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def leftovers(folder: Path) -> list[str]:
    """Files a refused or finished operation should not leave behind."""
    return sorted(p.name for p in folder.iterdir() if "before-restore" in p.name or p.name.endswith(".partial"))


def edit_answer(store: Store, faq_id: str, text: str) -> None:
    """A moderator-style edit: the FAQ answer, its audit row and the revision, in one transaction."""
    with store.write() as db:
        version = int(db.execute("select version from faq where id = ?", [faq_id]).fetchone()[0]) + 1
        db.execute("update faq set answer = ?, version = ? where id = ?", [text, version, faq_id])
        db.table("audit").insert({"entity": "faq", "entity_id": faq_id, "version": version, "action": "update",
                                   "actor": "test", "platform": "cli", "at": now()})
        store.bump_revision()


def test_a_backup_is_a_complete_self_contained_copy(db_path: Path, tmp_path: Path) -> None:
    kb = KnowledgeBase.open(db_path)  # a running bot holds the database open (and its WAL) meanwhile
    kb.record_feedback(*vote_on(kb.ask(QUESTION)), Voter("test", "u1"), helpful=True)
    kb.store.behind.flush()  # the vote is saved behind the answer; the copy must hold it
    target = tmp_path / "backups" / "kb-backup.db"
    info = backup(db_path, target)
    assert info.schema_version == SCHEMA_VERSION and info.pages > 10
    assert not Path(f"{target}-wal").exists()  # one file, nothing beside it
    assert dump(target) == dump(db_path)
    kb.close()


def test_backup_refuses_the_live_file_and_a_missing_database(db_path: Path, tmp_path: Path) -> None:
    with pytest.raises(BackupError, match="live database itself"):
        backup(db_path, db_path)
    with pytest.raises(BackupError, match="no database"):
        backup(tmp_path / "missing.db", tmp_path / "out.db")
    assert not (tmp_path / "missing.db").exists()


def test_restore_round_trip_keeps_a_copy_of_what_it_replaced(db_path: Path, tmp_path: Path) -> None:
    saved = backup(db_path, tmp_path / "backup.db").path
    store = Store.open(db_path)
    faq_id = store.knowledge().faq[0].id
    edit_answer(store, faq_id, "Edited after the backup.")
    store.close()
    edited = dump(db_path)

    info = restore(db_path, saved)

    assert dump(db_path) != edited
    store = Store.open(db_path, load=False)
    assert store.db.table("faq").get(faq_id)["answer"] != "Edited after the backup."
    assert store.integrity_ok() and store.schema_version() == SCHEMA_VERSION
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    store.close()
    assert info.safety_copy is not None and info.safety_copy.parent == db_path.parent
    kept = Store.open(info.safety_copy, load=False)
    assert kept.db.table("faq").get(faq_id)["answer"] == "Edited after the backup."
    kept.close()


def test_restoring_into_a_database_others_have_open_reaches_them_at_once(db_path: Path, tmp_path: Path) -> None:
    bot = KnowledgeBase.open(db_path)  # a running bot process
    original = bot.ask(QUESTION)
    assert original.status == "answered" and original.match
    saved = backup(db_path, tmp_path / "backup.db").path
    editor = Store.open(db_path, load=False)  # a moderator in another process
    edit_answer(editor, original.match.id, "Moderator's newer wording.")
    editor.close()
    assert bot.ask(QUESTION).text == "Moderator's newer wording."

    reader = sqlite3.connect(db_path, isolation_level=None)  # a reader in the middle of a transaction
    reader.execute("begin")
    count_before = reader.execute("select count(*) from audit").fetchone()[0]

    restore(db_path, saved)

    assert reader.execute("select count(*) from audit").fetchone()[0] == count_before  # its snapshot holds
    reader.execute("commit")
    assert reader.execute("select count(*) from audit").fetchone()[0] < count_before  # then it sees the restore
    reader.close()
    again = bot.ask(QUESTION)  # the bot, never restarted, answers from the restored database
    assert again.text == original.text and again.citations == original.citations
    bot.record_feedback(*vote_on(again), Voter("test", "u1"), helpful=True)  # and can still write
    assert bot.store.integrity_ok()
    bot.close()


def test_no_write_is_lost_between_the_safety_copy_and_the_restore(db_path: Path, tmp_path: Path) -> None:
    """Every write that commits while a restore runs is in the safety copy or in the restored database."""
    saved = backup(db_path, tmp_path / "backup.db").path
    committed: list[str] = []
    started, done = threading.Event(), threading.Event()
    failures: list[BaseException] = []

    def keep_writing() -> None:
        store = Store.open(db_path, load=False)
        after_done = 3
        try:
            for n in range(5000):  # bounded; normally stops three writes after the restore
                with store.write() as db:
                    db.table("feedback").insert({"answer_key": f"w{n}", "voter": "x", "helpful": 1, "at": now()})
                committed.append(f"w{n}")
                started.set()
                if done.is_set():
                    after_done -= 1
                    if not after_done:
                        break
        except BaseException as exc:  # reported to the test thread
            failures.append(exc)
        finally:
            started.set()
            store.close()

    writer = threading.Thread(target=keep_writing)
    writer.start()
    assert started.wait(timeout=30)
    info = restore(db_path, saved)
    done.set()
    writer.join(timeout=60)
    assert not writer.is_alive() and not failures, failures
    assert info.safety_copy

    def keys(path: Path) -> set[str]:
        conn = sqlite3.connect(path)
        try:
            return {r[0] for r in conn.execute("select answer_key from feedback where answer_key like 'w%'")}
        finally:
            conn.close()

    before, after = keys(info.safety_copy), keys(db_path)
    assert set(committed) == before | after
    assert not before & after


@pytest.mark.parametrize("damage", ["garbage", "empty", "foreign", "newer", "unknown-migration", "page", "truncated"])
def test_a_bad_file_is_refused_and_changes_nothing(damage: str, db_path: Path, tmp_path: Path) -> None:
    candidate = tmp_path / "candidate.db"
    MAKERS[damage](backup(db_path, tmp_path / "good.db").path, candidate)
    before = dump(db_path)
    files_before = leftovers(db_path.parent)

    with pytest.raises(BackupError) as refused:
        restore(db_path, candidate)

    assert str(refused.value)
    assert dump(db_path) == before
    assert leftovers(db_path.parent) == files_before


def _garbage(good: Path, out: Path) -> None:
    out.write_bytes(b"this is not a database\n" * 500)


def _empty(good: Path, out: Path) -> None:
    out.write_bytes(b"")


def _foreign(good: Path, out: Path) -> None:
    db = sqlite_utils.Database(out)
    db.table("notes").insert({"id": 1, "text": "some other program's database"}, pk="id")
    db.close()


def _newer(good: Path, out: Path) -> None:
    good.rename(out)
    db = sqlite_utils.Database(out)
    db.execute("update meta set value = ? where key = 'schema_version'", [str(SCHEMA_VERSION + 1)])
    db.conn.commit()
    db.close()


def _unknown_migration(good: Path, out: Path) -> None:
    good.rename(out)
    db = sqlite_utils.Database(out)
    db.table(migrations.migrations_table).insert(
        {"migration_set": migrations.name, "name": "m999_from_the_future", "applied_at": "2099-01-01"}
    )
    db.conn.commit()
    db.close()


def _damaged_page(good: Path, out: Path) -> None:
    conn = sqlite3.connect(good)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("select rootpage from sqlite_master where name = 'facts'").fetchone()[0]
    conn.close()
    data = bytearray(good.read_bytes())
    offset = (root - 1) * page_size
    data[offset:offset + 16] = b"\xff" * 16  # scribble over the b-tree page header of the facts table
    out.write_bytes(bytes(data))


def _truncated(good: Path, out: Path) -> None:
    data = good.read_bytes()
    out.write_bytes(data[: len(data) // 2])


MAKERS: dict[str, Callable[[Path, Path], None]] = {
    "garbage": _garbage, "empty": _empty, "foreign": _foreign, "newer": _newer,
    "unknown-migration": _unknown_migration, "page": _damaged_page, "truncated": _truncated,
}


def test_an_older_schema_is_brought_up_to_date_on_restore(db_path: Path, tmp_path: Path) -> None:
    old = tmp_path / "v1.db"
    db = sqlite_utils.Database(old)
    migrations.apply(db, stop_before="m002_audit_feedback_unanswered")
    db.table("meta").insert({"key": "schema_version", "value": "1"})
    db.conn.commit()
    db.close()

    info = restore(db_path, old)

    assert info.schema_version == 1
    store = Store.open(db_path, load=False)
    assert store.schema_version() == SCHEMA_VERSION and store.db.table("feedback").exists()
    assert not migrations.pending(store.db)
    store.close()


def test_restoring_where_there_is_no_database_yet_creates_it(db_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "fresh" / "kb.db"
    info = restore(target, backup(db_path, tmp_path / "b.db").path)
    assert info.safety_copy is None
    assert dump(target) == dump(db_path)
    store = Store.open(target, load=False)
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    store.close()


def test_the_restored_database_has_a_newer_revision_so_running_processes_reload(db_path: Path, tmp_path: Path) -> None:
    saved = backup(db_path, tmp_path / "b.db").path
    store = Store.open(db_path, load=False)
    for _ in range(3):
        with store.write():
            store.bump_revision()
    live_revision = store.revision()
    store.close()
    restore(db_path, saved)
    store = Store.open(db_path, load=False)
    assert store.revision() > live_revision
    store.close()


def test_a_live_database_with_unsaved_wal_frames_can_be_restored_from(db_path: Path, tmp_path: Path) -> None:
    other = tmp_path / "other" / "kb.db"  # another deployment's live file, copied with its -wal as it ran
    other.parent.mkdir()
    backup(db_path, other)
    running = Store.open(other, load=False)
    running.db.execute("PRAGMA wal_autocheckpoint = 0")
    edit_answer(running, running.knowledge().faq[0].id, "Only in the WAL so far.")
    assert Path(f"{other}-wal").stat().st_size > 0

    restore(db_path, other)

    running.close()
    store = Store.open(db_path, load=False)
    assert "Only in the WAL so far." in {e.answer for e in store.knowledge().faq}
    store.close()


def test_a_backup_with_another_page_size_is_converted_on_the_way_in(db_path: Path, tmp_path: Path) -> None:
    candidate = backup(db_path, tmp_path / "b.db").path
    conn = sqlite3.connect(candidate, isolation_level=None)
    conn.execute("PRAGMA page_size = 8192")
    conn.execute("VACUUM")
    assert conn.execute("PRAGMA page_size").fetchone()[0] == 8192
    conn.close()
    bot = KnowledgeBase.open(db_path)  # open in WAL mode, where the backup API needs equal page sizes

    restore(db_path, candidate)

    assert bot.ask(QUESTION).status == "answered"
    assert bot.store.db.execute("PRAGMA page_size").fetchone()[0] == 4096
    bot.close()
