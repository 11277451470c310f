"""What a moderator's change is and what it produces: who makes it, the saved change, and the refusals.

These values travel between the curator and every adapter (the command line, Discord, Slack, imports),
which word refusals and print changes without needing the rules of editing; keeping them apart lets a
caller name an actor or catch a refusal without importing the curator.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any, Literal

from bot.core.live import AnswerChange
from bot.core.store.registry import Record, Version
from bot.core.validation import check_text

__all__ = [
    "BUSY_TEXT", "KEEP", "MAX_ACTOR", "Action", "Actor", "BusyError", "Change", "ConflictError", "CurationError",
    "Keep", "NotFoundError",
]

Action = Literal["create", "update", "retire", "restore", "revert", "supersede"]

MAX_ACTOR = 100


class CurationError(ValueError):
    """A refusal worded for the moderator; nothing was changed."""


class BusyError(CurationError):
    """Another process held the database's write lock for longer than the busy timeout; nothing was written."""


BUSY_TEXT = "the knowledge base is busy, try again in a moment; nothing was changed"


class NotFoundError(CurationError):
    """The id names no entry of that kind."""


class ConflictError(CurationError):
    """Someone saved a newer version since the moderator started; theirs is kept and shown."""

    def __init__(self, current: Record, expected: int, latest: Version | None) -> None:
        self.current = current
        self.expected = expected
        self.latest = latest
        by = f" by {latest.actor} on {latest.platform} at {latest.at}" if latest else ""
        super().__init__(
            f"conflict: {current.entity} {current.id!r} was changed{by} and is now at version {current.version}; "
            f"you started from version {expected}. Nothing was saved. The newer version: {current.summary()}"
        )


class _Keep(Enum):
    KEEP = "keep"


KEEP = _Keep.KEEP
"""Leave this field as it is (for fields where None means "unknown")."""
Keep = _Keep
"""The type of :data:`KEEP`, for signatures elsewhere."""


@dataclass(frozen=True)
class Actor:
    """Who makes a change and from where; the platform is never ``data``, which marks shipped data."""

    name: str
    platform: str = "cli"

    def problems(self) -> list[str]:
        """What is wrong with this actor, if anything."""
        out = [str(p.message) for p in check_text("actor", "the moderator's name (--by)", self.name, MAX_ACTOR)]
        if not self.platform or self.platform == "data":
            out.append(f"platform {self.platform!r} is reserved for shipped data")
        return out


@dataclass(frozen=True)
class Change:
    """A saved change: the entry as it now is and as it was, and (for a fact) the FAQ answers it changed."""

    action: Action
    record: Record
    previous: Record | None
    audit_id: int
    answers: tuple[AnswerChange, ...] | None = None
    """For a fact: every live FAQ answer resting on it, as users read it before and after (None otherwise)."""

    def to_json(self) -> dict[str, Any]:
        """The entry, as ``--json`` prints it (a fact's with the answers it changed)."""
        body = self.record.to_json()
        if self.answers is not None:
            body["answers_changed"] = [a.to_json() for a in self.answers]
        return body
