"""The audit log: one row per change to the knowledge base, written by :meth:`Audit.log` and nothing else.

A row names the entity and its id, the version the change made, what was
done, by whom, on which platform and when, why, and snapshots of the entry
before and after (``Record.snapshot``; the whole table for the lexicon and
the gazetteer). Rows are never updated or deleted. Shipped data is logged
with the platform ``data``; any other platform marks an entry a moderator
changed, which shipped data then leaves alone.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from bot.core.store.registry import REGISTRY, Entity, Record, Version

if TYPE_CHECKING:
    from bot.core.store.connection import Store

SHIPPED = "data"
"""The platform of changes made by the shipped ``data/`` files."""


class Audit:
    """The audit log of one store."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def log(self, *, entity: str, key: str, version: int, action: str, actor: str, platform: str, at: str,
            before: Any, after: Any, reason: str | None) -> int:
        """Append one row (inside the caller's transaction); return its id."""
        row = {
            "entity": entity, "entity_id": key, "version": version, "action": action, "actor": actor,
            "platform": platform, "at": at,
            "before": json.dumps(before, ensure_ascii=False) if before is not None else None,
            "after": json.dumps(after, ensure_ascii=False) if after is not None else None,
            "reason": reason,
        }
        return int(self._store.db.table("audit").insert(row).last_pk or 0)

    def next_version(self, entity: str, key: str) -> int:
        """The version a change to something without a version column makes (the lexicon, the gazetteer)."""
        row = self._store.db.execute(
            "select coalesce(max(version), 0) + 1 from audit where entity = ? and entity_id = ?", [entity, key]
        ).fetchone()
        return int(row[0])

    def history(self, entity: Entity, key: str) -> list[Version]:
        """Every logged version of an entry, oldest first."""
        rows = self._store.db.query(
            "select * from audit where entity = ? and entity_id = ? order by version, id", [entity, key]
        )
        return [_version(entity, r) for r in rows]

    def last_id(self) -> int:
        """The id of the newest row (0 for an empty log): where a reader starts following changes."""
        row = self._store.db.execute("select coalesce(max(id), 0) from audit").fetchone()
        return int(row[0])

    def changed_since(self, audit_id: int, limit: int) -> list[tuple[str, str]] | None:
        """(entity, id) of every entry changed after row ``audit_id``, oldest first; None if over ``limit``."""
        rows = self._store.db.execute(
            "select entity, entity_id from audit where id > ? order by id limit ?", [audit_id, limit + 1]
        ).fetchall()
        if len(rows) > limit:
            return None
        return [(str(e), str(k)) for e, k in rows]

    def moderated(self) -> set[tuple[str, str]]:
        """(entity, id) of every entry a moderator ever changed."""
        rows = self._store.db.query("select distinct entity, entity_id from audit where platform != ?", [SHIPPED])
        return {(r["entity"], r["entity_id"]) for r in rows}


def _version(entity: Entity, row: Mapping[str, Any]) -> Version:
    after = json.loads(row["after"]) if row.get("after") else None
    children = REGISTRY[entity].children
    note = None
    if children and after is not None and children.field not in after:
        note = (f"the {children.field} of this version were not recorded (shipped data); "
                "a revert keeps the current ones")
    record = Record.of(entity, after) if after else None
    return Version(entity, str(row["entity_id"]), int(row["version"] or 0), str(row["action"] or ""),
                   str(row["actor"] or ""), str(row["platform"] or ""), str(row["at"] or ""), row.get("reason"),
                   record, note)
