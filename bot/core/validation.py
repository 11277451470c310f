"""The rules every fact, FAQ entry and source must keep, wherever it comes from.

The loader, moderators' edits and imports all call these, so a rule holds the
same for the shipped data, a chat edit and a YAML import: a quote is verbatim
in its source, every number an answer states is in the quotes behind it, and
nothing can smuggle a mention or a link into every answer. An edit checks
only the entry it changes and the entries resting on it
(:func:`affected_problems`), and shows a refused number beside the ones its
quotes give (:func:`number_hints`).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.core import placeholders
from bot.core.models import Alias, Fact, FaqEntry, Source, Topic
from bot.core.numbers import numbers_as_written
from bot.core.supersession import current, loop_through
from bot.core.text import fold_quote, numbers_in

if TYPE_CHECKING:
    from bot.core.loader import KnowledgeData

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_ID = 64
MAX_STATEMENT = 500
MAX_ANSWER = 1500
MAX_QUOTE = 1000
MAX_QUESTION = 300
MAX_TITLE = 200
MAX_SOURCE_TEXT = 200_000

_SMUGGLED = re.compile(r"@everyone|@here|<[@#!]|\]\(|https?://|discord\.gg/", re.IGNORECASE)
_URL = re.compile(r"^https?://[^\s<>\"']+$")
_DATE = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
MAX_NOTES = 1000


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one entry, worded for the person who must fix it."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class ValidationError(ValueError):
    """Raised with every problem found, so one run shows them all."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(str(p) for p in self.problems))


def check_id(kind: str, value: str) -> list[Problem]:
    """Ids are short lowercase words joined by hyphens."""
    if not value or len(value) > MAX_ID or not ID_PATTERN.match(value):
        return [Problem(f"{kind} {value!r}", "ids are lowercase letters and digits joined by hyphens")]
    return []


def check_text(where: str, field: str, value: str | None, limit: int, *, required: bool = True) -> list[Problem]:
    """Required, within its length, and free of mentions and links."""
    if value is None or not value.strip():
        return [Problem(where, f"{field} is required")] if required else []
    problems = []
    if len(value) > limit:
        problems.append(Problem(where, f"{field} is {len(value)} characters; at most {limit}"))
    if _SMUGGLED.search(value):
        problems.append(Problem(where, f"{field} may not contain mentions (@everyone, <@...>) or links"))
    return problems


def is_date(value: str) -> bool:
    """An ISO 8601 calendar date, or its year and month, or its year: 2025-06-11, 2025-06 or 2025."""
    match = _DATE.match(value)
    if match is None:
        return False
    try:
        datetime.date(int(match["year"]), int(match["month"] or 1), int(match["day"] or 1))
    except ValueError:
        return False
    return True


def check_date(where: str, field: str, value: str | None) -> list[Problem]:
    """Empty (unknown), or a real ISO date: never a guess written as a date."""
    if value is None or is_date(value):
        return []
    return [Problem(where, f"{field} {value!r} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)")]


def check_url(where: str, value: str | None) -> list[Problem]:
    """Empty (unknown), or an http(s) address."""
    if value is None or _URL.match(value):
        return []
    return [Problem(where, f"url {value!r} is not an http(s) address")]


def quote_in_source(quote: str, source_text: str) -> bool:
    """Verbatim, ignoring only case, typographic quote marks and white space."""
    return bool(quote.strip()) and fold_quote(quote) in fold_quote(source_text)


def missing_numbers(text: str, quotes: Iterable[str]) -> set[str]:
    """Numbers the text states that none of the quotes does."""
    backed: set[str] = set()
    for quote in quotes:
        backed |= numbers_in(quote)
    return set(numbers_in(text)) - backed


def check_source(source: Source) -> list[Problem]:
    """A source needs an id and its text; unknown metadata stays empty, never guessed."""
    where = f"source {source.id!r}"
    problems = check_id("source", source.id)
    problems += check_text(where, "title", source.title, MAX_TITLE, required=False)
    problems += check_text(where, "publisher", source.publisher, MAX_TITLE, required=False)
    problems += check_text(where, "notes", source.notes, MAX_NOTES, required=False)
    if not _LANGUAGE.match(source.language or ""):
        problems.append(Problem(where, f"language {source.language!r} is not a language code (en, fr, pt-BR)"))
    if not source.text or not source.text.strip():
        problems.append(Problem(where, "text is required (the full article)"))
    elif len(source.text) > MAX_SOURCE_TEXT:
        problems.append(Problem(where, f"text is longer than {MAX_SOURCE_TEXT} characters"))
    problems += check_url(where, source.url)
    problems += check_date(where, "published", source.published)
    return problems


