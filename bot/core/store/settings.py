"""The lexicon, the gazetteer and the overview: tables replaced whole, without versions of their own.

The shipped files replace them on every sync; an import replaces one when it
differs and logs the change with the whole table before and after.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from bot.core.store.schema import now

if TYPE_CHECKING:
    from bot.core.store.connection import Store

OVERVIEW_KEY = "overview"
"""The meta key holding the overview's fact ids."""


class Settings:
    """The whole-table settings of one store."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def lexicon(self) -> dict[str, dict[str, str]]:
        """Per language, word or phrase to English."""
        out: dict[str, dict[str, str]] = {}
        for r in self._store.db.query("select lang, phrase, english from lexicon order by lang, phrase"):
            out.setdefault(r["lang"], {})[r["phrase"]] = r["english"]
        return out

    def gazetteer(self) -> dict[str, tuple[str, ...]]:
        """Per kind, the names the sources do not cover."""
        out: dict[str, list[str]] = {}
        for r in self._store.db.query("select kind, name from gazetteer order by kind, name"):
            out.setdefault(r["kind"], []).append(r["name"])
        return {k: tuple(v) for k, v in out.items()}

    def overview(self) -> tuple[str, ...]:
        """The fact ids ``/nvidia europe`` shows, in order."""
        return tuple(json.loads(self._store.get_meta(OVERVIEW_KEY) or "[]"))

    def replace_lexicon(self, lexicon: Mapping[str, Mapping[str, str]]) -> None:
        """Replace the lexicon (inside the caller's transaction)."""
        db = self._store.db
        db.execute("delete from lexicon")
        db.table("lexicon").insert_all(
            {"lang": lang, "phrase": phrase, "english": english}
            for lang, table in lexicon.items() for phrase, english in table.items()
        )

    def replace_gazetteer(self, gazetteer: Mapping[str, Iterable[str]]) -> None:
        """Replace the gazetteer (inside the caller's transaction); a name repeated within a kind counts once."""
        db = self._store.db
        db.execute("delete from gazetteer")
        db.table("gazetteer").insert_all(
            ({"kind": kind, "name": name} for kind, names in gazetteer.items() for name in names), ignore=True
        )

    def set_overview(self, fact_ids: Sequence[str]) -> None:
        """Replace the overview's fact ids (inside the caller's transaction)."""
        self._store.set_meta(OVERVIEW_KEY, json.dumps(list(fact_ids)))

    def log(self, name: str, before: Any, after: Any, *, actor: str, platform: str, reason: str | None) -> int:
        """Log a replaced table in the audit log and bump the revision; return the version it made."""
        audit = self._store.audit
        version = audit.next_version(name, "*")
        audit.log(entity=name, key="*", version=version, action="update", actor=actor, platform=platform, at=now(),
                  before=before, after=after, reason=reason)
        self._store.bump_revision()
        return version
