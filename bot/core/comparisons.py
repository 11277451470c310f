"""The two sides of a comparison, and an entry for each when the best one only lists them.

"France vs UK: what is NVIDIA doing in each?" found the entry listing NVIDIA's
key markets, which names both countries and says nothing of either. A person
expects what NVIDIA does in France (Mistral) beside what it does in the UK
(Nebius and Nscale). The question is split where it compares ("vs", "or",
"and"); each side is the names of its half; and when the best entry names both
sides among others of their kind, the best entry naming one side only is taken
for each.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol, TypeVar

from bot.core.analysis import Analysis
from bot.core.candidates import Candidate
from bot.core.text import fold

_COMPARING = re.compile(
    r"\b(?:vs\.?|versus|compared?|comparison|differ(?:ence|ent)?|than(?!\s+(?:about\s+|around\s+)?[€$£]?\d)"
    r"|stacks?\s+up|measures?\s+up|relative\s+to"
    r"|(?:which|what|who)(?:\W+\w+){0,6}\W+(?:bigger|larger|smaller|more|less|fewer))\b",
    re.IGNORECASE,
)
"""Words that make a question a comparison ("how does X stack up against Y?"). A comparative alone is not one:
"smaller European languages" names languages, "which is bigger" compares; nor is a threshold ("more than 100k
chips"), which a figure answers. The comparative may come six words after "which": "which of the UK firms is
getting more chips, Nebius or Nscale?" (at three words it was read as asking what each gets, and answered)."""


RANKS = re.compile(r"\b(?:more|less|fewer|bigger|larger|smaller|higher|lower|most|least|ahead|behind|which one"
                   r"|mehr|weniger|plus|moins|más|menos|mais|więcej|mniej|больше|меньше|більше|менше)\b"
                   r"|谁更|哪个更|更多|どっち|どちら|より多|더 많|더 적", re.IGNORECASE)
"""Words that ask which side ranks above the other ("which one gets more chips?"), not what each side is or does
("Nebius vs Nscale: same country?")."""


def compares(q: Analysis) -> bool:
    """Whether a question compares two things, not one thing with a threshold ("more than 100k chips")."""
    if _COMPARING.search(q.text):
        return True
    if "compare" not in q.asks or "besides" in q.asks:  # "امریکہ کے علاوہ … مقابلہ": besides the US, who competes
        return False
    phrases = q.asked.phrases_of("compare") if q.asked else ()
    folded = fold(q.text)
    return not phrases or any(re.search(rf"(?<!\w){re.escape(p)}(?!\w)", folded) and not _threshold(p).search(folded)
                              for p in phrases)


@lru_cache(maxsize=256)
def _threshold(phrase: str) -> re.Pattern[str]:
    """"more than 100k", "plus de 20", "mehr als 100.000": the comparative phrase before a figure."""
    return re.compile(rf"(?<!\w){re.escape(phrase)}\s+(?:about\s+|around\s+|roughly\s+|environ\s+|etwa\s+)?[€$£]?\d")


_SPLITS = (
    re.compile(r"\b(?:vs\.?|versus|compared? (?:to|with)|against|differs? from|different from)\s", re.IGNORECASE),
    re.compile(r"\s(?:or|than)\s|/", re.IGNORECASE),
    re.compile(r"\s(?:and|&)\s|和|与|與|跟", re.IGNORECASE),
)
"""Where a comparison turns from one side to the other, the surest first: "Mistral vs the UK's Nebius and Nscale"
splits at "vs", not at "and"."""


@dataclass(frozen=True)
class Sides:
    """The names on each side of a comparison."""

    first: frozenset[str]
    second: frozenset[str]

    @property
    def both(self) -> frozenset[str]:
        """The names of either side."""
        return self.first | self.second


def split_sides(text: str, names_in: Callable[[str], frozenset[str]]) -> Sides | None:
    """The two sides of a comparison, by the names in the text before and after where it turns.

    ``names_in`` gives the names a piece of text holds (not the ambient ones). None when no split leaves names on
    both sides that differ.
    """
    for pattern in _SPLITS:
        for match in pattern.finditer(text):
            first, second = names_in(text[: match.start()]), names_in(text[match.end():])
            if first and second and not first & second:
                return Sides(first, second)
    return None


def lists_them(cand: Candidate, sides: Sides, kinds: Mapping[str, str], ambient: frozenset[str]) -> bool:
    """Whether an entry names both sides among others of their kind: a list of markets or partners, no comparison.

    "Europe lags behind the US" names both sides and nothing else of their kind: it compares them itself.
    """
    if not (cand.entities & sides.first and cand.entities & sides.second):
        return False
    side_kinds = {kinds.get(e) for e in sides.both}
    return any(kinds.get(e) in side_kinds for e in cand.entities - sides.both - ambient)


def names_together(cand: Candidate, sides: Sides, names: Mapping[str, str]) -> bool:
    """Whether an entry names the two sides as one group, so what it says of them does not tell them apart.

    "Microsoft and Meta account for about half of its sales" does not say which buys more.
    """
    text = fold(" ".join(t for t, role in cand.semantic_texts if role == "passage"))
    for a in sides.first:
        for b in sides.second:
            first, second = (re.escape(fold(names.get(key, key))) for key in (a, b))
            joined = r"(?:\s+\w+\.?){0,3}\s*(?:,|and|&)\s*"  # "Nebius Group and Nscale"
            if re.search(rf"\b(?:{first}{joined}{second}|{second}{joined}{first})\b", text):
                return True
    return False


class _Ranked(Protocol):
    """What ``side_entry`` reads of a scored candidate (the matcher's ``Scored``)."""

    @property
    def candidate(self) -> Candidate: ...

    @property
    def confidence(self) -> float: ...

    @property
    def unmet(self) -> frozenset[str]: ...


R = TypeVar("R", bound=_Ranked)


def side_entry(ranked: Sequence[R], side: frozenset[str], other: frozenset[str], kinds: Mapping[str, str],
               ambient: frozenset[str], penalty: float, needs: frozenset[str] = frozenset()) -> tuple[R, float] | None:
    """The best entry on this side alone, with its confidence as that side's half.

    It names this side, not the other, and no other name of the side's kind: the summary naming France among
    Italy and Armenia says less of France than the Mistral partnership does. The other side's names, which such an
    entry lacks by design, cost it nothing (``penalty`` each). ``needs``: kinds of answer the entry must give one
    of (a figure, for a side of a ranking).
    """
    side_kinds = {kinds.get(e) for e in side}
    best: tuple[R, float] | None = None
    for scored in ranked:
        cand = scored.candidate
        if scored.unmet or not cand.entities & side or cand.entities & other or (needs and not cand.gives & needs):
            continue
        if any(kinds.get(e) in side_kinds for e in cand.entities - side - ambient):
            continue
        confidence = min(1.0, scored.confidence / penalty ** len(other))
        if best is None or confidence > best[1]:
            best = (scored, confidence)
    return best


def names_reader(analyze: Callable[[str], Analysis], ambient: frozenset[str]) -> Callable[[str], frozenset[str]]:
    """The names of a piece of text, without the ambient ones (NVIDIA, Europe) every entry holds."""
    def names(text: str) -> frozenset[str]:
        return frozenset(e for e in analyze(text).entities if e not in ambient)
    return names
