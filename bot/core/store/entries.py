"""Reading and writing entries of every registered kind, each write logged in the audit log.

:meth:`Entries.write` is the one way an entry reaches the database, for a
moderator's edit, an import and the shipped files alike: the row with its
version one past the one it replaces, the children (an FAQ entry's
phrasings) replaced whole, one audit row with both snapshots, and the
revision bumped, so every bot process reloads. It runs inside the caller's
transaction; checking that the change is allowed is the caller's job.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.core.loader import KnowledgeData
from bot.core.store.registry import REGISTRY, Entity, Kind, Record, Value, kind_of
from bot.core.store.schema import now

if TYPE_CHECKING:
    from bot.core.store.connection import Store


class Entries:
    """The entries of one store."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def get(self, entity: Entity, key: str) -> Record | None:
        """One entry, retired or not, or None."""
        kind = REGISTRY[entity]
        rows = list(self._store.db.query(f"select * from [{kind.table}] where [{kind.key_column}] = ?", [key]))
        if not rows:
            return None
        row = dict(rows[0])
        if kind.children:
            row[kind.children.field] = self._children(kind, key).get(key, [])
        return Record.of(entity, row)

    def all(self, entity: Entity, *, include_retired: bool = False) -> list[Record]:
        """The entries of one kind, sorted by key."""
        kind = REGISTRY[entity]
        children = self._children(kind) if kind.children else {}
        out = []
        for row in self._rows(kind, include_retired):
            if kind.children:
                row = {**row, kind.children.field: children.get(row[kind.key_column], [])}
            out.append(Record.of(entity, row))
        return out

    def keys(self, entity: Entity) -> set[str]:
        """Every key of one kind ever used (retired entries keep theirs)."""
        kind = REGISTRY[entity]
        return {r[kind.key_column] for r in self._store.db.query(f"select [{kind.key_column}] from [{kind.table}]")}

    def retired_keys(self, entity: Entity) -> set[str]:
        """The keys of the retired entries of one kind."""
        kind = REGISTRY[entity]
        rows = self._store.db.query(f"select [{kind.key_column}] from [{kind.table}] where retired = 1")
        return {r[kind.key_column] for r in rows}

    def write(self, value: Value, *, retired: bool, origin: str, action: str, actor: str, platform: str,
              reason: str | None, before: Record | None) -> tuple[Record, int]:
        """Store ``value`` as the next version after ``before``, log it, bump the revision.

        Returns the entry as stored and the id of its audit row.
        """
        kind = kind_of(value)
        version = before.version + 1 if before else 1
        record = Record(kind.entity, kind.key(value), kind.with_state(value, retired=retired, version=version),
                        version, retired, origin, now())
        db = self._store.db
        db.table(kind.table).upsert(record.row(), pk=kind.key_column)
        if kind.children:
            child = kind.children
            db.execute(f"delete from [{child.table}] where [{child.parent_column}] = ?", [record.id])
            db.table(child.table).insert_all(
                {child.parent_column: record.id, child.column: text} for text in kind.children_of(value)
            )
        audit_id = self._store.audit.log(
            entity=kind.entity, key=record.id, version=version, action=action, actor=actor, platform=platform,
            at=str(record.updated_at), before=before.snapshot() if before else None, after=record.snapshot(),
            reason=reason,
        )
        self._store.bump_revision()
        return record, audit_id

    def knowledge(self, *, include_retired: bool = False) -> KnowledgeData:
        """The whole knowledge base as values (retired entries left out unless asked for)."""
        values: dict[str, Any] = {
            kind.data_field: tuple(r.value for r in self.all(kind.entity, include_retired=include_retired))
            for kind in REGISTRY.values()
        }
        settings = self._store.settings
        return KnowledgeData(**values, lexicon=settings.lexicon(), gazetteer=settings.gazetteer(),
                             overview=settings.overview())

    def _rows(self, kind: Kind[Any], include_retired: bool) -> list[dict[str, Any]]:
        where = None if include_retired else "retired = 0"
        return list(self._store.db.table(kind.table).rows_where(where, order_by=kind.key_column))

    def _children(self, kind: Kind[Any], key: str | None = None) -> dict[str, list[str]]:
        """Child lists by parent key, in the order they were written (of one parent, or of all)."""
        assert kind.children is not None
        child = kind.children
        sql = f"select [{child.parent_column}], [{child.column}] from [{child.table}]"
        if key is not None:
            sql += f" where [{child.parent_column}] = ?"
        out: dict[str, list[str]] = {}
        for r in self._store.db.query(sql + " order by id", [key] if key is not None else []):
            out.setdefault(r[child.parent_column], []).append(r[child.column])
        return out
