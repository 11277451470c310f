"""What a moderator typed, made clean: lists trimmed and without repeats, blank dates unknown, family names.

Every adapter hands the curator text as typed (command-line options, Discord modals, Slack forms); how
that text is tidied before the rules of editing judge it is one small job, kept out of the curator.
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.core.edits import CurationError
from bot.core.store.registry import Entity, kind

__all__ = ["cleaned", "family_entity", "typed_date"]


def typed_date(value: str | None) -> str | None:
    """A date as typed: trimmed, and empty means unknown."""
    return value.strip() or None if value is not None else None


def cleaned(values: Iterable[str]) -> tuple[str, ...]:
    """Trimmed, without blanks and repeats, in the order given."""
    out: list[str] = []
    for value in values:
        value = value.strip()
        if value and value not in out:
            out.append(value)
    return tuple(out)


def family_entity(name: str) -> Entity:
    """The entity behind a command family name (``facts`` -> ``fact``)."""
    try:
        return kind(name).entity
    except KeyError:
        raise CurationError(f"unknown kind of entry {name!r}") from None
