"""How common a word is in each language the bot reads, from wordfreq's small lists.

One place maps the language table's codes onto wordfreq's and knows which
languages it cannot read, so the analyzer and the place names ask the same way.
"""

from __future__ import annotations

from functools import cache, lru_cache

import wordfreq

from bot.core.text import fold

CODES = {"no": "nb", "hr": "sh", "sr": "sh", "bs": "sh", "tl": "fil"}
"""The language table's codes that wordfreq files under another (Norwegian Bokmål, Serbo-Croatian, Filipino)."""
OWN_TOKENIZER = frozenset({"zh", "ja", "ko"})
"""Languages wordfreq reads only through an optional tokenizer (jieba, MeCab) the bot does not install: a Latin typo
in a Chinese question ("leptoon") raised ModuleNotFoundError. Their lists say nothing of Latin words anyway."""
LANGUAGES = frozenset(wordfreq.available_languages(wordlist="small")) - OWN_TOKENIZER
"""The languages (in wordfreq's codes) whose everyday words can be looked up."""


def code(language: str) -> str:
    """The code wordfreq files a language of the table under ("hr" is "sh")."""
    return CODES.get(language, language)


@lru_cache(maxsize=32768)
def zipf(word: str, language: str) -> float:
    """How common a word is in a language (0 for a language wordfreq has no list of)."""
    language = code(language)
    if language not in LANGUAGES:
        return 0.0
    return float(wordfreq.zipf_frequency(word, language, wordlist="small"))


@cache
def everyday(language: str, floor_zipf: float) -> frozenset[str]:
    """A language's folded words at or above a Zipf frequency (one table read, not a lookup per word).

    Nothing for a language wordfreq has no list of: it would answer with a neighbour's.
    """
    if code(language) not in LANGUAGES:
        return frozenset()
    floor = 10 ** (floor_zipf - 9)  # Zipf is log10 of the frequency per billion words
    return frozenset(fold(w) for w, f in wordfreq.get_frequency_dict(code(language), wordlist="small").items()
                     if f >= floor)
