"""The stored sentence embeddings: one row per model and text hash, so nothing is embedded twice."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from bot.core.store.connection import Store
from bot.core.store.deferred import Deferred

BATCH = 500
"""Keys looked up per query: well under SQLite's limit on bound parameters."""


class StoredVectors:
    """The ``embeddings`` table, as the semantic index reads and fills it (writes go behind, never blocking)."""

    def __init__(self, store: Store, deferred: Deferred | None = None) -> None:
        self.store = store
        self.deferred = deferred

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
        """Keep these vectors (a vector another process stored meanwhile is kept as it is)."""
        rows = [{"model": model, "key": k, "vector": v} for k, v in vectors.items()]

        def write() -> None:
            with self.store.write() as db:
                db.table("embeddings").insert_all(rows, ignore=True)

        if self.deferred is None:
            write()
        else:
            self.deferred.submit(write)
