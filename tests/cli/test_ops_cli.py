"""backup, restore, purge and health, run as real subprocesses the way an operator or a cron job runs them."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.core.service import KnowledgeBase
from bot.core.store import Store, now

pytestmark = pytest.mark.slow  # every test runs `python -m bot` as a subprocess

ROOT = Path(__file__).resolve().parents[2]
QUESTION = "How many chips will Mistral Compute use?"


def run(*args: str, db: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m bot ARGS --db DB`` with only the given settings (no .env: it runs beside the database)."""
    folder = next(p for p in db.parents if p.is_dir())
    base = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONPATH": str(ROOT), "HOME": str(folder)}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args, "--db", str(db)],
        capture_output=True, text=True, cwd=folder, timeout=120, env={**base, **(env or {})},
    )


def test_backup_then_restore_while_a_bot_has_the_database_open(db_path: Path, tmp_path: Path) -> None:
    bot = KnowledgeBase.open(db_path)
    original = bot.ask(QUESTION)
    assert original.match
    target = tmp_path / "backups" / "nightly.db"

    made = run("backup", str(target), db=db_path)
    assert made.returncode == 0, made.stderr
    assert target.exists() and str(target) in made.stdout

    moderator = Store.open(db_path, load=False)  # a moderator's edit after the backup, from another process
    with moderator.write() as db:
        db.execute("update faq set answer = 'Changed after the backup.' where id = ?", [original.match.id])
        moderator.bump_revision()
    moderator.close()
    assert bot.ask(QUESTION).text == "Changed after the backup."

    restored = run("restore", str(target), db=db_path)
    assert restored.returncode == 0, restored.stderr
    assert "kept at" in restored.stdout
    kept = Path(restored.stdout.split("kept at ", 1)[1].strip())
    assert kept.exists()
    assert bot.ask(QUESTION).text == original.text  # the running bot sees the restore, no restart
    bot.close()
    copy = Store.open(kept, load=False)
    assert copy.db.table("faq").get(original.match.id)["answer"] == "Changed after the backup."
    copy.close()


def test_restoring_a_corrupt_file_is_refused_with_a_message_and_nothing_changes(db_path: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00garbage" * 4000)
    before = db_path.read_bytes()
    proc = run("restore", str(bad), db=db_path)
    assert proc.returncode == 2
    assert proc.stderr.startswith("error: ") and "Traceback" not in proc.stderr
    assert db_path.read_bytes() == before
    assert not [p for p in db_path.parent.iterdir() if "before-restore" in p.name]


def test_restore_of_a_missing_file_is_a_clear_error(db_path: Path, tmp_path: Path) -> None:
    proc = run("restore", str(tmp_path / "nope.db"), db=db_path)
    assert proc.returncode == 2 and "no such file" in proc.stderr and "Traceback" not in proc.stderr


def _age(store: Store, table: str, days: int) -> None:
    old = (datetime.now(UTC) - timedelta(days=days)).isoformat(timespec="seconds")
    with store.write() as db:
        if table == "feedback":
            db.table("feedback").insert({"answer_key": f"k{days}", "voter": f"v{days}", "helpful": 1, "at": old})
        else:
            db.table("unanswered").insert({"question": f"q{days}", "normalized": "q", "status": "no_answer",
                                           "platform": "test", "at": old, "state": "open"})


def test_purge_uses_retention_days_unless_given_days(db_path: Path) -> None:
    store = Store.open(db_path, load=False)
    for days in (1, 10, 100):
        _age(store, "feedback", days)
        _age(store, "unanswered", days)
    store.close()

    proc = run("purge", db=db_path)  # default: 90 days
    assert proc.returncode == 0, proc.stderr
    assert "removed 2 rows older than 90 days" in proc.stdout
    proc = run("purge", db=db_path, env={"RETENTION_DAYS": "5"})
    assert "removed 2 rows older than 5 days" in proc.stdout
    proc = run("purge", "--days", "0", db=db_path, env={"RETENTION_DAYS": "5"})
    assert "removed 2 rows" in proc.stdout

    conn = sqlite3.connect(db_path)
    assert conn.execute("select count(*) from feedback").fetchone() == (0,)
    conn.close()


def test_purge_refuses_a_bad_period_and_a_missing_database(db_path: Path, tmp_path: Path) -> None:
    proc = run("purge", "--days", "-3", db=db_path)
    assert proc.returncode == 2 and "negative" in proc.stderr
    proc = run("purge", db=db_path, env={"RETENTION_DAYS": "soon"})
    assert proc.returncode == 2 and "RETENTION_DAYS" in proc.stderr and "Traceback" not in proc.stderr
    missing = tmp_path / "none" / "kb.db"
    proc = run("purge", db=missing)
    assert proc.returncode == 2 and "no database" in proc.stderr and not missing.exists()


def test_health_is_ok_on_a_working_database(db_path: Path) -> None:
    proc = run("health", "--json", db=db_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    report = json.loads(proc.stdout)
    assert report["ok"] is True
    assert [c["name"] for c in report["checks"]] == ["database", "schema", "index"]
    text = run("health", db=db_path)
    assert text.returncode == 0 and text.stdout.strip().endswith("healthy")


def test_health_fails_without_a_database_and_does_not_create_one(tmp_path: Path) -> None:
    missing = tmp_path / "kb.db"
    proc = run("health", db=missing)
    assert proc.returncode == 1 and "unhealthy" in proc.stdout
    assert not missing.exists()


def test_health_fails_on_an_old_schema(db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute("update meta set value = '1' where key = 'schema_version'")
    conn.commit()
    conn.close()
    proc = run("health", "--json", db=db_path)
    assert proc.returncode == 1
    schema = next(c for c in json.loads(proc.stdout)["checks"] if c["name"] == "schema")
    assert schema["ok"] is False and "needs" in schema["detail"]


def test_health_fails_when_the_index_cannot_answer(db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute("update faq set retired = 1")
    conn.execute("update meta set value = cast(value as integer) + 1 where key = 'revision'")
    conn.commit()
    conn.close()
    proc = run("health", "--json", db=db_path)
    assert proc.returncode == 1
    index = next(c for c in json.loads(proc.stdout)["checks"] if c["name"] == "index")
    assert index["ok"] is False


def test_health_fails_on_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    bad = tmp_path / "kb.db"
    bad.write_bytes(b"not a database" * 100)
    proc = run("health", db=bad)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr


def test_a_busy_database_gives_a_clear_message_not_a_traceback(db_path: Path, tmp_path: Path) -> None:
    store = Store.open(db_path, load=False)  # another process holds the write lock for longer than the timeout
    store.db.execute("BEGIN IMMEDIATE")
    store.db.table("feedback").insert({"answer_key": "k", "voter": "v", "helpful": 1, "at": now()})
    try:
        proc = run("purge", db=db_path)
    finally:
        store.db.conn.rollback()
        store.close()
    assert proc.returncode == 2
    assert "busy" in proc.stderr and "Traceback" not in proc.stderr
