"""The cues in a question's own words that say what it asks: its type, what it counts, who speaks, where.

The analyzer's pipeline turns text into tokens; these small readings of an English question's wording
("how many X", "which city", "what did X say", "in Lyon") are pattern rules of their own, kept here so the
pipeline reads as its steps and the rules can be read and tuned in one place.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.core.text import fold, is_number, stem
from bot.core.vocabulary import FRAME_WORDS, GENERIC_WORDS, QUESTION_TYPES, STOPWORDS

__all__ = [
    "NOT_CONTENT", "PLACE_PREPOSITIONS", "SPEAKER_SPANS", "SPEAKER_TITLES",
    "after_preposition", "counted_noun", "is_plural", "multipliers", "question_type",
]

NOT_CONTENT = STOPWORDS | FRAME_WORDS | GENERIC_WORDS | {"€", "$", "%"}

PLACE_PREPOSITIONS = frozenset({"in", "at", "near", "inside", "outside", "within", "across", "im", "en", "dans", "nel",
                                "nella", "em"})
"""An unknown capitalised name after one of these ("in Lyon") is taken for a place."""

SPEAKER_SPANS = (
    re.compile(r"\b(?:did|does|do|has|have|will|would|could)\s+(.{1,60}?)\s+(?:himself\s+|herself\s+|themselves\s+|"
               r"personally\s+|actually\s+|really\s+|also\s+)?"
               r"(?:say|said|tell|told|mention(?:ed)?|announced?|stated?|claim(?:ed)?|promised?)\b",
               re.IGNORECASE),
    re.compile(r"\b(?:according to|quote from|quoting)\s+(.{1,40}?)(?:[,?.!]|$)", re.IGNORECASE),
    re.compile(r"\bwhat\s+(?!did\b|does\b|do\b|has\b|have\b|will\b|is\b|was\b)(.{1,60}?)\s+(?:has\s+|have\s+)?"
               r"(?:said|says|told|stated|announced|claimed|promised)\b", re.IGNORECASE),
)
"""Where an English question names who is speaking."""
SPEAKER_TITLES = frozenset({
    "ceo", "boss", "chief", "head", "founder", "cofounder", "president", "chairman", "chairwoman", "cto", "cfo",
    "coo", "spokesperson", "spokesman", "spokeswoman", "executive", "exec", "minister", "pm",
    "government", "officials", "official", "ministry", "regulator", "regulators", "authorities",
})
"""Titles that make a speaker of an organisation's person: "what did Mistral's CEO say" names someone, though not
by name, and another person's quotes do not answer it. NVIDIA's own people are not asked about this way: the
sources name them (the matcher leaves the bot's ambient names out)."""


def after_preposition(text: str, start: int) -> bool:
    """Whether a name follows "in", "at" or "near" (the folded text keeps the original's offsets)."""
    before = fold(text)[:start].split()
    return bool(before) and before[-1] in PLACE_PREPOSITIONS


_MULTIPLIER = frozenset({"time", "times", "fold"})


def multipliers(toks: Sequence[str]) -> set[int]:
    """Where "how many times" asks by what factor: "times" there counts nothing and says nothing asked about.

    The lexicon's languages arrive here translated ("hoeveel keer", "ile razy" read as "how many time").
    """
    return {i + 2 for i in range(len(toks) - 2)
            if tuple(toks[i : i + 2]) == ("how", "many") and toks[i + 2] in _MULTIPLIER}


def counted_noun(toks: Sequence[str], known: frozenset[str], *, english: bool = True) -> str | None:
    """The head noun of "how many AI factories" (factories): the last content word of the run right after it.

    A word the knowledge base has never seen ends the run and is the head itself: "how many employees" counts
    employees, which no entry counts; unless a plural follows it, which it describes ("how many established
    companies"). So does a plural: "how many people work at X" counts people, not work.
    "How many times" counts nothing: it asks a factor. In a translated question a word the lexicon lacks after
    the head is more likely its verb ("Ile chipów Grace Blackwell trafi…": how many chips … will reach), so it
    ends the run without becoming the head; first after "how many" it is still the head ("cuántos empleados").
    """
    for i in range(len(toks) - 2):
        if tuple(toks[i : i + 2]) in (("how", "many"), ("number", "of")):
            if toks[i + 2] in _MULTIPLIER and toks[i] == "how":
                return None
            partitive = _partitive(toks, i + 2)
            if partitive is not None:  # "how many of the AI factories will be gigafactories" counts gigafactories
                return partitive
            head = None
            run = toks[i + 2 : i + 5]
            for k, tok in enumerate(run):
                if tok in NOT_CONTENT or is_number(tok):
                    break
                if head is not None and not english and (tok not in known or tok in _VERBS):
                    break  # "cuántas fábricas de IA se van a construir" reads "how many ai factory build"
                head = tok
                modifies = english and k + 1 < len(run) and is_plural(run[k + 1]) and run[k + 1] not in NOT_CONTENT
                if is_plural(tok) or (tok not in known and not modifies):
                    break  # "how many established companies": an unknown word before a plural describes it
            return stem(head) if head else None
    return None


def _partitive(toks: Sequence[str], at: int) -> str | None:
    """The noun counted by "how many of the X will be / are Y": Y, the part of X asked about."""
    if toks[at] != "of":
        return None
    for k in range(at + 1, min(len(toks) - 1, at + 8)):
        if toks[k] in ("be", "are", "become"):
            head = next((tok for tok in toks[k + 1:k + 3] if tok not in NOT_CONTENT and not is_number(tok)), None)
            return stem(head) if head else None
    return None


_VERBS = frozenset("""
    be have get receive use build install deploy plan house hold make give go come join partner collaborate
    cooperate create open invest spend develop supply deliver provide sell buy employ reach run equip ship send
    work need want expect produce manufacture train support fund launch roll announce
""".split())
"""English verbs a translation puts after the counted noun, which the lexicon gives in the singular, so no
plural ends the run ("cuántas fábricas se van a construir": how many factory build)."""
_IRREGULAR_PLURALS = frozenset({"people", "men", "women", "children", "staff", "personnel", "data"})


def is_plural(word: str) -> bool:
    """An English plural, by its ending (factories, chips) or as one of the common irregular ones (people)."""
    return word in _IRREGULAR_PLURALS or (len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us")))


def question_type(toks: Sequence[str]) -> str | None:
    """The first question-type pattern in the text; "which German city" counts as "which city"."""
    if toks[:1] == ["when"]:
        return "time"
    for i, tok in enumerate(toks):
        for pattern, qtype in _PATTERNS_BY_FIRST.get(tok, ()):
            if tuple(toks[i : i + len(pattern)]) == pattern:
                return qtype
            if len(pattern) == 2 and pattern[0] in ("which", "what") and tuple(toks[i : i + 3 : 2]) == pattern:
                return qtype
    return None


_PATTERNS_BY_FIRST: dict[str, list[tuple[tuple[str, ...], str]]] = {}
for _pattern, _qtype in QUESTION_TYPES.items():
    _PATTERNS_BY_FIRST.setdefault(_pattern[0], []).append((_pattern, _qtype))
