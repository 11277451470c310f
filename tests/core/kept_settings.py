"""What a bot's start keeps in the database's settings, read back as another process would."""

from __future__ import annotations

from pathlib import Path

from bot.core.service import KnowledgeBase
from bot.core.store import Store


def kept_after_a_start(db_path: Path, key: str) -> str | None:
    """Start a bot on the database (no embedding), stop it, and read one setting back."""
    KnowledgeBase.open(db_path, semantic="off").close()
    store = Store.open(db_path)
    try:
        return store.get_meta(key)
    finally:
        store.close()
