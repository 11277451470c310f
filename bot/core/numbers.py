"""The one number parser: numbers as people write them, in any script, to one canonical value.

"18,000", "18.000", "18 000", "18k", "18000", "١٨٠٠٠", "1.8万", "一万八千" and
"eighteen thousand" are all 18000; "1.5 million" and "1,5 Millionen" are
1500000; "tenfold", "10x", "10-fold", "10 times" and "10倍" are the multiplier
10x. The knowledge base's text and a user's question go through the same
parser, so a figure matches however either side wrote it, and a figure that
differs ("180,000" for "18,000") is seen to differ.

Words for numbers in other languages come from ``data/languages.yaml`` and are
passed in as a table; this module knows only the shapes of numbers.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

Kind = Literal["number", "multiplier"]

ENGLISH_WORDS: Mapping[str, str] = {
    "zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
    "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "thirteen": "13", "fourteen": "14",
    "fifteen": "15", "sixteen": "16", "seventeen": "17", "eighteen": "18", "nineteen": "19", "twenty": "20",
    "thirty": "30", "forty": "40", "fifty": "50", "sixty": "60", "seventy": "70", "eighty": "80", "ninety": "90",
    "hundred": "100", "thousand": "1000", "million": "1000000", "billion": "1000000000", "k": "1000",
    "m": "1000000", "mn": "1000000", "bn": "1000000000", "dozen": "12",
    "double": "2x", "twice": "2x", "triple": "3x", "threefold": "3x", "tenfold": "10x", "quadruple": "4x",
}
"""English number words; every other language's come from ``data/languages.yaml``."""

SCALES = frozenset({100, 1000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000})
"""Values that multiply what came before them ("18 thousand") rather than add to it."""

_CJK_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
               "八": 8, "九": 9}
