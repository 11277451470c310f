"""The two baselines the matcher is compared with: rapidfuzz WRatio over every phrasing, and SQLite FTS5 bm25.

Both are what one would write first. The FTS5 baseline builds its own full-text table in its own in-memory
database of the synthetic phrasings; it does not use, and does not depend on, the bot's store.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence
from typing import Any

from rapidfuzz import fuzz, process, utils

FTS5_TOKENIZER = "unicode61 remove_diacritics 2"

_FTS5_SCHEMA = f"""
create table phrasings (id integer primary key, text text);
create virtual table phrasings_fts using fts5 (text, tokenize='{FTS5_TOKENIZER}', content=phrasings);
"""
"""An external-content FTS5 table over the phrasings (the layout sqlite-utils' ``enable_fts`` makes)."""


class WRatioBaseline:
    """rapidfuzz's best WRatio over every phrasing: what one would write first."""

    def __init__(self, phrasings: Sequence[str]) -> None:
        self.choices = [utils.default_process(p) for p in phrasings]

    def ask(self, question: str) -> Any:
        """The closest phrasing (choices are processed once, so only the question is processed per call)."""
        return process.extractOne(utils.default_process(question), self.choices, scorer=fuzz.WRatio)


class Fts5Baseline:
    """SQLite FTS5's bm25 alone, over the phrasings in a database of its own (in memory)."""

    def __init__(self, phrasings: Sequence[str]) -> None:
        self.db = sqlite3.connect(":memory:")
        self.db.executescript(_FTS5_SCHEMA)
        with self.db:
            self.db.executemany("insert into phrasings (id, text) values (?, ?)", enumerate(phrasings))
            self.db.execute("insert into phrasings_fts (rowid, text) select rowid, text from phrasings")

    def ask(self, question: str) -> Any:
        """The best bm25 row for any of the question's words."""
        words = sorted({w.lower() for w in re.findall(r"\w+", question)})
        if not words:
            return None
        match = " OR ".join('"' + w + '"' for w in words)
        return self.db.execute(
            "select rowid, bm25(phrasings_fts) as score from phrasings_fts where phrasings_fts match ? "
            "order by score limit 1",
            [match],
        ).fetchone()

    def close(self) -> None:
        """Close its database."""
        self.db.close()
