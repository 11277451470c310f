"""Figures that change: which fact is current, and what was reported before it.

A fact superseded by a newer one (``Fact.superseded_by``) stays in the
knowledge base, quote and all: answers give the current figure and say what
was reported earlier, with both quotes. This module only follows the links;
whether a supersession is allowed is decided in ``bot.core.curation``, and the
links are checked with every other rule in ``bot.core.validation``.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.core.models import Fact, Source

UNKNOWN_DATE = "date unknown"
"""What is shown for a fact whose date neither the moderator nor its source gives: never a guess."""


def current(fact_id: str, facts: Mapping[str, Fact]) -> str:
    """The id of the fact that now stands for ``fact_id``: its newest live successor, or itself.

    The chain is followed through live facts only and stops at a loop, so a broken link never hides a fact.
    """
    seen = {fact_id}
    here = fact_id
    while True:
        fact = facts.get(here)
        nxt = fact.superseded_by if fact is not None else None
        if nxt is None or nxt in seen or nxt not in facts or facts[nxt].retired:
            return here
        seen.add(nxt)
        here = nxt


def is_current(fact: Fact, facts: Mapping[str, Fact]) -> bool:
    """True unless a live newer fact supersedes it."""
    return current(fact.id, facts) == fact.id


def earlier(fact_id: str, facts: Mapping[str, Fact]) -> list[Fact]:
    """The facts this one superseded, directly or through others, newest first (live ones only)."""
    out: list[Fact] = []
    frontier = [fact_id]
    seen = {fact_id}
    while frontier:
        here = frontier.pop(0)
        older = sorted((f for f in facts.values() if f.superseded_by == here and not f.retired and f.id not in seen),
                       key=lambda f: f.id)
        for fact in older:
            seen.add(fact.id)
            out.append(fact)
            frontier.append(fact.id)
    return out


def loop_through(fact_id: str, facts: Mapping[str, Fact]) -> bool:
    """True when following ``superseded_by`` from this fact comes back to a fact already passed."""
    seen: set[str] = set()
    here: str | None = fact_id
    while here is not None and here in facts:
        if here in seen:
            return True
        seen.add(here)
        here = facts[here].superseded_by
    return False


def as_of(fact: Fact, sources: Mapping[str, Source]) -> str | None:
    """The date a fact's figure holds from: the moderator's, else its source's publication date, else None."""
    if fact.as_of:
        return fact.as_of
    source = sources.get(fact.source_id)
    return source.published if source is not None else None


def date_label(fact: Fact, sources: Mapping[str, Source]) -> str:
    """The date as shown to people: the date, or "date unknown"."""
    return as_of(fact, sources) or UNKNOWN_DATE
