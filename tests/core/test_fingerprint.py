"""A kept copy's fingerprint changes with whatever shaped the copy, and only then."""

from __future__ import annotations

from pathlib import Path

from bot.core import fingerprint


def test_the_same_files_give_the_same_fingerprint(tmp_path: Path) -> None:
    source = tmp_path / "table.yaml"
    source.write_text("a: 1\n")
    assert fingerprint.of(files=[source]) == fingerprint.of(files=[source])


def test_an_edited_file_changes_the_fingerprint(tmp_path: Path) -> None:
    source = tmp_path / "table.yaml"
    source.write_text("a: 1\n")
    before = fingerprint.of(files=[source])
    source.write_text("a: 2\n")
    assert fingerprint.of(files=[source]) != before


def test_the_extra_text_is_part_of_the_fingerprint(tmp_path: Path) -> None:
    assert fingerprint.of(extra="babel 2.16") != fingerprint.of(extra="babel 2.17")


def test_a_folder_mark_follows_the_names_and_sizes_of_matching_files_only(tmp_path: Path) -> None:
    (tmp_path / "small_en.msgpack.gz").write_bytes(b"12345")
    (tmp_path / "large_en.msgpack.gz").write_bytes(b"1")
    before = fingerprint.folder_mark(tmp_path, "small_*")
    (tmp_path / "large_en.msgpack.gz").write_bytes(b"123")
    assert fingerprint.folder_mark(tmp_path, "small_*") == before
    (tmp_path / "small_en.msgpack.gz").write_bytes(b"123456")
    assert fingerprint.folder_mark(tmp_path, "small_*") != before


def test_a_package_that_is_not_installed_is_marked_absent() -> None:
    assert fingerprint.package_mark("no_such_package_here") == "absent"


def test_an_installed_package_is_marked_by_its_own_files() -> None:
    assert "__init__.py:" in fingerprint.package_mark("wordfreq")
