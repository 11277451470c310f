"""Chat shorthand read as the words it stands for: "how many devs", "hw much will it grow nxt yr", "gettin".

People write English questions in chat with abbreviations and dropped letters. Left as they are, those words
are unknown to the knowledge base, and each unknown word lowers a question's score as if it asked something the
sources lack. The table is general English (``shorthand`` in ``data/languages.yaml``), not the sources' words;
a word the knowledge base itself uses ("tech" in "tech giants") is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from functools import lru_cache

from wordfreq import zipf_frequency

DROPPED_G_GAIN = 1.5
"""How much more common (Zipf scale, i.e. 10^1.5 ≈ 30 times) "getting" must be than "gettin" to be read for it:
"protein" and "within" stay as they are, "gettin" and "talkin" are read with their g."""
DROPPED_G_MIN = 5
"""Shortest word read as a dropped g ("doin" is four letters and left alone: "do in" is as likely)."""

_DROPPED_G = re.compile(r"\b([A-Za-z]{3,}in)'?(?=\W|$)")


class Shorthand:
    """Expands the shorthand of one language's table in a question's text."""

    def __init__(self, table: Mapping[str, tuple[str, ...]], kb_words: Collection[str]) -> None:
        self.table = {key: " ".join(words) for key, words in table.items() if key not in kb_words}
        keys = sorted(self.table, key=len, reverse=True)  # "hw much" before "hw"
        self._pattern = (
            re.compile(r"(?<![\w.])(" + "|".join(re.escape(k) for k in keys) + r")(?![\w.])", re.IGNORECASE)
            if keys else None
        )
        self._kb_words = kb_words

    def expand(self, text: str) -> str:
        """The text with its shorthand spelt out; anything else is kept as it is."""
        if self._pattern is not None:
            text = self._pattern.sub(lambda m: self.table[m.group(1).lower()], text)
        return _DROPPED_G.sub(lambda m: self._with_g(m.group(1)), text)

    def _with_g(self, word: str) -> str:
        low = word.lower()
        if len(low) < DROPPED_G_MIN or low in self._kb_words:
            return word
        return word + "g" if _more_common(low + "g", low) else word


@lru_cache(maxsize=4096)
def _more_common(full: str, short: str) -> bool:
    return zipf_frequency(full, "en") >= zipf_frequency(short, "en") + DROPPED_G_GAIN
