"""Bringing the shipped ``data/`` files into the database when they change.

The database is created and filled from ``data/`` on first use, and brought
up to date when the shipped files change (their fingerprint is kept in
``meta``). An entry a moderator ever changed is never overwritten by shipped
data: the moderator's version wins and is kept. Every other entry follows
the files, each change written and logged like any other, by ``data/`` on
the platform ``data``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from bot.core.loader import DEFAULT_DATA_DIR, KnowledgeData, data_fingerprint, load_data
from bot.core.store.audit import SHIPPED
from bot.core.store.registry import REGISTRY

if TYPE_CHECKING:
    from bot.core.store.connection import Store

FINGERPRINT_KEY = "data_fingerprint"


def sync_data(store: Store, data_dir: Path = DEFAULT_DATA_DIR) -> bool:
    """Bring shipped data in when the files changed; return whether anything was loaded.

    Idempotent: the same files load once, however many processes open the database at the same time.
    """
    fingerprint = data_fingerprint(data_dir)
    if store.get_meta(FINGERPRINT_KEY) == fingerprint:
        return False
    data = load_data(data_dir)
    with store.write():
        if store.get_meta(FINGERPRINT_KEY) == fingerprint:
            return False
        merge(store, data)
        store.set_meta(FINGERPRINT_KEY, fingerprint)
        store.bump_revision()
    return True


def merge(store: Store, data: KnowledgeData) -> None:
    """Write every shipped entry that differs from the stored one, unless a moderator changed it."""
    moderated = store.audit.moderated()
    for kind in REGISTRY.values():
        for value in kind.values(data):
            key = kind.key(value)
            if (kind.entity, key) in moderated:
                continue
            retired = kind.retired_of(value)
            before = store.entries.get(kind.entity, key)
            if before and before.retired == retired and kind.content(before.value) == kind.content(value):
                continue
            store.entries.write(value, retired=retired, origin=SHIPPED, action="update" if before else "create",
                                actor="data/", platform=SHIPPED, reason="shipped data changed", before=before)
    store.settings.replace_lexicon(data.lexicon)
    store.settings.set_overview(data.overview)
    store.settings.replace_gazetteer(data.gazetteer)