_CJK_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_CJK_SCALES = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000, "만": 10_000, "억": 100_000_000}
_MULTIPLIER_AFTER = re.compile(
    r"\s*(?:x\b|×|-?fold\b|\s?times\b|倍|배|раз[а]?\b|kat\b|mal\b|fois\b|veces\b|volte\b|vezes\b|keer\b|razy\b|gånger\b|"
    r"gange\b|ganger\b|kertaa\b|krát\b|ori\b|φορές\b|गुना\b|ضعف\b|lần\b)",
    re.IGNORECASE,
)
_MULTIPLIER_BEFORE = re.compile(r"(?<![^\W\d_])[x×]\s*(\d+(?:[.,]\d+)?)\b", re.IGNORECASE)
_RANGE_JOINER = re.compile(r"\s*(?:and|to|or|-|–|—|~|bis|à|a|e|y|и|до|到|至|～)?\s*[€$£¥]?\s*$", re.IGNORECASE)
"""What stands between the two ends of a range ("€500 and €700 billion"), whose scale belongs to both."""
SMALL_WORDS_BELOW = 10
"""A small number spelt out is a figure only before a unit of time ("the next two years"); otherwise "the two
will use", "one of them" and "three partners" are ordinary words of a sentence."""
_TIME_UNIT = re.compile(r"\s+(?:years?|months?|weeks?|days?|hours?|quarters?|decades?)\b", re.IGNORECASE)
LONE_WORDS = frozenset({"one", "k", "m", "mn", "bn"})
"""Number words that on their own are rarely a figure ("which one", "k"): they count only beside another."""
_DIGITS = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:([,.'\u202f\u00a0 ])\d{3})(?:\2\d{3})*(?:[.,]\d+)?|\d+(?:[.,]\d+)?)"
    r"(?:\s?(k|mn|m|bn|b)\b)?",
    re.IGNORECASE,
)
_CJK_RUN = re.compile(r"[〇零一二两兩三四五六七八九十拾百佰千仟万萬亿億]+|(?<=\d)[万萬亿億만억千]")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)?", re.UNICODE)
_MAY_HOLD_NUMBER = re.compile(
    r"\d|[〇零一二两兩三四五六七八九十拾百佰千仟万萬亿億만억]|fold|\b(?:"
    + "|".join(sorted(ENGLISH_WORDS, key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)
"""A quick look for anything that could be a number: most texts folded for matching hold none."""


@dataclass(frozen=True)
class Number:
    """One number found in a text: its value, what kind it is, and where it was written."""

    value: float
    kind: Kind
    text: str
    start: int
    end: int

    @property
    def key(self) -> str:
        """The canonical form two texts are compared by: ``18000``, ``1.5``, ``10x``."""
        return canonical(self.value) + ("x" if self.kind == "multiplier" else "")


def canonical(value: float) -> str:
    """A value as the shortest plain decimal: 18000.0 -> "18000", 1.5 -> "1.5"."""
    if value == int(value) and abs(value) < 1e18:
        return str(int(value))
    return f"{value:.6f}".rstrip("0").rstrip(".")


def ascii_digits(text: str) -> str:
    """Digits of any script (Arabic-Indic, Devanagari, full width…) as ASCII digits, everything else as is."""
    if text.isascii():
        return text
    out = []
    for ch in text:
        if ch.isdigit() and not ch.isascii():
            value = unicodedata.decimal(ch, None)
            out.append(str(value) if value is not None else ch)
        elif ch in "٫":  # Arabic decimal separator
            out.append(".")
        elif ch in "٬":  # Arabic thousands separator
            out.append(",")
        else:
            out.append(ch)
    return "".join(out)


def find_numbers(text: str, words: Mapping[str, str] = ENGLISH_WORDS,
                 not_numbers: frozenset[str] = frozenset()) -> list[Number]:
    """Every number in ``text``, in order: digits (any script), CJK numerals and number words.

    ``words`` are the question's language's number words; English ones are read too, except ``not_numbers``:
    words of the question's language spelt like one (Czech and Polish "ten", that).
    """
    if not _MAY_HOLD_NUMBER.search(text) and (words is ENGLISH_WORDS or not words):
        return []
    text = ascii_digits(unicodedata.normalize("NFKC", text))
    found = _prefixed_multipliers(text)
    found += [n for n in _digit_numbers(text, words) if not _overlaps(n, [(m.start, m.end) for m in found])]
    taken = [(n.start, n.end) for n in found]
    found += [n for n in _cjk_numbers(text) if not _overlaps(n, taken)]
    taken = [(n.start, n.end) for n in found]
    found += [n for n in _word_numbers(text, words, not_numbers) if not _overlaps(n, taken)]
    return _ranges(sorted(found, key=lambda n: n.start), text)


def number_keys(text: str, words: Mapping[str, str] = ENGLISH_WORDS,
                not_numbers: frozenset[str] = frozenset()) -> frozenset[str]:
    """The canonical keys of every number a text states."""
    return frozenset(n.key for n in find_numbers(text, words, not_numbers))


def numbers_as_written(text: str) -> list[str]:
    """Numbers in digits as the text writes them ("18,000", "1.5"), once each, in order."""
    out: list[str] = []
    for number in find_numbers(text, {}):
        if number.text not in out:
            out.append(number.text)
    return out


# -- the three shapes --------------------------------------------------------------------------------


def _digit_numbers(text: str, words: Mapping[str, str]) -> list[Number]:
    out: list[Number] = []
    for match in _DIGITS.finditer(text):
        raw, sep, suffix = match.group(1), match.group(2), match.group(3)
        value = _digit_value(raw, sep)
        if value is None:
            continue
        end = match.end()
        if suffix:
            value *= {"k": 1e3, "m": 1e6, "mn": 1e6, "b": 1e9, "bn": 1e9}[suffix.lower()]
        else:
            scale, end = _scale_after(text, end, words)
            value *= scale
        kind: Kind = "number"
        after = _MULTIPLIER_AFTER.match(text, end)
        if after:
            kind, end = "multiplier", after.end()
        out.append(Number(value, kind, text[match.start():end].strip(), match.start(), end))
    return out


def _prefixed_multipliers(text: str) -> list[Number]:
    """"x10" and "×10"."""
    return [Number(float(m.group(1).replace(",", ".")), "multiplier", m.group(0), m.start(), m.end())
            for m in _MULTIPLIER_BEFORE.finditer(text)]


def _ranges(found: list[Number], text: str) -> list[Number]:
    """Give the first end of a range the scale written after the second: "€500 and €700 billion"."""
    out = list(found)
    for i in range(len(out) - 1):
        first, second = out[i], out[i + 1]
        digits = _unscaled(second)  # 0 for "00", which no scale word follows
        scaled = digits > 0 and second.text != canonical(second.value) and second.value >= 1000 * digits
        if first.kind == second.kind == "number" and scaled and _RANGE_JOINER.fullmatch(text[first.end:second.start]):
            factor = second.value / digits
            if first.value < factor:
                out[i] = Number(first.value * factor, "number", first.text, first.start, first.end)
    return out


def _unscaled(number: Number) -> float:
    """The digits a number was written with, before any scale word ("700 billion" -> 700)."""
    match = re.match(r"\d+(?:[.,]\d+)*", number.text)
    if match is None:
        return number.value
    value = _digit_value(match.group(0), next((c for c in match.group(0) if c in ",."), None)
                         if re.search(r"[,.]\d{3}\b", match.group(0)) else None)
    return value or number.value


def _digit_value(raw: str, sep: str | None) -> float | None:
    """``18,000``, ``18.000`` and ``18 000`` are thousands; ``1.5`` and ``1,5`` are decimals."""
    if not sep:
        return float(raw.replace(",", "."))
    decimals = ""
    tail = re.search(r"[.,](\d+)$", raw)
    if tail and (sep not in ".," or tail.group(0)[0] != sep):
        raw, decimals = raw[: tail.start()], tail.group(1)
    whole = raw.replace(sep, "")
    return float(f"{whole}.{decimals}" if decimals else whole)


def _scale_after(text: str, end: int, words: Mapping[str, str]) -> tuple[float, int]:
    """A scale word right after digits: "1.5 million", "18 mil", "150万", "1,5 Millionen"."""
    match = re.match(r"\s?([^\W\d_]+)", text[end:])
    if match is None:
        return 1.0, end
    word = match.group(1)
    for candidate in (word.lower(), word[:1]):
        value = words.get(candidate) or ENGLISH_WORDS.get(candidate) or _cjk_scale(candidate)
        if value and not value.endswith("x") and float(value) in SCALES and float(value) >= 1000:
            return float(value), end + match.start(1) + len(candidate)
    return 1.0, end


def _cjk_scale(char: str) -> str | None:
    value = _CJK_SCALES.get(char) or (_CJK_UNITS.get(char) if char == "千" else None)
    return str(value) if value else None


def _cjk_numbers(text: str) -> list[Number]:
    out: list[Number] = []
    for match in _CJK_RUN.finditer(text):
        run = match.group(0)
        if match.start() > 0 and text[match.start() - 1].isdigit():
            continue  # a scale after digits ("1.8万") was read with the digits
        value = _cjk_value(run)
        if value is None or (len(run) == 1 and run in "一二两兩"):
            continue  # a lone 一 is far more often "a/one" than a figure
        end = match.end()
        kind: Kind = "number"
        if text[end:end + 1] in ("倍", "배"):
            kind, end = "multiplier", end + 1
        out.append(Number(float(value), kind, text[match.start():end], match.start(), end))
    return out


def _cjk_value(run: str) -> int | None:
    total, section, digit = 0, 0, None
    for ch in run:
        if ch in _CJK_DIGITS:
            digit = _CJK_DIGITS[ch]
        elif ch in _CJK_UNITS:
            section += (digit if digit is not None else 1) * _CJK_UNITS[ch]
            digit = None
        elif ch in _CJK_SCALES:
            total += (section + (digit or 0)) * _CJK_SCALES[ch]
            section, digit = 0, None
        else:
            return None
    return total + section + (digit or 0)


def _word_numbers(text: str, words: Mapping[str, str], not_numbers: frozenset[str] = frozenset()) -> list[Number]:
    """Runs of number words: "eighteen thousand", "one and a half million" is left out (rare in questions)."""
    out: list[Number] = []
    run: list[tuple[str, int, int]] = []

    def close() -> None:
        if run:
            number = _word_run(run, text)
            if number is not None:
                out.append(number)
            run.clear()

    for match in _WORD.finditer(text):
        word = match.group(0).lower()
        if word in ("and", "und", "et", "y", "e", "и") and run:
            continue  # "one hundred and fifty"
        value = words.get(word) or (ENGLISH_WORDS.get(word) if word not in not_numbers else None)
        if value is not None and not (word in ("k", "m", "mn", "bn") and not run):
            if value.endswith("x"):
                close()
                out.append(Number(float(value[:-1]), "multiplier", match.group(0), match.start(), match.end()))
                continue
            run.append((value, match.start(), match.end()))
        else:
            close()
    close()
    return out


def _word_run(run: list[tuple[str, int, int]], text: str) -> Number | None:
    if len(run) == 1 and text[run[0][1]:run[0][2]].lower() in LONE_WORDS:
        return None
    total, current = 0.0, 0.0
    for written, _, _ in run:
        number = float(written)
        if number in SCALES and number >= 100:
            current = (current or 1) * number
            if number >= 1000:
                total, current = total + current, 0.0
        else:
            current += number
    start, end = run[0][1], run[-1][2]
    kind: Kind = "number"
    after = _MULTIPLIER_AFTER.match(text, end)
    if after:
        kind, end = "multiplier", after.end()
    elif total + current < SMALL_WORDS_BELOW and not _TIME_UNIT.match(text, end):
        return None  # "the two will use", "one of them": a word, not a figure
    return Number(total + current, kind, text[start:end], start, end)


def _overlaps(number: Number, spans: list[tuple[int, int]]) -> bool:
    return any(number.start < e and s < number.end for s, e in spans)
