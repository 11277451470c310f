"""Finds known names in a text written in any script: whole words where words have spaces, substrings where not.

Latin-script names are found word by word, as the analyzer reads everything
else. Other scripts need more: Chinese and Japanese have no spaces ("英伟达有多少颗
芯片会运往日本"), Korean and Arabic attach particles to a name ("일본에", "لأوروبا"),
and Slavic languages inflect it ("в Японию"). So a name in those scripts also
matches as a substring of a run, after a known prefix, or with its last letters
changed, each rule limited to names long enough that it cannot fire by chance.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

from bot.core.text import MARKED_WORD, fold

T = TypeVar("T")

MAX_WORDS = 6
"""The longest name, in words, looked up in spaced text."""
MAX_CHARS = 12
"""The longest name, in characters, looked up inside an unspaced run."""
MIN_UNSPACED = 2
"""Chinese and Japanese names of two characters (法国, 日本) are whole words in practice."""
MIN_INFLECTED = 5
"""A name in an inflecting script matches with changed endings only from this length ("Япония" → "Японию")."""
ENDING = 2
"""How many final letters an inflection may change."""
MIN_STEM = 4
"""The fewest letters of a name an inflected form must keep: with three, Bulgarian "получи" (receives) was Poland."""
LATIN_SUFFIX = 4
"""How many letters a case ending may add to a name in a Latin-script language that inflects it ("Japánban",
"Suomessa")."""
INFLECTING_LATIN = frozenset({"fi", "et", "hu", "pl", "cs", "sk", "sl", "hr", "sr", "bs", "lt", "lv", "tr", "ro"})
"""Languages written in Latin letters that put case endings on place names ("Suomeen", "Japonii", "Japánban");
in the others, and in English above all, a word that merely starts like a name ("Chinese") is no name."""
ARABIC_PREFIXES = ("وال", "بال", "لل", "فال", "كال", "ال", "و", "ب", "ل", "ف")
"""Article and prepositions Arabic writes joined to the next word."""
HEBREW_PREFIXES = ("וב", "ול", "ומ", "וה", "שב", "של", "מה", "ב", "ל", "מ", "ה", "ו", "כ", "ש")
"""Prepositions, article and conjunctions Hebrew writes joined to the next word ("בגרמניה", in Germany)."""

SUFFIX = 5
"""How many letters (Tamil counts its vowel signs as letters) a case ending in a suffixing script may add."""
MIN_THAI_INSIDE = 5
"""The fewest characters of a name found inside a run of Thai letters: Thai spells sounds, so a short name is
often part of another word (Riga, ริกา, inside บริการ, service)."""

_UNSPACED_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\u0e00-\u0e7f\uac00-\ud7af]+")


@dataclass(frozen=True)
class Found(Generic[T]):
    """A name found in a text, what it stands for, and where."""

    name: str
    value: T
    start: int
    end: int
    located: bool = False
    """Set by the analyzer: the name follows a place preposition ("in Lyon")."""


class NameFinder(Generic[T]):
    """A table of names to values, searchable in any script; the names are given folded (``bot.core.text.fold``)."""

    def __init__(self, names: Mapping[str, T], inflectable: Mapping[str, T] | None = None) -> None:
        """Index the names for lookup.

        ``inflectable``: Latin names found elsewhere as written, which this finds only with a case ending
        ("Mistrala", "Nvidii" in Polish; "Mistral" itself is left to the word table).
        """
        self.exact: dict[str, T] = {}
        self.inflected: dict[str, list[tuple[str, T]]] = {}
        self.latin: dict[str, list[tuple[str, T]]] = {}
        self.declined: dict[str, list[tuple[str, T]]] = {}
        self.suffixed: dict[str, tuple[str, T]] = {}
        for key, value in (inflectable or {}).items():
            if len(key) >= MIN_INFLECTED and key.isascii() and key.isalpha() and key not in names:
                self.declined.setdefault(key[:-1], []).append((key, value))
        for key, value in names.items():
            if not key:
                continue
            self.exact.setdefault(key, value)
            if len(key) >= MIN_INFLECTED and " " not in key:
                if _inflecting(key):
                    self.inflected.setdefault(key[:max(MIN_STEM, len(key) - ENDING)], []).append((key, value))
                elif key.isascii() and key.isalpha():
                    self.latin.setdefault(key[:-1], []).append((key, value))
                elif _suffixing(key):  # Georgian "საფრანგეთ-ში": the ending replaces the name's last vowel
                    self.suffixed.setdefault(key[:-1], (key, value))

    def find(self, text: str, *, inflected_latin: bool = False) -> list[Found[T]]:
        """Every name in the text, longest first where two overlap.

        ``inflected_latin``: the text is in one of ``INFLECTING_LATIN``, so a capitalised Latin word may be a name
        with a case ending (the lower-case "američka" is an adjective, American, and no place).
        """
        folded = fold(text)
        found = self._spaced(folded, text if inflected_latin else None) + self._unspaced(folded)
        found.sort(key=lambda f: (f.start, -(f.end - f.start)))
        out: list[Found[T]] = []
        for item in found:
            if not out or item.start >= out[-1].end:
                out.append(item)
        return out

    def _spaced(self, folded: str, cased: str | None = None) -> list[Found[T]]:
        """Names of one to ``MAX_WORDS`` words; ``cased`` (the text as written) when Latin words may be inflected."""
        words = [(m.group(0), m.start(), m.end()) for m in MARKED_WORD.finditer(folded)]
        out: list[Found[T]] = []
        for i in range(len(words)):
            for size in range(min(MAX_WORDS, len(words) - i), 0, -1):
                start, end = words[i][1], words[i + size - 1][2]
                key = folded[start:end]
                if key in self.exact:
                    out.append(Found(key, self.exact[key], start, end))
                    break
            else:
                word, start, end = words[i]
                hit = self._loose(word)
                if hit is None and cased is not None and cased[start:start + 1].isupper():
                    hit = self._latin_case(word)
                if hit is not None:
                    out.append(Found(hit[0], hit[1], start, end))
        return out

    def _loose(self, word: str) -> tuple[str, T] | None:
        """A word that is a name with a particle before it or an inflected ending."""
        prefixes = ARABIC_PREFIXES if _is_arabic(word) else HEBREW_PREFIXES if _is_hebrew(word) else ()
        for prefix in prefixes:
            rest = word[len(prefix):]
            if word.startswith(prefix) and len(rest) >= 3 and rest in self.exact:
                return rest, self.exact[rest]
        if _is_hangul(word):
            for cut in range(len(word) - 1, MIN_UNSPACED - 1, -1):
                if word[:cut] in self.exact:
                    return word[:cut], self.exact[word[:cut]]
        if _suffixing(word):  # "Հայաստանում", in Armenia
            for cut in range(len(word) - 1, max(MIN_INFLECTED, len(word) - SUFFIX) - 1, -1):
                if word[:cut] in self.exact:
                    return word[:cut], self.exact[word[:cut]]
                if word[:cut] in self.suffixed:
                    return self.suffixed[word[:cut]]
        if _inflecting(word) and len(word) >= MIN_INFLECTED - 1:
            for stem_len in (len(word) - ENDING, len(word) - ENDING + 1, len(word) - ENDING - 1):
                for name, value in self.inflected.get(word[:stem_len], ()):
                    if abs(len(name) - len(word)) <= ENDING:
                        return name, value
        return None

    def _latin_case(self, word: str) -> tuple[str, T] | None:
        """A Latin word that is a name with its last letter changed and a case ending added ("suomeen": Suomi)."""
        if not (word.isascii() and word.isalpha() and len(word) >= MIN_INFLECTED):
            return None
        for cut in range(len(word), MIN_STEM - 1, -1):
            for name, value in self.latin.get(word[:cut], ()):
                if -1 <= len(word) - len(name) <= LATIN_SUFFIX:
                    return name, value
            for name, value in self.declined.get(word[:cut], ()):
                if word != name and 0 <= len(word) - len(name) <= LATIN_SUFFIX:
                    return name, value
        return None

    def _unspaced(self, folded: str) -> list[Found[T]]:
        out: list[Found[T]] = []
        for run in _UNSPACED_RUN.finditer(folded):
            text, base = run.group(0), run.start()
            i = 0
            while i < len(text):
                for size in range(min(MAX_CHARS, len(text) - i), MIN_UNSPACED - 1, -1):
                    key = text[i:i + size]
                    if key in self.exact:
                        out.append(Found(key, self.exact[key], base + i, base + i + size))
                        i += size - 1
                        break
                i += 1
        return out


def inside_word(folded: str, found: Found[T]) -> bool:
    """Whether a name found inside an unspaced run is likely part of a longer word rather than a name.

    Korean puts spaces between words, so a name starts one ("이란", Iran, also ends "…이란" what-is questions);
    Thai has no spaces, so only a short name hemmed in by Thai letters is suspect.
    """
    before = folded[found.start - 1:found.start]
    after = folded[found.end:found.end + 1]
    if _is_hangul(found.name) and before and _is_hangul(before):
        return True
    return (_is_thai(found.name) and len(found.name) < MIN_THAI_INSIDE
            and _is_thai(before) and _is_thai(after))


def _is_thai(text: str) -> bool:
    return "\u0e00" <= text[:1] <= "\u0e7f"


def _inflecting(word: str) -> bool:
    """Cyrillic and Greek words inflect at the end."""
    return any("\u0370" <= ch <= "\u04ff" for ch in word[:2])


def _suffixing(word: str) -> bool:
    """Armenian, Georgian and Tamil words add case endings to a name ("Հայաստանում", "საფრანგეთში", "பிரான்ஸில்")."""
    first = word[:1]
    return "\u0530" <= first <= "\u058f" or "\u10a0" <= first <= "\u10ff" or "\u0b80" <= first <= "\u0bff"


def _is_arabic(word: str) -> bool:
    return "\u0600" <= word[:1] <= "\u06ff"


def _is_hebrew(word: str) -> bool:
    return "\u0590" <= word[:1] <= "\u05ff"


def _is_hangul(word: str) -> bool:
    return "\uac00" <= word[:1] <= "\ud7af"


def merge(*tables: Iterable[tuple[str, T]]) -> dict[str, T]:
    """Several (name, value) sources as one table; the first source to name something wins."""
    out: dict[str, T] = {}
    for table in tables:
        for name, value in table:
            out.setdefault(fold(name), value)
    return out
