"""Answers that fit the kind of question: yes/no, when, comparisons, and what the sources do not say.

The curated answer of the best entry is the body of every reply; the kind of
question decides what goes around it. A yes/no question gets "Yes" only when
every value it states is one the quotes state, and "No" with the correction
when its premise conflicts with them (Lyon for Essonne). A comparison gets
both sides with both quotes, and says which is larger only when both give a
figure. A question for something the sources do not give (when, a price, a
company) gets an honest "my sources don't say", with the nearest entry offered.
Nothing here writes a claim of its own: every figure shown comes from the
entries' text, which the loader checked against the quotes.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Protocol

from bot.core import tuning as t
from bot.core.comparisons import RANKS, compares
from bot.core.models import Answer, Match
from bot.core.numbers import find_numbers
from bot.core.scored import MatchResult, Scored


class Entries(Protocol):
    """What shaping needs of the answer builder: an entry's own sourced answer."""

    def entry_answer(self, question: str | None, kind: str, entry_id: str, confidence: float) -> Answer | None:
        """The sourced answer of one entry."""
        ...

NOT_SAID = {
    "time": "when", "year": "in which year", "duration": "how long it takes", "price": "what it costs",
    "money": "that sum of money", "power": "its power figures", "percent": "that share", "company": "which company",
    "person": "who", "city": "in which city", "place": "where", "country": "which country",
    "count": "that number", "amount": "that amount", "part": "that figure for one party alone",
    "model": "which model", "rate": "that figure per year or month",
    "link": "where to read it online", "rival": "who", "date": "on which date",
    "stock": "anything about its shares or stock market value",
    "staff": "how many people work there or are hired", "funding": "any funding round or valuation",
}
"""How "my sources don't say …" ends for each kind of answer they lack."""
YES = "Yes, according to my sources: "
NO = "No, according to my sources: "
NO_FIGURES = "My sources don't give figures that settle that comparison."
_MATCHED = re.compile(r"\b(?:same|equal|as (?:many|much|big|large) as|better|worse|(?!other|rather)\w{3,}er\s+than)\b",
                      re.IGNORECASE)
"""A yes/no comparison asking whether two things match or which is better ("the same number of chips as…", "is Le
Chat better than ChatGPT?", "faster than"), which the sources' figures settle as they settle a ranking (``RANKS``).
"Does the report say anything about Europe vs other regions on spending?" asks neither: the entry's answer is the
reply."""


def shape(answer: Answer, result: MatchResult, builder: Entries) -> Answer:
    """The best entry's answer, shaped by the kind of question."""
    best = result.best
    assert best is not None
    if result.partner is not None:
        return _comparison(answer, best, result.partner, builder, yesno=bool(result.analysis.yesno))
    wrong_figure = set(best.conflicts) & result.analysis.numbers  # "the EU vs US gap is €50bn?" names its subject
    asked = result.analysis.text
    ranks = RANKS.search(asked) is not None or _MATCHED.search(asked) is not None
    if result.analysis.yesno and compares(result.analysis) and ranks and not wrong_figure:
        figures = [n for n in find_numbers(answer.text or "") if n.kind in ("number", "multiplier")]
        if max(len({n.value for n in figures if n.kind == kind}) for kind in ("number", "multiplier")) < 2:
            return _not_said(answer.question, best, NO_FIGURES)
        return answer  # "more devs than businesses?": one entry states both figures, and its quote settles it
    text = answer.text or ""
    bare = _BARE_YES.match(text)
    if bare and not result.analysis.yesno:  # an entry written for "is NVIDIA working with…?", asked "with whom?"
        rest = text[bare.end():]
        return replace(answer, text=rest[:1].upper() + rest[1:])
    if result.analysis.yesno and bare and _turned(asked, text):  # "is Europe ahead of the US?" against "Yes. … lags"
        return Answer(answer.question, "answered", NO + text[bare.end():], answer.confidence, answer.citations,
                      answer.match)
    if result.analysis.yesno and not _states_verdict(text):
        if best.conflicts:
            return Answer(answer.question, "answered", NO + text, answer.confidence, answer.citations, answer.match)
        if best.confirmed:
            return Answer(answer.question, "answered", YES + text, answer.confidence, answer.citations, answer.match)
    return answer


