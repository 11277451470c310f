"""The store opens only what is its own: nothing yet, an empty SQLite file, or a database its migrations made."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from bot.core.store import Store
from bot.core.store.ownership import NotOurDatabase, check


def test_new_empty_and_ours_are_ours(db_path: Path, tmp_path: Path) -> None:
    assert check(tmp_path / "none.db") == "new"
    (tmp_path / "empty.db").touch()
    assert check(tmp_path / "empty.db") == "empty"
    sqlite3.connect(tmp_path / "blank.db").execute("pragma user_version = 1").connection.close()
    assert check(tmp_path / "blank.db") in ("new", "empty")
    assert check(db_path) == "ours"


def test_another_applications_database_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    path = tmp_path / "theirs.db"
    conn = sqlite3.connect(path)
    conn.execute("create table meta (key text primary key, value text)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(NotOurDatabase, match="another application"):
        Store.open(path, load=False)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["theirs.db"]


@pytest.mark.parametrize("make, words", [
    (lambda p: p.mkdir(), "directory"),
    (lambda p: p.write_text("not a database\n"), "not an SQLite database"),
    (lambda p: p.write_bytes(b"SQLite format 3\x00" + b"\x10\x00" + b"\x00" * 10 + b"\x00\x00\x00\x09" + b"\x00" * 68),
     "cut short"),
])
def test_a_folder_a_text_file_and_a_cut_database_are_named_as_such(make: Any, words: str, tmp_path: Path) -> None:
    path = tmp_path / "kb.db"
    make(path)
    with pytest.raises(NotOurDatabase, match=words):
        Store.open(path, load=False)


def bump_page_count(path: Path, by: int) -> None:
    """Make the file's header count pages the file does not hold, as a checkpoint does half-way."""
    with path.open("r+b") as handle:
        handle.seek(28)
        pages = int.from_bytes(handle.read(4), "big")
        handle.seek(28)
        handle.write((pages + by).to_bytes(4, "big"))


def test_a_database_in_use_is_not_taken_for_a_cut_one_while_its_log_is_checkpointed(db_path: Path) -> None:
    """Mid-checkpoint the header already counts pages the file does not hold yet; the live log says why."""
    writer = sqlite3.connect(db_path)  # another process that grew the database, its pages still in the log
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("insert or replace into meta (key, value) values ('probe', ?)", ["x" * 200_000])
    writer.commit()
    grown = writer.execute("PRAGMA page_count").fetchone()[0]
    on_disk = db_path.stat().st_size // writer.execute("PRAGMA page_size").fetchone()[0]
    assert Path(f"{db_path}-wal").stat().st_size > 0 and grown > on_disk
    bump_page_count(db_path, grown - on_disk)  # the checkpoint has copied page 1 and nothing after it yet
    assert check(db_path) == "ours"
    writer.close()  # the last connection checkpoints the log into the file and removes it
    bump_page_count(db_path, 50)
    with pytest.raises(NotOurDatabase, match="cut short"):
        check(db_path)