def check_fact(fact: Fact, sources: Mapping[str, Source], topics: Mapping[str, Topic],
               facts: Mapping[str, Fact] | None = None) -> list[Problem]:
    """A fact's quote is in its source and backs every number its statement states; its successor exists."""
    where = f"fact {fact.id!r}"
    problems = check_id("fact", fact.id)
    problems += check_text(where, "statement", fact.statement, MAX_STATEMENT)
    if not fact.quote.strip():
        problems.append(Problem(where, "quote is required: no fact without a verbatim quote"))
    elif len(fact.quote) > MAX_QUOTE:
        problems.append(Problem(where, f"quote is {len(fact.quote)} characters; at most {MAX_QUOTE}"))
    source = sources.get(fact.source_id)
    if source is None:
        problems.append(Problem(where, f"unknown source {fact.source_id!r}"))
    elif fact.quote.strip() and not quote_in_source(fact.quote, source.text):
        problems.append(Problem(where, f"quote does not occur verbatim in source {fact.source_id!r}: {fact.quote!r}"))
    missing = missing_numbers(fact.statement, [fact.quote])
    if missing:
        problems.append(Problem(where, f"statement states {_numbers(missing)}, which its quote does not"))
    problems += [Problem(where, f"unknown topic {t!r}") for t in fact.topics if t not in topics]
    problems += check_date(where, "as_of", fact.as_of)
    if fact.superseded_by is not None:
        if fact.superseded_by == fact.id:
            problems.append(Problem(where, "cannot supersede itself"))
        elif facts is not None and fact.superseded_by not in facts:
            problems.append(Problem(where, f"superseded by unknown fact {fact.superseded_by!r}"))
        elif facts is not None and loop_through(fact.id, facts):
            problems.append(Problem(where, "its supersessions go round in a loop"))
    return problems


def check_faq(entry: FaqEntry, facts: Mapping[str, Fact], topics: Mapping[str, Topic]) -> list[Problem]:
    """An FAQ answer rests on existing facts and states no number their quotes lack."""
    where = f"faq {entry.id!r}"
    problems = check_id("faq", entry.id)
    problems += check_text(where, "question", entry.question, MAX_QUESTION)
    problems += check_text(where, "answer", entry.answer, MAX_ANSWER)
    if not entry.facts:
        problems.append(Problem(where, "needs at least one fact behind its answer"))
    unknown = [f for f in entry.facts if f not in facts]
    problems += [Problem(where, f"unknown fact {f!r}") for f in unknown]
    problems += [Problem(where, f"{text!r} is not a placeholder: write {{fact:ID}} or {{fact:ID:figure}}")
                 for text in placeholders.malformed(entry.answer)]
    for fact_id in placeholders.cited(entry.answer):
        if fact_id not in entry.facts:
            problems.append(Problem(where, f"answer cites {{fact:{fact_id}}}, which is not one of its facts "
                                           f"(add it to the entry's facts)"))
    if not unknown and entry.answer:
        text, quotes = rendered_answer(entry, facts)
        missing = missing_numbers(text, quotes)
        if missing:
            problems.append(Problem(where, f"answer states {_numbers(missing)}, which none of its facts' quotes does"))
    for phrasing in entry.phrasings:
        problems += check_text(where, "phrasing", phrasing, MAX_QUESTION)
    problems += [Problem(where, f"unknown topic {t!r}") for t in entry.topics if t not in topics]
    return problems


def rendered_answer(entry: FaqEntry, facts: Mapping[str, Fact]) -> tuple[str, list[str]]:
    """The answer as users read it (placeholders filled in) and the quotes behind it.

    The quotes are those of the entry's facts and of the current facts its placeholders show.
    """
    text = placeholders.render(entry.answer, facts)
    shown = [f for f in entry.facts if f in facts]
    shown += [current(f, facts) for f in placeholders.cited(entry.answer) if f in facts]
    return text, [facts[f].quote for f in dict.fromkeys(shown)]


def check_alias(alias: Alias) -> list[Problem]:
    """An alias needs a name and at least one other name; only a company has a home country."""
    where = f"alias {alias.canonical!r}"
    problems = check_text(where, "canonical", alias.canonical, MAX_TITLE)
    if not alias.aliases:
        problems.append(Problem(where, "needs at least one alias"))
    for name in alias.aliases:
        problems += check_text(where, "alias", name, MAX_TITLE)
    if alias.home is not None:
        problems += check_text(where, "home", alias.home, MAX_TITLE)
        if alias.kind != "company":
            problems.append(Problem(where, "only a company has a home country"))
    return problems


MAX_TOPIC_DESCRIPTION = 500
"""A topic's description is one or two sentences under its title in ``/nvidia topics`` (the shipped ones: < 100)."""


