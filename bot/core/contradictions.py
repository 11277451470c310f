"""Two live facts that give different figures for the same thing: what ``python -m bot health`` warns about.

A figure is a number and what it counts, the noun it comes before ("18,000
… chips", "1.5 million developers"). Two current, live facts contradict each
other when they count the same thing with no figure in common and are about
the same subject: they name the same person, company or place (one that is
not on nearly every fact, like NVIDIA), or say mostly the same words. Facts
linked by supersession never contradict: the newer one is the answer and the
older one is history. Nothing is changed; a moderator decides which is right
(``facts supersede OLD NEW``, ``facts edit``, ``facts retire``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from bot.core import supersession
from bot.core.loader import KnowledgeData
from bot.core.models import Fact
from bot.core.numbers import find_numbers
from bot.core.text import fold, stem, words
from bot.core.vocabulary import STOPWORDS

MAX_UNIT_WORDS = 6
"""How far after a number its noun is looked for."""
AMBIENT_SHARE = 0.25
"""A name on more than this share of the live facts (NVIDIA, Europe) says nothing about the subject."""
SAME_WORDS = 0.6
"""Without a shared name, two facts are about the same thing when this share of the shorter's words is shared."""
_STOP = re.compile(r"[,.;:()!?\u2014]")
_JOINING = frozenset({"of"})


@dataclass(frozen=True)
class Contradiction:
    """Two facts counting the same thing differently."""

    first: str
    second: str
    counts: str
    """What both count, as the first one writes it (``chips``)."""
    figures: tuple[tuple[str, ...], tuple[str, ...]]
    """Each fact's figures for it, as written."""

    def line(self) -> str:
        """One line for people."""
        one, two = (", ".join(f) for f in self.figures)
        return (f"facts {self.first} ({one}) and {self.second} ({two}) give different figures for "
                f"the same {self.counts}; supersede the older one, or correct or retire one")

    def to_json(self) -> dict[str, Any]:
        """One item of ``health --json``'s ``contradictions``."""
        return {"facts": [self.first, self.second], "counts": self.counts,
                "figures": [list(self.figures[0]), list(self.figures[1])]}


def figures(statement: str) -> dict[str, tuple[tuple[float, str, str], ...]]:
    """The figures a statement gives, by the stem of what they count, each with its value, text and noun.

    "… 18,000 of NVIDIA's new Grace Blackwell chips" gives ``{"chip": ((18000.0, "18,000", "chips"),)}``.
    """
    out: dict[str, list[tuple[float, str, str]]] = {}
    for number in find_numbers(statement):
        if number.kind != "number":
            continue
        noun = _counted(statement[number.end:])
        if noun:
            out.setdefault(stem(noun), []).append((number.value, number.text, noun))
    return {k: tuple(v) for k, v in out.items()}


def contradictions(data: KnowledgeData) -> list[Contradiction]:
    """Every pair of current, live facts counting the same thing of the same subject with no figure in common."""
    live = {f.id: f for f in data.facts if not f.retired}
    current = sorted((f for f in live.values() if supersession.is_current(f, live)), key=lambda f: f.id)
    counted = {f.id: figures(f.statement) for f in current}
    ambient = _ambient(current)
    out: list[Contradiction] = []
    for a, b in combinations([f for f in current if counted[f.id]], 2):
        for noun in sorted(set(counted[a.id]) & set(counted[b.id])):
            mine, theirs = counted[a.id][noun], counted[b.id][noun]
            if {v for v, _, _ in mine} & {v for v, _, _ in theirs} or not _same_subject(a, b, ambient):
                continue
            out.append(Contradiction(a.id, b.id, mine[0][2], (tuple(t for _, t, _ in mine),
                                                               tuple(t for _, t, _ in theirs))))
    return out


def _counted(after: str) -> str | None:
    """The noun a number counts: the last word before punctuation or a function word ("of" aside)."""
    head = _STOP.split(after, maxsplit=1)[0]
    found: list[str] = []
    for word in head.replace("“", " ").replace("”", " ").replace('"', " ").split()[:MAX_UNIT_WORDS]:
        bare = re.sub(r"['’]s$", "", word).lower()
        if bare in STOPWORDS and bare not in _JOINING:
            break
        found.append(bare)
    while found and found[-1] in _JOINING:
        found.pop()
    if not found or not found[-1].isalpha():
        return None
    return found[-1]


def _ambient(facts: Iterable[Fact]) -> frozenset[str]:
    facts = list(facts)
    counts: dict[str, int] = {}
    for fact in facts:
        for name in {fold(e) for e in fact.entities}:
            counts[name] = counts.get(name, 0) + 1
    return frozenset(n for n, c in counts.items() if c > AMBIENT_SHARE * max(len(facts), 1))


def _same_subject(a: Fact, b: Fact, ambient: frozenset[str]) -> bool:
    names_a = {fold(e) for e in a.entities} - ambient
    names_b = {fold(e) for e in b.entities} - ambient
    if names_a & names_b:
        return True
    words_a = {stem(w) for w in words(a.statement) if w not in STOPWORDS and not w[:1].isdigit()}
    words_b = {stem(w) for w in words(b.statement) if w not in STOPWORDS and not w[:1].isdigit()}
    shorter = min(len(words_a), len(words_b))
    return shorter > 0 and len(words_a & words_b) / shorter >= SAME_WORDS
