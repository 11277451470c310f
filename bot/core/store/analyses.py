"""The stored readings of texts: the analyzer's output as JSON, by fingerprint and text hash."""

from __future__ import annotations

from collections.abc import Mapping

from bot.core.store.connection import Store


class StoredAnalyses:
    """The ``analyses`` table: read back what was worked out before, keep what is new."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.submitted = 0
        """Writes handed to the write-behind queue by this object (closing waits longer for them)."""

    def all(self, fingerprint: str) -> dict[str, str]:
        """Every stored reading made under one fingerprint."""
        rows = self.store.db.execute("select key, analysis from analyses where fingerprint = ?", [fingerprint])
        return {str(k): str(v) for k, v in rows.fetchall()}

    def put(self, fingerprint: str, readings: Mapping[str, str]) -> None:
        """Keep these readings behind the answers (a read-only or busy database only costs the next start)."""
        fresh = dict(readings)
        self.submitted += 1
        self.store.behind.submit("stored readings", lambda store: StoredAnalyses(store).put_now(fingerprint, fresh))

    def put_now(self, fingerprint: str, readings: Mapping[str, str]) -> None:
        """Keep these readings now, and drop those of older fingerprints (they can never be read again)."""
        rows = [{"fingerprint": fingerprint, "key": k, "analysis": v} for k, v in readings.items()]
        with self.store.write() as db:
            db.execute("delete from analyses where fingerprint != ?", [fingerprint])
            db.table("analyses").insert_all(rows, ignore=True)
