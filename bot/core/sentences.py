"""A source's text cut into sentences, each with its offsets, so any sentence can be quoted verbatim.

``sentences(text)`` and ``source_sentences(source)`` are cheap to call again
(the cut of a text is kept), and every :class:`Sentence` is a slice of the
text, ``text[start:end]``, never a rewording: what proposals quote, and what
an answer from a source not yet reviewed shows, is exactly what the source
says. A sentence ends at ``.``, ``!`` or ``?`` (with any closing quote mark or
bracket) before a capital letter, a digit or an opening quote; at a full-width
stop (``。！？``); and at a line break, unless the next line carries on a
wrapped sentence. "Ltd. will", "U.S. demands", "1.5 million" and "(NVDA.US)"
stay whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bot.core.models import Source

_END = re.compile(
    r"[.!?…]+[\"”’')\]]*(?=\s+[\"“‘'(\[]?[A-Z0-9\u00c0-\u024f\u0370-\u04ff])"
    r"|[。！？]+[”’」』)]*"
    r"|\n\s*"
)
_ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "prof", "st", "no", "vs", "etc", "inc", "ltd", "co", "corp", "jr", "sr", "gen", "gov",
    "sen", "rep", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "fig", "e.g",
    "i.e", "u.s", "u.k", "u.n", "e.u",
})
"""Words whose full stop does not end a sentence when a capitalised name follows ("Dr. Harris", "U.S. Navy")."""
_WORD_BEFORE = re.compile(r"([A-Za-z](?:\.?[A-Za-z])*)\.$")
WRAPPED_LINE = 60
"""A line at least this long that ends without punctuation is a sentence wrapped onto the next line."""
CACHED_TEXTS = 64


@dataclass(frozen=True)
class Sentence:
    """One sentence of a text: where it is, and its words exactly as written there."""

    index: int
    """Its place among the text's sentences, from 0."""
    start: int
    end: int
    text: str
    """``source_text[start:end]``: verbatim, without the white space around it."""


def source_sentences(source: Source) -> tuple[Sentence, ...]:
    """The sentences of a source's text."""
    return sentences(source.text)


@lru_cache(maxsize=CACHED_TEXTS)
def sentences(text: str) -> tuple[Sentence, ...]:
    """The sentences of a text, in order, each a verbatim slice of it."""
    out: list[Sentence] = []
    start = 0
    for match in _END.finditer(text):
        if match.group(0).startswith("\n"):
            if _continues(text, start, match.start(), match.end()):
                continue
            end = match.start()
        else:
            if _abbreviation(text, start, match.start(), match.end()):
                continue
            end = match.end()
        _add(out, text, start, end)
        start = match.end()
    _add(out, text, start, len(text))
    return tuple(out)


def sentence_at(text: str, offset: int) -> Sentence | None:
    """The sentence holding the character at ``offset``, if any."""
    return next((s for s in sentences(text) if s.start <= offset < s.end), None)


def _add(out: list[Sentence], text: str, start: int, end: int) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if not stripped:
        return
    begin = start + len(piece) - len(piece.lstrip())
    out.append(Sentence(len(out), begin, begin + len(stripped), stripped))


def _abbreviation(text: str, start: int, stop: int, end: int) -> bool:
    """A full stop after a known abbreviation or a single initial, before a name: not a sentence's end."""
    if text[stop] != "." or end - stop != 1:
        return False
    word = _WORD_BEFORE.search(text[max(start, stop - 12):stop + 1])
    if word is None:
        return False
    token = word.group(1).lower()
    return token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha() and text[stop - 1].isupper())


def _continues(text: str, start: int, stop: int, end: int) -> bool:
    """A line break inside a sentence: the line is long, ends with no stop, and the next starts in lower case."""
    line = text[text.rfind("\n", start, stop) + 1:stop].rstrip()
    if "\n\n" in text[stop:end] or not line or line[-1] in ".!?:;…。！？\"”’":
        return False
    following = text[end:end + 1]
    return len(line) >= WRAPPED_LINE and (following.islower() or following.isdigit())
