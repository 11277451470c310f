"""Proposed facts waiting for review: stored, listed, and each change to one logged in the audit log.

A proposal is not part of the knowledge base (answers never read it, export
leaves it out): it is a moderator's to-do item, like an unanswered question.
Every write runs inside the caller's transaction and logs the proposal as it
was and as it is, under the entity ``proposal``, so who proposed, edited,
accepted or rejected what, and when, is kept with every other change.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any, cast

from bot.core.models import Proposal, ProposalStatus
from bot.core.store.schema import now

if TYPE_CHECKING:
    from bot.core.store.connection import Store

ENTITY = "proposal"
"""The entity proposals are logged under in the audit log."""
_LISTS = ("signals", "numbers", "entities", "topics")


class Proposals:
    """The proposals of one store."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def add(self, proposals: Sequence[Proposal], *, actor: str, platform: str) -> list[Proposal]:
        """Store new proposals (their ``id`` is given here) and log each; return them as stored."""
        out = []
        at = now()
        table = self._store.db.table("proposals")
        for proposal in proposals:
            row = _row(replace(proposal, version=1, status="open", created_at=at, created_by=actor))
            row.pop("id")
            pid = int(table.insert(row).last_pk or 0)
            stored = replace(proposal, id=pid, version=1, status="open", created_at=at, created_by=actor)
            self._log(stored, None, "propose", actor, platform, at, None)
            out.append(stored)
        return out

    def get(self, proposal_id: int) -> Proposal | None:
        """One proposal, or None."""
        rows = list(self._store.db.query("select * from proposals where id = ?", [proposal_id]))
        return _value(rows[0]) if rows else None

    def all(self, *, status: ProposalStatus | None = "open", source_id: str | None = None) -> list[Proposal]:
        """Proposals in source order (by source, then by sentence), of one status unless ``status`` is None."""
        where: list[str] = []
        args: list[str] = []
        if status is not None:
            where.append("status = ?")
            args.append(status)
        if source_id is not None:
            where.append("source_id = ?")
            args.append(source_id)
        sql = "select * from proposals" + (f" where {' and '.join(where)}" if where else "")
        return [_value(r) for r in self._store.db.query(sql + " order by source_id, position, id", args)]

    def save(self, proposal: Proposal, before: Proposal, *, action: str, actor: str, platform: str,
             reason: str | None) -> Proposal:
        """Write a changed proposal as its next version and log it (inside the caller's transaction)."""
        at = now()
        stored = replace(proposal, version=before.version + 1)
        if action in ("accept", "reject"):
            stored = replace(stored, decided_at=at, decided_by=actor, reason=reason)
        self._store.db.table("proposals").update(proposal.id, _row(stored))
        self._log(stored, before, action, actor, platform, at, reason)
        return stored

    def _log(self, proposal: Proposal, before: Proposal | None, action: str, actor: str, platform: str, at: str,
             reason: str | None) -> None:
        self._store.audit.log(
            entity=ENTITY, key=str(proposal.id), version=proposal.version, action=action, actor=actor,
            platform=platform, at=at, before=before.to_json() if before else None, after=proposal.to_json(),
            reason=reason,
        )


def _row(proposal: Proposal) -> dict[str, Any]:
    row = proposal.to_json()
    for name in _LISTS:
        row[name] = json.dumps(row[name], ensure_ascii=False)
    return row


def _value(row: Mapping[str, Any]) -> Proposal:
    lists = {name: tuple(json.loads(row.get(name) or "[]")) for name in _LISTS}
    return Proposal(
        id=int(row["id"]), source_id=str(row["source_id"]), position=int(row["position"] or 0),
        start=int(row["start"] or 0), end=int(row["end"] or 0), quote=str(row["quote"]),
        statement=str(row["statement"]), signals=lists["signals"], numbers=lists["numbers"],
        entities=lists["entities"], topics=lists["topics"], context=row.get("context"),
        update_of=row.get("update_of"), update_score=row.get("update_score"), faq_id=row.get("faq_id"),
        faq_action=row.get("faq_action"), faq_score=row.get("faq_score"), as_of=row.get("as_of"),
        status=cast(ProposalStatus, row.get("status") or "open"), fact_id=row.get("fact_id"),
        version=int(row.get("version") or 1), created_at=row.get("created_at"), created_by=row.get("created_by"),
        decided_at=row.get("decided_at"), decided_by=row.get("decided_by"), reason=row.get("reason"),
    )
