"""Wrong premises in yes/no questions: when a name or figure the entry lacks is a wrong value to correct.

"Is the Mistral Compute data centre in Lyon?" deserves "No: the sources put it in Essonne", with the quote;
"is BT working with NVIDIA?" names a company the sources never mention, which is a near miss to refuse, not a
premise to correct. These rules tell the two apart; the matcher discounts a near miss and lets a contradicted
premise stand, and the answer builder says "No".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from bot.core import tuning as t
from bot.core.analysis import Analysis
from bot.core.candidates import Candidate
from bot.core.gives import PERCENT
from bot.core.text import stem

PLACE_KINDS = frozenset({"country", "city", "region", "place"})

_DEFINITE = re.compile(r"\b(?:the|these|this|those|its|their)\b", re.IGNORECASE)
_INDEFINITE = re.compile(r"\b(?:a|an|any|some|another)\b", re.IGNORECASE)
"""A yes/no question about a definite thing can put it in the wrong place; one about "a" thing asks if one exists."""


_IN_ADDITION = re.compile(r"\b(?:also|too|as well|besides|in addition|additionally|other than|apart from|either)\b",
                          re.IGNORECASE)
"""A question about more of something ("will it also get H100s?"), which another value does not contradict."""


class Premises:
    """The premise rules, with what they need of the knowledge base: its names' kinds and its ambient names."""

    def __init__(self, entity_kinds: Mapping[str, str], ambient: frozenset[str]) -> None:
        self.entity_kinds = entity_kinds
        self.ambient = ambient

    def wrong_value(self, q: Analysis, name: str, kind: str, cand: Candidate,
                    weights: Mapping[str, float] | None = None) -> bool:
        """Whether a name in a yes/no question is a wrong value of something the entry states.

        It is when the question also names a right value of the same kind ("Spain, along with Italy";
        "Microsoft and Google"), or puts the entry's own subject in another place ("is the Mistral Compute
        data centre in Lyon?"), named or not ("is the world's first industrial AI cloud in France?").
        ``weights`` are the question's token weights, for the unnamed subject.
        """
        if _IN_ADDITION.search(q.text):  # "is Saudi Arabia also getting chips?" asks about more, not instead
            return False
        if kind == "product":
            return self._other_product(q, name, cand, weights)
        if kind == "role":  # "is Dion Harris NVIDIA's CFO?": the entry gives the title of the person asked about
            return any(self.entity_kinds.get(e) == "person" for e in q.entities & cand.entities)
        place = kind in PLACE_KINDS
        same = [e for e in q.entities & cand.entities if e not in self.ambient and e != name
                and (self.entity_kinds.get(e) in ("country", "place") if place else self.entity_kinds.get(e) == kind)]
        if same:
            return True
        if not place:  # "do Apple and Google account for about half of NVIDIA's sales?": the entry's very claim
            wrong = {e for e in q.entities - cand.entities if self.entity_kinds.get(e) == kind}  # "Google and Amazon"
            return weights is not None and _same_figure(q, cand) and _holds_the_rest(q, name, cand, weights, wrong)
        subject = {e for e in q.entities if e not in self.ambient and e != name}
        if subject and subject <= cand.entities:
            return True
        return weights is not None and about_the_entry(q, name, cand, weights) and (
            kind != "city" or "city" in cand.gives)


    def _other_product(self, q: Analysis, name: str, cand: Candidate,
                       weights: Mapping[str, float] | None) -> bool:
        """"Does Mistral Compute run on Hopper chips?": the entry's subject, with another product than its own.

        The question's other names are all the entry's, the entry names a product the question does not, and the
        entry holds the rest of the question's words.
        """
        if weights is None:
            return False
        subject = {e for e in q.entities if e not in self.ambient and e != name}
        rivals = {e for e in cand.entities - q.entities
                  if e not in self.ambient and self.entity_kinds.get(e) == "product"}
        return bool(subject and rivals) and subject <= cand.entities and _holds_the_rest(q, name, cand, weights)


def about_the_entry(q: Analysis, name: str, cand: Candidate, weights: Mapping[str, float]) -> bool:
    """Whether an English yes/no question asks about the very thing the entry is about, placed elsewhere.

    Its other words are the entry's ("is the world's first industrial AI cloud being built in France?"), and
    it speaks of a definite thing: "is NVIDIA building an AI factory in Spain?" asks whether there is one,
    which the sources do not say, not where the one they know of is.
    """
    if q.language != "en" or not _DEFINITE.search(q.text) or _INDEFINITE.search(q.text):
        return False
    return _holds_the_rest(q, name, cand, weights)


def _holds_the_rest(q: Analysis, name: str, cand: Candidate, weights: Mapping[str, float],
                    wrong: Iterable[str] = ()) -> bool:
    """Whether the entry holds the question's words besides the wrong names (``PREMISE_COVERAGE`` of their weight).

    ``wrong`` are other names of the same kind the entry lacks: "Google and Amazon" are one premise together.
    """
    own = {stem(w) for n in (name, *q.foreign, *wrong) for w in n.split()}  # "Spain and Portugal": both are it
    rest = {tok: w for tok, w in weights.items() if tok not in own}
    total = sum(rest.values())
    return bool(total) and sum(w for tok, w in rest.items() if tok in cand.vocab) / total >= t.PREMISE_COVERAGE


def _same_figure(q: Analysis, cand: Candidate) -> bool:
    """Whether the question states a figure the entry states: a number of its, or a share ("about half").

    A claim with the entry's own figure and someone else's name puts the wrong owner on it; without one ("is BT a
    partner?") it asks about someone the sources never mention, which they cannot settle.
    """
    return bool(q.numbers & cand.numbers) or bool(PERCENT.search(q.text) and "percent" in cand.gives)


def contradicts(kind: str, cand: Candidate) -> bool:
    """Whether an entry states a value of the same kind as a name (a place for Lyon, a company for Google)."""
    if kind in PLACE_KINDS:
        return bool(cand.gives & {"place", "country", "city"})
    if kind == "company":
        return "company" in cand.gives
    if kind == "person":
        return "person" in cand.gives
    if kind == "role":
        return "role" in cand.gives
    return kind == "product"  # its own product the entry names, which ``Premises.wrong_value`` looks for


def same_kind_number(number: str, numbers: frozenset[str]) -> bool:
    """Whether an entry states a figure of the same kind: a count for a count, a multiple for a multiple.

    And a year for a year: "will the gap close by 2030?" is not contradicted by €500 billion.
    """
    def kind(n: str) -> tuple[bool, bool]:
        return n.endswith("x"), _YEAR.fullmatch(n) is not None
    return any(kind(n) == kind(number) for n in numbers)


_YEAR = re.compile(r"(?:19|20)\d\d")
