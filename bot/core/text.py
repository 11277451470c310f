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
_THOUSANDS = re.compile(r"(?<=\d)[,\s.'\u202f\u00a0](?=\d{3}\b)")
_SPACE = re.compile(r"\s+")
_CONTROL = re.compile(
    r"[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\ud800-\udfff]"
)
"""Control and invisible formatting characters, and lone surrogates (SQLite cannot store them)."""
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_CASED_TOKEN = re.compile(r"\d+(?:\.\d+)?|[A-Za-z][A-Za-z0-9]*|€|\$|%")
_K_SUFFIX = re.compile(r"\b(\d+)[kK]\b")
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


def strip_accents(text: str) -> str:
    """Drop combining marks, so "Länder" and "Lander" compare equal (and "usługi" stays one word)."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LETTERS))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold_numbers(text: str) -> str:
    """Remove thousands separators: "18,000", "18.000" and "18 000" all become "18000"."""
    return _THOUSANDS.sub("", text)


def fold(text: str) -> str:
    """The matcher's fold: quotes, case, accents, numbers and white space."""
    text = strip_control(unicodedata.normalize("NFKC", text)).translate(_QUOTES).lower()
    text = strip_accents(fold_numbers(text))
    text = _K_SUFFIX.sub(lambda m: m.group(1) + "000", text)
    return collapse_space(text)


def numbers_in(text: str) -> set[str]:
    """The numbers a text states, folded ("18,000" -> "18000", "1.5" stays)."""
    return set(_NUMBER.findall(fold_numbers(unicodedata.normalize("NFKC", text))))


def cased_words(text: str) -> list[str]:
    """Word tokens with their case kept (accents, separators and possessives folded).

    The case lets the analyzer tell "US" the country from "us" the pronoun.
    """
    text = strip_control(unicodedata.normalize("NFKC", text)).translate(_QUOTES)
    text = strip_accents(fold_numbers(text))
    text = _K_SUFFIX.sub(lambda m: m.group(1) + "000", text)
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


def numbers_as_written(text: str) -> list[str]:
    """The numbers a text states, as written ("18,000", "1.5"), in order, once each (for showing them)."""
    written = re.findall(r"\d{1,3}(?:[,.\u202f\u00a0' ]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?", text)
    return list(dict.fromkeys(written))