def withheld(question: str, result: MatchResult, builder: Entries) -> Answer | None:
    """An entry that would answer but for one kind it cannot give: "my sources don't say when", with the entry offered.

    Also a yes/no comparison whose sides give no figures ("does Nscale get more chips than Nebius?").
    """
    best = result.best
    if best is None:
        return None
    kind = sorted(best.unmet)[0] if best.unmet else None
    if kind is not None and _without_unmet(best) >= t.SUGGEST_AT:
        return _not_said(question, best, f"My sources don't say {NOT_SAID.get(kind, 'that')}.")
    return None


def _not_said(question: str, best: Scored, text: str) -> Answer:
    cand = best.candidate
    return Answer(question, "no_answer", text + " Here is what they do say:", best.confidence,
                  suggestions=(cand.question,), suggested=(Match(cand.kind, cand.id),))


def _comparison(answer: Answer, best: Scored, partner: Scored, builder: Entries, *, yesno: bool) -> Answer:
    """Both sides with both quotes, and which is more where both give a figure.

    Asked yes or no ("is Mistral getting more chips than Nebius and Nscale?"), sides whose figures settle nothing
    (18,000 against "thousands") still get both facts, for the asker to weigh, but never with the confidence of a
    reply that says yes or no.
    """
    other = builder.entry_answer(None, partner.candidate.kind, partner.candidate.id, partner.confidence)
    if other is None:
        return answer
    cites = answer.citations + tuple(c for c in other.citations if c not in answer.citations)
    first, second = answer.text or "", other.text or ""
    verdict = _which_is_more(first, second)
    text = " ".join(p for p in (first, second, verdict) if p)
    confidence = min(answer.confidence, partner.confidence + (1 - partner.confidence) / 2)
    if yesno and not verdict:
        confidence = min(confidence, t.UNSETTLED_CAP)
    return Answer(answer.question, "answered", text, confidence, cites, answer.match)


def _which_is_more(first: str, second: str) -> str:
    """A plain comparison of the two sides' figures, only when each gives exactly one count (said once or more)."""
    ones = list({n.value: n for n in reversed(find_numbers(first)) if n.kind == "number"}.values())
    twos = list({n.value: n for n in reversed(find_numbers(second)) if n.kind == "number"}.values())
    if len(ones) != 1 or len(twos) != 1 or ones[0].value == twos[0].value:
        return ""
    big, small = (ones[0], twos[0]) if ones[0].value > twos[0].value else (twos[0], ones[0])
    return f"So {big.text} is more than {small.text}."


def _without_unmet(best: Scored) -> float:
    return best.confidence / (t.UNMET_PENALTY ** len(best.unmet))


_BARE_YES = re.compile(r"Yes\.\s+")
"""A curated answer's own "Yes." before its statement: no reply to a question that asked something else."""


_OPPOSITES = (
    (r"ahead|leads?|leading|in front", r"behind|lags?|lagging|trails?|trailing"),
    (r"more|bigger|larger|higher|greater", r"less|fewer|smaller|lower"),
    (r"faster|sooner|earlier", r"slower|later"),
)
"""Pairs of opposite ranking words: a curated "Yes." for "is Europe behind the US?" is a "No" to "is it ahead?"."""


def _turned(question: str, answer: str) -> bool:
    """Whether a yes/no question ranks the other way from the curated answer's statement.

    It uses one word of an opposite pair that the answer lacks, and the answer uses the other.
    """
    for one, other in _OPPOSITES:
        for asked, stated in ((one, other), (other, one)):
            said = re.compile(rf"\b(?:{asked})\b", re.IGNORECASE)
            if said.search(question) and not said.search(answer) and re.search(rf"\b(?:{stated})\b", answer, re.I):
                return True
    return False


def _states_verdict(text: str) -> bool:
    """A curated answer that already opens with its own yes or no."""
    return text.lower().startswith(("yes", "no,", "no.", "no:", "not "))
