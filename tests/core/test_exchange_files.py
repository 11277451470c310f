"""Export and import meet hostile folders: links out of them, special files, bombs, wrong shapes, smuggled topics.

Each case is a reproduction from the adversarial review (issue 11: C2, M1-M4, M9): the export must never write
through a link or into a folder it would clobber, and the import must read only regular, small, plain YAML
files inside the folder, refusing anything else with a message naming the file, never a traceback.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from bot.core import exchange, folders
from bot.core.curation import Actor, CurationError
from bot.core.store import Store

ALICE = Actor("alice", "cli")


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    opened = Store.open(db_path)
    yield opened
    opened.close()


@pytest.fixture
def exported(store: Store, tmp_path: Path) -> Path:
    out = tmp_path / "out"
    exchange.export(store, out)
    return out


def refused_import(store: Store, folder: Path, *words: str) -> str:
    with pytest.raises(CurationError) as refused:
        exchange.import_(store, folder, ALICE, dry_run=True)
    message = str(refused.value)
    for word in words:
        assert word in message, message
    return message


# -- export (C2, M9) ---------------------------------------------------------------------------------------


def test_export_refuses_a_folder_that_is_not_empty_and_writes_nothing(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine\n")
    with pytest.raises(CurationError, match=r"not empty.*--force"):
        exchange.export(store, out)
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]
    exchange.export(store, out, force=True)
    assert (out / "facts.yaml").is_file() and (out / "notes.txt").read_text() == "mine\n"


def test_export_never_writes_through_a_link(store: Store, tmp_path: Path) -> None:
    important = tmp_path / "important.conf"
    important.write_text("do not touch\n")
    out = tmp_path / "out"
    out.mkdir()
    (out / "facts.yaml").symlink_to(important)
    with pytest.raises(CurationError, match="not empty"):
        exchange.export(store, out)
    assert important.read_text() == "do not touch\n"
    exchange.export(store, out, force=True)  # the link itself is replaced by the export's file
    assert important.read_text() == "do not touch\n"
    assert not (out / "facts.yaml").is_symlink() and "mistral-compute-chips" in (out / "facts.yaml").read_text()


def test_export_refuses_a_linked_sources_folder(store: Store, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "sources").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(CurationError, match="symbolic link"):
        exchange.export(store, out, force=True)
    assert list(elsewhere.iterdir()) == []
    assert sorted(p.name for p in out.iterdir()) == ["sources"], "all or nothing: no file was put in place"


def test_an_export_that_fails_part_way_leaves_every_file_as_it_was(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "out"
    exchange.export(store, out)
    before = {p: p.read_bytes() for p in out.rglob("*.yaml")}
    (out / "overview.yaml").unlink()
    (out / "overview.yaml").mkdir()  # the last file cannot be written
    store.settings.replace_gazetteer({"country": ["Atlantis"]})
    with pytest.raises(CurationError, match=r"overview\.yaml is a folder"):
        exchange.export(store, out, force=True)
    assert {p: p.read_bytes() for p in out.rglob("*.yaml") if p.is_file()} == {
        p: b for p, b in before.items() if p.name != "overview.yaml"
    }
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]


def test_export_to_a_file_or_an_impossible_place_is_a_clear_refusal(store: Store, tmp_path: Path) -> None:
    afile = tmp_path / "afile"
    afile.write_text("x")
    with pytest.raises(CurationError, match="is a file, not a folder"):
        exchange.export(store, afile)
    assert afile.read_text() == "x"
    with pytest.raises(CurationError, match="/proc/nope"):
        exchange.export(store, Path("/proc/nope"))


# -- import: special files and links (M2) ------------------------------------------------------------------


@pytest.mark.parametrize("target", ["/dev/zero", "outside"])
def test_import_refuses_links_to_devices_and_outside_files(
    target: str, store: Store, exported: Path, tmp_path: Path,
) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text((exported / "facts.yaml").read_text())
    (exported / "facts.yaml").unlink()
    (exported / "facts.yaml").symlink_to(outside if target == "outside" else Path(target))
    refused_import(store, exported, "facts.yaml", "symbolic link")


def test_import_refuses_a_fifo_without_waiting_for_a_writer(store: Store, exported: Path) -> None:
    (exported / "faq.yaml").unlink()
    os.mkfifo(exported / "faq.yaml")
    refused_import(store, exported, "faq.yaml", "not a regular file")  # refused on opening: no writer awaited


def test_import_refuses_a_linked_sources_folder(store: Store, exported: Path, tmp_path: Path) -> None:
    moved = tmp_path / "moved-sources"
    (exported / "sources").rename(moved)
    (exported / "sources").symlink_to(moved, target_is_directory=True)
    refused_import(store, exported, "sources", "symbolic link")


# -- import: bombs, size, tags (M1) --------------------------------------------------------------------------


def test_a_yaml_bomb_is_refused_at_once(store: Store, exported: Path) -> None:
    lines = ['- &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"- &a{i} [{', '.join(f'*a{i - 1}' for _ in range(10))}]" for i in range(1, 10)]
    facts = yaml.safe_load((exported / "facts.yaml").read_text())
    body = exchange.dump(facts).replace("topics: [", "topics: [*a9, ", 1)
    (exported / "facts.yaml").write_text("\n".join(lines) + "\n" + body)
    refused_import(store, exported, "facts.yaml", "anchors and aliases")  # refused before expanding anything


def test_a_huge_file_is_refused_before_it_is_read(store: Store, exported: Path) -> None:
    with (exported / "faq.yaml").open("r+b") as handle:
        handle.truncate(100 * 1024 * 1024)  # sparse: 100 MB that costs nothing to make
    refused_import(store, exported, "faq.yaml", "bytes")  # the size is checked before a byte is read


def test_binary_and_other_tags_are_refused(store: Store, exported: Path) -> None:
    path = exported / "gazetteer.yaml"
    path.write_text("country: !!binary aGVsbG8=\n")
    refused_import(store, exported, "gazetteer.yaml", "!!binary")


# -- import: wrong shapes (M3) --------------------------------------------------------------------------------


@pytest.mark.parametrize("name, body, words", [
    ("overview.yaml", "- a\n- b\n", ("overview.yaml", "expected a mapping")),
    ("lexicon.yaml", "- fr\n- de\n", ("lexicon.yaml", "expected a mapping")),
    ("lexicon.yaml", "fr: [1, 2]\n", ("lexicon.yaml", "'fr'")),
    ("gazetteer.yaml", "country: 5\n", ("gazetteer.yaml", "kind 'country'", "a number")),
    ("gazetteer.yaml", "country: [[Japan]]\n", ("gazetteer.yaml", "kind 'country'")),
    ("overview.yaml", "facts: {a: 1}\n", ("overview.yaml", "facts")),
    ("topics.yaml", "- id: x\n  title: [1, 2]\n", ("topics.yaml", "entry 'x'", "title")),
    ("facts.yaml", "- 7\n", ("facts.yaml", "entry #1", "a number")),
])
def test_wrong_shapes_name_the_file_and_the_entry(
    name: str, body: str, words: tuple[str, ...], store: Store, exported: Path,
) -> None:
    (exported / name).write_text(body)
    refused_import(store, exported, *words)


def test_a_folder_where_a_source_file_should_be_is_named(store: Store, exported: Path) -> None:
    (exported / "sources" / "x.yaml").mkdir()
    refused_import(store, exported, "x.yaml", "folder")


# -- import: topics shown to everyone (M4) ----------------------------------------------------------------


@pytest.mark.parametrize("field, value, words", [
    ("title", "@everyone [Free GPUs](https://evil.example/login) <@&123>", ("title", "mentions")),
    ("id", "../../Evil Topic/<@1>", ("ids are lowercase",)),
    ("description", "see https://evil.example", ("description", "links")),
])
def test_topics_are_validated_on_import(
    field: str, value: str, words: tuple[str, ...], store: Store, exported: Path,
) -> None:
    topics = yaml.safe_load((exported / "topics.yaml").read_text())
    topics.append({"id": "evil-topic", "title": "Evil", "description": "d"} | {field: value})
    (exported / "topics.yaml").write_text(exchange.dump(topics))
    refused_import(store, exported, *words)


def test_a_clean_export_still_imports_and_reads_the_same(store: Store, exported: Path) -> None:
    result = exchange.import_(store, exported, ALICE, dry_run=True)
    assert result.changes == ()
    assert folders.read_text(exported, "topics.yaml") == (exported / "topics.yaml").read_text()