def check_topic(topic: Topic) -> list[Problem]:
    """A topic is shown to everyone in ``/nvidia topics``: a proper id, a title, and no mentions or links."""
    where = f"topic {topic.id!r}"
    problems = check_id("topic", topic.id)
    problems += check_text(where, "title", topic.title, MAX_TITLE)
    problems += check_text(where, "description", topic.description, MAX_TOPIC_DESCRIPTION, required=False)
    return problems


def duplicates(kind: str, ids: Iterable[str]) -> list[Problem]:
    """Every id is used once."""
    seen: set[str] = set()
    problems = []
    for value in ids:
        if value in seen:
            problems.append(Problem(f"{kind} {value!r}", "id is used more than once"))
        seen.add(value)
    return problems


def _numbers(values: set[str]) -> str:
    return ", ".join(sorted(values))


# -- one entry and the entries resting on it (for moderators' edits) -------------------------------------


def affected_problems(data: KnowledgeData, entity: str, key: str) -> list[Problem]:
    """The rules for one entry and for every entry that rests on it (a source's facts, a fact's FAQ entries)."""
    check = _AFFECTED.get(entity)
    return check(data, key) if check else []


def _source_affected(data: KnowledgeData, key: str) -> list[Problem]:
    sources, topics = {s.id: s for s in data.sources}, {t.id: t for t in data.topics}
    facts = {f.id: f for f in data.facts}
    problems = check_source(sources[key]) if key in sources else []
    return problems + [p for f in data.facts if f.source_id == key for p in check_fact(f, sources, topics, facts)]


def _fact_affected(data: KnowledgeData, key: str) -> list[Problem]:
    sources, topics = {s.id: s for s in data.sources}, {t.id: t for t in data.topics}
    facts = {f.id: f for f in data.facts}
    problems = check_fact(facts[key], sources, topics, facts) if key in facts else []
    return problems + [p for e in data.faq if rests_on(e, key, facts) for p in check_faq(e, facts, topics)]


def rests_on(entry: FaqEntry, fact_id: str, facts: Mapping[str, Fact]) -> bool:
    """Whether an FAQ entry's answer depends on a fact: it links it, or a fact it links is now shown as it."""
    return fact_id in entry.facts or any(current(f, facts) == fact_id for f in entry.facts if f in facts)


def _faq_affected(data: KnowledgeData, key: str) -> list[Problem]:
    facts, topics = {f.id: f for f in data.facts}, {t.id: t for t in data.topics}
    return [p for e in data.faq if e.id == key for p in check_faq(e, facts, topics)]


def _alias_affected(data: KnowledgeData, key: str) -> list[Problem]:
    return [p for a in data.aliases if a.canonical == key for p in check_alias(a)]


def _topic_affected(data: KnowledgeData, key: str) -> list[Problem]:
    return [p for t in data.topics if t.id == key for p in check_topic(t)]


_AFFECTED: Mapping[str, Callable[[KnowledgeData, str], list[Problem]]] = {
    "source": _source_affected, "fact": _fact_affected, "faq": _faq_affected, "alias": _alias_affected,
    "topic": _topic_affected,
}


def number_hints(data: KnowledgeData, entity: str, key: str) -> list[Problem]:
    """A refused number shown next to the numbers its quotes do give, so 1,800 for 18,000 is plain to see."""
    said = _NUMBERS_SAID.get(entity)
    found = said(data, key) if said else None
    if found is None:
        return []
    label, text, quotes, quoted = found
    missing = missing_numbers(text, quotes)
    if not missing:
        return []
    typed = [n for n in numbers_as_written(text) if numbers_in(n) & missing]
    backed = [n for q in quotes for n in numbers_as_written(q)]
    given = ", ".join(dict.fromkeys(backed)) if backed else "no number"
    return [Problem(f"{entity} {key!r}", f"mismatch: the {label} says {', '.join(typed)} but {quoted} {given}")]


def _fact_numbers(data: KnowledgeData, key: str) -> tuple[str, str, list[str], str] | None:
    fact = next((f for f in data.facts if f.id == key), None)
    return ("statement", fact.statement, [fact.quote], "its quote says") if fact else None


def _faq_numbers(data: KnowledgeData, key: str) -> tuple[str, str, list[str], str] | None:
    entry = next((e for e in data.faq if e.id == key), None)
    facts = {f.id: f for f in data.facts}
    if entry is None or any(f not in facts for f in entry.facts):
        return None
    text, quotes = rendered_answer(entry, facts)
    return "answer", text, quotes, "its facts' quotes say"


_NUMBERS_SAID: Mapping[str, Callable[[KnowledgeData, str], tuple[str, str, list[str], str] | None]] = {
    "fact": _fact_numbers, "faq": _faq_numbers,
}


def check_entity_names(fact: Fact) -> list[Problem]:
    """The names a moderator tags a fact with: short, and free of mentions and links."""
    return [p for name in fact.entities for p in check_text(f"fact {fact.id!r}", "entity", name, MAX_TITLE)]
