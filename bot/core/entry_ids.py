"""Entry ids: fresh ones for new entries, and the existing ones that match what a moderator typed so far.

An id is how moderators and answers name an entry for good: it is made once from the entry's first words
and never reused, even after the entry is retired, and moderators pick ids by typing a few letters of them
(Discord's autocomplete, Slack's selects). Both are about ids, not about the rules a change must pass.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rapidfuzz import fuzz, process

from bot.core.store import Store
from bot.core.store.registry import Entity, Record
from bot.core.text import fold
from bot.core.validation import MAX_ID
from bot.core.vocabulary import STOPWORDS

__all__ = ["completions", "new_id"]


def new_id(store: Store, entity: Entity, text: str) -> str:
    """An id from the first words of a statement, question or title, unique among every id ever used."""
    taken = store.entries.keys(entity)
    words = [w for w in re.findall(r"[a-z0-9]+", fold(text)) if w not in STOPWORDS][:6]
    base = "-".join(words)[: MAX_ID - 4].strip("-") or entity
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def completions(records: Iterable[Record], prefix: str, *, limit: int = 25) -> list[tuple[str, str]]:
    """(id, label) choices among some entries for an id typed so far: exact starts, then contains, then fuzzy."""
    labels = {r.id: f"{r.id}: {r.summary()}"[:100] for r in records}
    typed = prefix.strip().lower()
    if not typed:
        return list(labels.items())[:limit]
    hits = [i for i in labels if i.startswith(typed)]
    hits += [i for i in labels if typed in i and i not in hits]
    if len(hits) < limit:
        fuzzy = process.extract(typed, labels, scorer=fuzz.partial_ratio, score_cutoff=70, limit=limit)
        hits += [key for _, _, key in fuzzy if key not in hits]
    return [(i, labels[i]) for i in hits[:limit]]
