"""Which sentences state a claim worth a fact, and what they name: figures, names, announcements, quotations.

A sentence is claim-bearing when it states a figure (any way ``bot.core.numbers``
reads one), names someone or something (a known alias, a place CLDR knows, or
a capitalised name), announces or reports (will, plans, said, according to…),
or quotes someone. Fragments of fewer than four words and questions are not
claims. Nothing is reworded: a claim's quote is its sentence, and its proposed
statement differs only where a person's mistranslated name is known by its
right one ("Hwang In-hoon" becomes "Jensen Huang"), which changes no figure.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

import wordfreq

from bot.core.models import Alias
from bot.core.numbers import find_numbers
from bot.core.places import cldr_places
from bot.core.text import collapse_space, fold
from bot.core.vocabulary import STOPWORDS

Signal = Literal["number", "entity", "announcement", "quotation"]
SIGNALS: tuple[Signal, ...] = ("number", "entity", "announcement", "quotation")
MIN_WORDS = 4
MAX_NAME_WORDS = 6
COMMON_ZIPF = 5.0
"""A sentence's capitalised first word this common in English ("The", "Other", "Also") is no name."""
DICTIONARY_ZIPF = 3.0
"""Nor is a first word this common that is shaped like an adverb, a verb form or a plural ("Globally",
"Bridging", "Estimates"); a name ("Amazon", "Domyn") keeps its place."""
SHOUTED_WORDS = 2
"""A run of capitalised words with this many unknown words in capitals, each of ``SHOUTED_LETTERS`` or more,
is a banner or a shouted headline ("FICTIONAL ARTICLE", "BREAKING NEWS"): only its known names are names.
Acronyms are short, so "SAP SE" or "NVIDIA DGX" keep their name."""
SHOUTED_SENTENCE_WORDS = 3
"""As many such words anywhere in a sentence make all of it shouted, though "AI" or "A" break its runs
("NVIDIA AND MISTRAL AI ANNOUNCE A CLOUD"); two long acronyms in one sentence ("NASA and CERN") stay names."""
SHOUTED_LETTERS = 4
_WORD_SHAPES = re.compile(r"(?:ly|ing|ed|es|s|ion|ions)$")
DISCOURSE = frozenset({"moreover", "however", "furthermore", "meanwhile", "also", "additionally", "instead",
                       "nevertheless", "thus", "hence", "overall", "finally", "first", "second", "third"})

