"""Shared fixtures: the shipped knowledge base in a real SQLite file, built once per session.

The session's database is built with its embeddings (the one slow step, done once), and every copy carries
them, so in-process knowledge bases answer with the semantic signal at no extra cost. Subprocesses that build
a database of their own answer on words alone (``BOT_SEMANTIC=off``): embedding the whole knowledge base again
for each of them would only test the model's speed.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.core.loader import DEFAULT_DATA_DIR, KnowledgeData, load_data
from bot.core.service import KnowledgeBase

os.environ["BOT_SEMANTIC"] = "off"

TESTS = Path(__file__).resolve().parent
DEV_SET = TESTS / "data" / "dev-questions.yaml"
EXTRA_SET = TESTS / "data" / "extra-questions.yaml"


@pytest.fixture(scope="session")
def shipped() -> KnowledgeData:
    """The data/ folder, loaded and validated."""
    return load_data(DEFAULT_DATA_DIR)


@pytest.fixture(scope="session")
def built_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database file built from data/ once; tests copy it rather than rebuild."""
    path = tmp_path_factory.mktemp("db") / "kb.db"
    KnowledgeBase.open(path, semantic="now").close()
    return path


def copy_db(built: Path, target: Path) -> Path:
    """A copy of a database with the files beside it (the index cache), so opening it rebuilds nothing."""
    for source in built.parent.glob(built.name + "*"):
        if not source.name.endswith(("-wal", "-shm")):
            shutil.copy(source, target.parent / (target.name + source.name[len(built.name):]))
    return target


@pytest.fixture
def db_path(built_db: Path, tmp_path: Path) -> Path:
    """A fresh copy of the built database for one test."""
    return copy_db(built_db, tmp_path / "kb.db")


@pytest.fixture
def kb(db_path: Path) -> Iterator[KnowledgeBase]:
    """A knowledge base on a real SQLite file, private to the test."""
    base = KnowledgeBase.open(db_path, semantic="now")
    yield base
    base.close()


@pytest.fixture(scope="session")
def shared_kb(built_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeBase]:
    """One read-mostly knowledge base for the many matcher tests."""
    target = copy_db(built_db, tmp_path_factory.mktemp("shared") / "kb.db")
    base = KnowledgeBase.open(target, semantic="now")
    yield base
    base.close()


def copy_data(tmp_path: Path) -> Path:
    """A writable copy of data/, for tests that break or change a file."""
    target = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, target)
    return target


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    """Tests that run ``bot.cli.main`` in-process configure logging; put the root logger back after each."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in list(root.handlers):
        if handler not in handlers:
            root.removeHandler(handler)
    root.setLevel(level)

