"""The stored sentence embeddings: one row per model and text hash, so nothing is embedded twice."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from contextlib import closing
from pathlib import Path
from typing import Any

from bot.core.store.connection import Store

BATCH = 500
"""Keys looked up per query: well under SQLite's limit on bound parameters."""


class StoredVectors:
    """The ``embeddings`` table, as the semantic index reads and fills it (writes go behind, never blocking)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.submitted = 0
        """Writes handed to the write-behind queue by this object (closing waits longer for them)."""

    def get_vectors(self, model: str, keys: Sequence[str]) -> Mapping[str, bytes]:
        """The stored vectors among ``keys``."""
        out: dict[str, bytes] = {}
        for start in range(0, len(keys), BATCH):
            batch = list(keys[start:start + BATCH])
            marks = ", ".join("?" for _ in batch)
            rows = self.store.db.execute(
                f"select key, vector from embeddings where model = ? and key in ({marks})", [model, *batch]
            ).fetchall()
            out.update({str(k): bytes(v) for k, v in rows})
        return out

    def put_vectors(self, model: str, vectors: Mapping[str, bytes]) -> None:
        """Keep these vectors behind the answers (a vector another process stored meanwhile is kept as it is)."""
        rows = [{"model": model, "key": k, "vector": v} for k, v in vectors.items()]
        self.submitted += 1
        self.store.behind.submit("stored embeddings", lambda store: StoredVectors(store).insert(rows))

    def insert(self, rows: Sequence[dict[str, Any]]) -> None:
        """Write vector rows now, in one transaction."""
        with self.store.write() as db:
            db.table("embeddings").insert_all(rows, ignore=True)


def holds_vectors(path: Path) -> bool:
    """Whether a database file already holds sentence vectors: if not, its first start embeds everything.

    Read-only, before anything else in this process opens the file; a file that cannot be read is left for
    opening it to explain.
    """
    if not path.is_file():
        return False
    try:
        with closing(sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)) as db:
            return bool(db.execute("select exists(select 1 from embeddings)").fetchone()[0])
    except sqlite3.Error:
        return True
