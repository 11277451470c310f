"""Text folding shared by the loader, the matcher and curation.

One fold is used everywhere so that a quote checked at load time, a number
checked by a moderator's edit and a question typed in chat are compared the
same way: case, accents, curly quotes, thousands separators and runs of white
space do not matter.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

from bot.core.numbers import ascii_digits, find_numbers, number_keys

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u00b4": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
    }
)
_SPACE = re.compile(r"\s+")
WORD_CHARS = (
    "\\w\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
    "\u0900-\u0963\u0966-\u0dff\u0e00-\u0e7f\u0f00-\u0fff\u1000-\u109f\u1780-\u17ff"
)
MARKED_WORD = re.compile(f"[{WORD_CHARS}]+")
"""A word in any script. ``\\w`` alone ends a word at a vowel sign or a point, which are marks, not letters:
"किस" (which) would read as two words, "आर्मेनिया" (Armenia) as five."""
_CONTROL = re.compile(
    r"[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\ud800-\udfff]"
)
"""Control and invisible formatting characters, and lone surrogates (SQLite cannot store them)."""
_NUMBER = re.compile(r"\d+(?:\.\d+)?x?")
"""A number token: the canonical key ``bot.core.numbers`` gives a figure ("18000", "1.5", "10x")."""
_CASED_TOKEN = re.compile(r"\d+(?:\.\d+)?x?(?![A-Za-z])|[A-Za-z][A-Za-z0-9]*|€|\$|%")
_POSSESSIVE = re.compile(r"(?<=[A-Za-z])'[sS]\b")

_stemmer = snowballstemmer.stemmer("english")


def strip_control(text: str) -> str:
    """Remove control and invisible formatting characters (tabs and newlines become spaces)."""
    text = text.replace("\t", " ").replace("\r", " ").replace("\n", " ")
    return _CONTROL.sub("", text)


def collapse_space(text: str) -> str:
    """Collapse runs of white space to one space and trim."""
    return _SPACE.sub(" ", text).strip()


def fold_quote(text: str) -> str:
    """Fold for verbatim comparison: case, typographic quotes/dashes and white space only."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).lower()
    return collapse_space(text)


_LETTERS = str.maketrans(
    {"ß": "ss", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "đ": "d",
     "Đ": "D", "þ": "th", "Þ": "Th", "ı": "i"}
)
"""Letters that are not a base letter plus a mark, so NFKD alone would drop them and split the word."""


ACCENTED_SCRIPTS_END = 0x0530
"""Latin, Greek and Cyrillic end here: their marks are accents. Beyond, in Devanagari, Thai or Hebrew, a mark
is a vowel or part of the letter, and dropping it would merge different words."""


def strip_accents(text: str) -> str:
    """Drop accents, so "Länder" and "Lander" compare equal (and "usługi" stays one word).

    Only marks on Latin, Greek and Cyrillic letters are accents; every other script keeps its marks, and Hangul
    syllables come back whole.
    """
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text.translate(_LETTERS))
    out: list[str] = []
    base = 0
    for ch in decomposed:
        if unicodedata.combining(ch):
            if base >= ACCENTED_SCRIPTS_END:
                out.append(ch)
            continue
        base = ord(ch)
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


def with_number_keys(text: str) -> str:
    """Every figure replaced by its key: "18,000", "18k" and "eighteen thousand" all become "18000"."""
    found = find_numbers(text)
    if not found:
        return text
    text = ascii_digits(unicodedata.normalize("NFKC", text))
    out, last = [], 0
    for number in found:
        out += [text[last:number.start], f" {number.key} "]
        last = number.end
    out.append(text[last:])
    return "".join(out)


_INWORD_MARKS = str.maketrans({"\u055e": None, "\u055b": None, "\u055c": None})
"""Armenian writes its question, stress and exclamation marks inside the word ("Քանի՞", how many): they split it."""


def fold(text: str) -> str:
    """The matcher's fold: quotes, case, accents, numbers and white space."""
    if text.isascii():  # the same result without normalising or stripping accents there are none of
        return collapse_space(with_number_keys(strip_control(text).translate(_QUOTES).lower()))
    text = strip_control(unicodedata.normalize("NFKC", text)).translate(_QUOTES).translate(_INWORD_MARKS).lower()
    return collapse_space(strip_accents(with_number_keys(text)))


def numbers_in(text: str) -> frozenset[str]:
    """The figures a text states, by value: "18,000" and "18k" -> "18000", "1.5 million" -> "1500000"."""
    return number_keys(text)


def cased_words(text: str) -> list[str]:
    """Word tokens with their case kept (accents, separators and possessives folded).

    The case lets the analyzer tell "US" the country from "us" the pronoun.
    """
    text = strip_control(unicodedata.normalize("NFKC", text)).translate(_QUOTES).translate(_INWORD_MARKS)
    text = strip_accents(with_number_keys(text))
    text = _POSSESSIVE.sub("", text).replace("'", " ")
    return _CASED_TOKEN.findall(text)


def words(text: str) -> list[str]:
    """Folded word tokens; a possessive "'s" is dropped ("Nvidia's" -> "nvidia")."""
    return [w.lower() for w in cased_words(text)]


@lru_cache(maxsize=65536)
def stem(token: str) -> str:
    """English Snowball stem; numbers and symbols stay as they are."""
    if not token[:1].isalpha():
        return token
    return str(_stemmer.stemWord(token))


def is_number(token: str) -> bool:
    """True for a folded numeric token such as "18000" or "1.5"."""
    return bool(_NUMBER.fullmatch(token))
