"""Which writing system a text is in: a script that names its language on sight, or Latin.

A question in Hangul is Korean and one in Devanagari is Hindi before any word is read; Cyrillic and Arabic name
a family the words then settle. Latin letters name nothing.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Mapping
from functools import lru_cache

IDEOGRAPH_WEIGHT = 3
"""A Chinese, Japanese or Korean character carries about as much as three Latin letters (a short word)."""
LATIN_END = 0x0370
"""Letters below this code point are Latin (with its accents): no script to name."""
SCRIPTS: Mapping[str, tuple[tuple[int, int], ...]] = {
    "zh": ((0x4E00, 0x9FFF), (0x3400, 0x4DBF)),
    "ja": ((0x3040, 0x30FF),),
    "ko": ((0xAC00, 0xD7AF), (0x1100, 0x11FF)),
    "ar": ((0x0600, 0x06FF), (0x0750, 0x077F)),
    "he": ((0x0590, 0x05FF),),
    "hi": ((0x0900, 0x097F),),
    "bn": ((0x0980, 0x09FF),),
    "th": ((0x0E00, 0x0E7F),),
    "el": ((0x0370, 0x03FF),),
    "cyrillic": ((0x0400, 0x04FF),),
}
"""Unicode blocks that name a language (or, for Cyrillic and Arabic, a family) on sight."""
SCRIPT_LANGUAGES = frozenset({"zh", "ja", "ko", "he", "hi", "bn", "th", "el"})
"""Scripts that are one language: the script alone says which."""


@lru_cache(maxsize=4096)
def _char_script(ch: str) -> tuple[str, int]:
    """A character's script ("" for Latin and unnamed ones) and its weight among letters (0: not a letter).

    Kept per character: every start reads thousands of texts, and the blocks were searched for each letter.
    """
    if not ch.isalpha():
        return "", 0
    point = ord(ch)
    if point >= LATIN_END:
        for name, blocks in SCRIPTS.items():
            if any(lo <= point <= hi for lo, hi in blocks):
                return name, IDEOGRAPH_WEIGHT if name in ("zh", "ja", "ko") else 1
    return "", 1


def mostly_latin(text: str) -> bool:
    """Whether most of a text's letters are Latin: Tamil or Georgian, scripts the table does not name, are not."""
    letters = [ch for ch in text if ch.isalpha()]
    return sum(1 for ch in letters if ord(ch) < LATIN_END) * 2 >= len(letters)


def script_of(text: str) -> str | None:
    """The first non-Latin script that makes up a real share of the text's letters, if any."""
    if text.isascii():
        return None
    counts: Counter[str] = Counter()
    letters = 0
    for ch in text:
        name, weight = _char_script(ch)
        letters += weight
        if name:
            counts[name] += weight
    if not letters or not counts:
        return None
    if counts["ja"]:
        return "ja"  # kana marks Japanese even among kanji
    name, count = counts.most_common(1)[0]
    return name if count * 4 >= letters else None


def letters_in(text: str) -> int:
    """How many letters a text has (any script)."""
    return sum(1 for ch in text if unicodedata.category(ch).startswith("L"))
