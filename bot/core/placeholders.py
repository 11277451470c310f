"""FAQ answers built from facts: ``{fact:ID}`` in an answer stands for that fact's current statement.

An answer written as "Mistral Compute will run on {fact:mistral-compute-chips:figure} Grace Blackwell
chips." shows whatever the fact says now: one fact edit (or a newer fact
superseding it) updates every answer citing it. ``{fact:ID}`` is the whole
statement, ``{fact:ID:figure}`` its first figure as written ("18,000").
A placeholder names a fact the entry rests on; the loader's number rule is
applied to the rendered text (``bot.core.validation``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from bot.core.models import Fact
from bot.core.numbers import numbers_as_written
from bot.core.supersession import current

PLACEHOLDER = re.compile(r"\{fact:(?P<id>[a-z0-9]+(?:-[a-z0-9]+)*)(?::(?P<part>figure))?\}")
ANY_BRACES = re.compile(r"\{fact:[^{}]*\}")
"""Anything written like a placeholder, to report the malformed ones."""
_CLOSING = ".,;:!?)"


def cited(answer: str) -> tuple[str, ...]:
    """The fact ids an answer's placeholders name, once each, in order."""
    return tuple(dict.fromkeys(m["id"] for m in PLACEHOLDER.finditer(answer)))


def malformed(answer: str) -> list[str]:
    """Text written like a placeholder that is not one (``{fact:Bad Id}``, ``{fact:x:price}``)."""
    return [m.group(0) for m in ANY_BRACES.finditer(answer) if not PLACEHOLDER.fullmatch(m.group(0))]


def has_placeholders(answer: str) -> bool:
    """True when the answer cites at least one fact by placeholder."""
    return PLACEHOLDER.search(answer) is not None


def figure(statement: str) -> str | None:
    """A statement's first figure as written, or None when it states none."""
    found = numbers_as_written(statement)
    return found[0] if found else None


def render(answer: str, facts: Mapping[str, Fact]) -> str:
    """The answer with each placeholder replaced by what its fact (its current successor) says now.

    A placeholder naming no known fact is left as written; validation refuses such an answer.
    """

    def replace(match: re.Match[str]) -> str:
        fact_id = current(match["id"], facts)
        fact = facts.get(fact_id)
        if fact is None:
            return match.group(0)
        if match["part"] == "figure":
            return figure(fact.statement) or fact.statement
        text = fact.statement.strip()
        following = answer[match.end():].lstrip()[:1]
        if text.endswith(".") and following and following in _CLOSING:
            text = text[:-1]
        return text

    return PLACEHOLDER.sub(replace, answer)


def resolved(answer: str, facts: Mapping[str, Fact]) -> tuple[str, ...]:
    """The facts a rendered answer shows: each placeholder's current fact, once each, in order."""
    return tuple(dict.fromkeys(current(fact_id, facts) for fact_id in cited(answer) if fact_id in facts))
