"""How long what users leave behind is kept: feedback votes and unanswered questions.

Neither holds a user's identity (feedback keeps a salted hash, the queue none),
but both hold what people typed, so neither is kept longer than it is useful
to moderators. ``purge`` deletes rows older than the retention period with
SQLite's ``secure_delete`` on, so the deleted text is overwritten in the file
rather than left in free pages.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot.core.store import Store
from bot.core.store.queues import EXPIRING

log = logging.getLogger(__name__)

RETAINED_TABLES = EXPIRING
"""Tables whose rows expire; everything else is the knowledge base and its audit log, kept for good."""


@dataclass(frozen=True)
class PurgeResult:
    """How many rows each table lost, and the cut-off time used."""

    cutoff: str
    removed: dict[str, int]

    @property
    def total(self) -> int:
        """Rows removed in all."""
        return sum(self.removed.values())


def cutoff_for(days: int, now: datetime | None = None) -> str:
    """The ISO 8601 UTC time before which rows are removed."""
    if days < 0:
        raise ValueError("the retention period cannot be negative")
    return ((now or datetime.now(UTC)) - timedelta(days=days)).isoformat(timespec="seconds")


def purge(store: Store, days: int, *, now: datetime | None = None) -> PurgeResult:
    """Delete feedback and unanswered questions older than ``days`` days, in one transaction."""
    cutoff = cutoff_for(days, now)
    removed, truncated = store.retention.purge(cutoff, RETAINED_TABLES)
    if not truncated:
        log.info("purge: readers kept the WAL from being truncated now; SQLite checkpoints it later")
    log.info("purged old rows", extra={"cutoff": cutoff, **{f"removed_{k}": v for k, v in removed.items()}})
    return PurgeResult(cutoff, removed)