_ANNOUNCES = re.compile(
    r"\b(announc\w*|unveil\w*|launch\w*|plan(?:s|ned|ning)?|will|partner\w*|build\w*|built|deploy\w*|invest\w*|"
    r"expand\w*|join\w*|provid\w*|collaborat\w*|working with|sign(?:ed|ing)|opens?|opening|roll\w* out|develop\w*|"
    r"deliver\w*|install\w*|aims?|intends?|commit\w*|agree\w*|acquir\w*|estimat\w*|expect\w*|forecast\w*|"
    r"according to|said|says|told|stated|reported|confirm\w*|enables?|requires?|spearhead\w*|facilitat\w*|"
    r"equipped|contribut\w*)\b",
    re.IGNORECASE,
)
_QUOTED = re.compile(r"[“\"«„][^”\"»“]{3,}[”\"»“]")
_SPEECH = re.compile(r"\b(said|says|told|according to)\b", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_][\w&'’.\-]*[^\W_]|[^\W\d_]", re.UNICODE)
_POSSESSIVE = re.compile(r"['’]s?$")
NOT_NAMES = frozenset({
    "ai", "ceo", "cfo", "cto", "gpu", "gpus", "cpu", "cpus", "hpc", "it", "i", "a", "monday", "tuesday", "wednesday",
    "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april", "may", "june", "july",
    "august", "september", "october", "november", "december",
})
"""Capitalised words that name no one: common acronyms, days and months."""


@dataclass(frozen=True)
class Claim:
    """What a sentence claims: why it counts, the figures and names it states, and the statement proposed."""

    signals: tuple[Signal, ...]
    numbers: tuple[str, ...]
    """Figures as written ("18,000", "1.5 million", "two years", "triple")."""
    entities: tuple[str, ...]
    """Names, as the knowledge base calls them where it knows them."""
    statement: str

    @property
    def is_claim(self) -> bool:
        """Whether the sentence bears a claim at all."""
        return bool(self.signals)


class ClaimReader:
    """Reads sentences with the knowledge base's names: its aliases and the places CLDR knows."""

    def __init__(self, aliases: Iterable[Alias], places: Mapping[str, str] | None = None) -> None:
        table: dict[str, str] = {}
        self._renames: list[tuple[re.Pattern[str], str]] = []
        for alias in aliases:
            for name in (alias.canonical, *alias.aliases):
                table.setdefault(fold(name), alias.canonical)
            if alias.kind == "person":
                self._renames += [(re.compile(rf"\b{re.escape(n)}\b"), alias.canonical)
                                  for n in sorted(alias.aliases, key=len, reverse=True) if _personal_name(n)]
        if places is None:
            places = {name: found[0].english for name, found in cldr_places().items()}
        for name, english in places.items():
            table.setdefault(name, english)
        self._names = table

    def read(self, sentence: str) -> Claim:
        """The claim a sentence bears (``is_claim`` is False when it bears none)."""
        text = collapse_space(sentence)
        numbers = tuple(n.text for n in find_numbers(text))
        entities = self.names(text)
        words = _WORD.findall(text)
        signals: list[Signal] = []
        if len(words) >= MIN_WORDS and not text.rstrip("”\"’' )").endswith("?"):
            if numbers:
                signals.append("number")
            if entities:
                signals.append("entity")
            if _ANNOUNCES.search(text):
                signals.append("announcement")
            if _QUOTED.search(text) and _SPEECH.search(text):
                signals.append("quotation")
        return Claim(tuple(signals), numbers, entities, self.statement(text))

    def statement(self, sentence: str) -> str:
        """The sentence as a proposed statement: people's mistranslated names put right, nothing else changed."""
        text = collapse_space(sentence)
        for pattern, canonical in self._renames:
            text = pattern.sub(canonical, text)
        return text

    def names(self, text: str) -> tuple[str, ...]:
        """The names a sentence states, in order, once each: known ones by their canonical name."""
        out: list[str] = []
        runs = _capitalised_runs(text)
        shouted = len(self._loud([w for run in runs for w, _ in run])) >= SHOUTED_SENTENCE_WORDS
        for run in runs:
            out += self._split_run(run, known_only=shouted)
        return tuple(dict.fromkeys(n for n in out if n))

    def _split_run(self, run: list[tuple[str, bool]], *, known_only: bool = False) -> list[str]:
        """Known names out of one run of capitalised words; what is left between them is a name as written.

        In a run or sentence written in capitals (``known_only``, ``SHOUTED_WORDS``) what is left is dropped.
        """
        words = [w for w, _ in run]
        out: list[str] = []
        pending: list[str] = []
        i = 0
        while i < len(words):
            for size in range(min(MAX_NAME_WORDS, len(words) - i), 0, -1):
                known = self._names.get(fold(" ".join(words[i:i + size])))
                if known is not None:
                    out.append(_unknown_name(pending))
                    pending = []
                    out.append(known)
                    i += size
                    break
            else:
                if not (run[i][1] and not pending and _common(words[i])):
                    pending.append(words[i])
                i += 1
        out.append(_unknown_name(pending))
        if known_only or len(self._loud(words)) >= SHOUTED_WORDS:
            names = set(self._names.values())
            return [n for n in out if n in names]
        return out

    def _loud(self, words: list[str]) -> list[str]:
        """The words in capitals, long enough not to be acronyms, that are no known name."""
        return [w for w in words if w.isupper() and sum(c.isalpha() for c in w) >= SHOUTED_LETTERS
                and fold(w) not in self._names]


def _capitalised_runs(text: str) -> list[list[tuple[str, bool]]]:
    """Runs of capitalised words with nothing but a space between them; each word says if it opens the sentence."""
    runs: list[list[tuple[str, bool]]] = []
    current: list[tuple[str, bool]] = []
    last_end = -1
    for match in _WORD.finditer(text):
        word = _POSSESSIVE.sub("", match.group(0).rstrip("."))
        capital = word[:1].isupper() or (word[:1].isdigit() and any(c.isupper() for c in word))
        if "-" in word and word.split("-", 1)[0].lower() in NOT_NAMES:
            capital = False  # "AI-driven"
        joined = current and text[last_end:match.start()] == " "
        if capital and word.lower() not in NOT_NAMES:
            if not joined:
                current = []
                runs.append(current)
            opening = not text[:match.start()].strip(" “\"'‘(")
            current.append((word, opening))
        else:
            current = []
        last_end = match.end()
        if match.group(0) != word:  # a possessive or a full stop ends the run
            current = []
    return [r for r in runs if r]


def _unknown_name(words: list[str]) -> str:
    while words and (words[-1].lower() in STOPWORDS or words[-1].lower() in NOT_NAMES):
        words = words[:-1]
    return " ".join(words)


def _common(word: str) -> bool:
    """A sentence's first word that is an ordinary English word, capitalised only because it comes first."""
    lower = word.lower()
    if lower in STOPWORDS or lower in DISCOURSE:
        return True
    zipf = wordfreq.zipf_frequency(lower, "en")
    return zipf >= COMMON_ZIPF or (zipf >= DICTIONARY_ZIPF and bool(_WORD_SHAPES.search(lower)))


def _personal_name(name: str) -> bool:
    """A person's other name that reads as a name: two or more capitalised words, none in capitals only."""
    parts = name.split()
    return len(parts) >= 2 and all(p[:1].isupper() and not p.isupper() for p in parts)
