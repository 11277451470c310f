"""Synthetic knowledge bases of growing size, grown by re-telling the real one.

Moderators will keep adding announcements for years, so the shipped knowledge base (about 1,700 phrasings) says
little about speed. The real entries are re-told in "generations": each generation swaps the named companies,
people and places for new names, the numbers for other numbers and a share of the words for other words of the
same knowledge base. The text stays realistic (same sentence shapes, a Zipf-like vocabulary, entities that
recur), so the inverted index's candidate filter is exercised the way it would be.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import dataclass, replace

from bot.core.analyzer import ENTITY_KINDS
from bot.core.loader import KnowledgeData
from bot.core.models import Alias, Fact, FaqEntry
from bot.core.tuning import AMBIENT_SHARE

DEFAULT_SIZES = (1_000, 10_000, 100_000)
"""FAQ phrasings (each entry's question and its alternate phrasings) per synthetic knowledge base."""

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
"""A number as written, separators included ("18,000", "1.5"), so its replacement can keep the same format.

``bot.core.text`` folds numbers before it finds them ("18,000" -> "18000") and offers no match positions, so
it cannot rewrite a number in place; this pattern stays here.
"""
_WORD = re.compile(r"\b[A-Za-z]{5,}\b")
_SYLLABLES = (
    "ka", "lo", "ven", "tra", "mir", "dal", "os", "ne", "ri", "bel", "tor", "san", "vik", "ar", "lu", "zen",
    "mo", "pra", "sil", "dor", "qua", "fen", "gri", "hal", "bo", "ste", "nu", "cor", "el", "fa",
)


@dataclass
class _Generation:
    """One re-telling of the whole knowledge base: its own names, numbers and words."""

    rng: random.Random
    entities: dict[str, str]
    """Real canonical name -> this generation's name."""
    words: dict[str, str]
    numbers: dict[str, str]

    def number(self, text: str) -> str:
        if text not in self.numbers:
            self.numbers[text] = _other_number(self.rng, text)
        return self.numbers[text]


def _other_number(rng: random.Random, text: str) -> str:
    digits = re.sub(r"\D", "", text)
    if len(digits) == 4 and digits[:2] in ("19", "20"):
        return str(int(digits) + rng.randint(1, 12))
    if "." in text and "," not in text:
        return f"{rng.randint(1, 99)}.{rng.randint(1, 9)}"
    value = rng.randint(10 ** (len(digits) - 1) if len(digits) > 1 else 1, 10 ** len(digits) - 1)
    return f"{value:,}" if "," in text else str(value)


class Synthesizer:
    """Grows a real knowledge base into a synthetic one of a given number of phrasings."""

    def __init__(self, real: KnowledgeData, *, name_pool: int = 64, seed: int = 0) -> None:
        self.real = real
        self.seed = seed
        counts = Counter(e for f in real.facts for e in f.entities)
        ambient = {e for e, n in counts.items() if n > AMBIENT_SHARE * max(len(real.facts), 1)}
        self._kind: dict[str, str] = {}
        names: dict[str, str] = {}
        for alias in real.aliases:
            if alias.kind not in ENTITY_KINDS or alias.canonical in ambient:
                continue
            self._kind[alias.canonical] = alias.kind
            for name in (alias.canonical, *alias.aliases):
                names.setdefault(name.lower(), alias.canonical)
        self._names = names
        alternation = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
        self._entity_re = re.compile(rf"(?<!\w)(?:{alternation})(?!\w)", re.IGNORECASE) if names else None
        taken = set(names)
        vocab = {w.lower() for f in real.facts for w in _WORD.findall(f.statement)}
        vocab |= {w.lower() for e in real.faq for w in _WORD.findall(e.answer)}
        self._vocab = sorted(w for w in vocab if w not in taken)
        rng = random.Random(seed)
        self._pool: dict[str, list[str]] = {
            kind: sorted({_pseudo_name(rng, 2 if kind == "person" else 1) for _ in range(name_pool)})
            for kind in ENTITY_KINDS
        }

    def generation(self, number: int) -> _Generation:
        """Generation 0 is the real knowledge base; every later one has its own substitutions."""
        rng = random.Random(self.seed * 1_000_003 + number)
        if number == 0:
            return _Generation(rng, {}, {}, {})
        entities = {canon: rng.choice(self._pool[kind]) for canon, kind in sorted(self._kind.items())}
        swapped = rng.sample(self._vocab, len(self._vocab) // 5)
        words = {w: rng.choice(self._vocab) for w in swapped}
        return _Generation(rng, entities, words, {})

    def rewrite(self, text: str, gen: _Generation) -> str:
        """The text with this generation's names, numbers and words."""
        if not gen.entities:
            return text
        if self._entity_re is not None:
            text = self._entity_re.sub(lambda m: gen.entities[self._names[m.group(0).lower()]], text)
        text = _NUMBER.sub(lambda m: gen.number(m.group(0)), text)
        return _WORD.sub(lambda m: _same_case(m.group(0), gen.words.get(m.group(0).lower())), text)

    def build(self, phrasings: int) -> KnowledgeData:
        """FAQ entries (real ones first) and the facts they rest on, until ``phrasings`` are reached."""
        faq: list[FaqEntry] = []
        facts: list[Fact] = []
        aliases: list[Alias] = list(self.real.aliases)
        count = number = 0
        while count < phrasings and self.real.faq:
            gen = self.generation(number)
            tag = "" if number == 0 else f"~g{number}"
            used: set[str] = set()
            complete = True
            for entry in self.real.faq:
                if count >= phrasings:
                    complete = False
                    break
                kept = entry.phrasings[: phrasings - count - 1]  # the last entry stops at the size asked for
                faq.append(replace(
                    entry, id=entry.id + tag, question=self.rewrite(entry.question, gen),
                    answer=self.rewrite(entry.answer, gen), facts=tuple(f + tag for f in entry.facts),
                    phrasings=tuple(self.rewrite(p, gen) for p in kept),
                ))
                used.update(entry.facts)
                count += 1 + len(kept)
            for fact in self.real.facts:
                if complete or fact.id in used:
                    facts.append(replace(
                        fact, id=fact.id + tag, statement=self.rewrite(fact.statement, gen),
                        quote=self.rewrite(fact.quote, gen),
                        entities=tuple(gen.entities.get(e, e) for e in fact.entities),
                    ))
            aliases += [Alias(new, self._kind[old], ()) for old, new in sorted(gen.entities.items())]
            number += 1
        unique = {a.canonical: a for a in aliases}
        return replace(self.real, faq=tuple(faq), facts=tuple(facts), aliases=tuple(unique.values()))


def _pseudo_name(rng: random.Random, parts: int) -> str:
    return " ".join(
        "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize() for _ in range(parts)
    )


def _same_case(original: str, new: str | None) -> str:
    if new is None:
        return original
    return new.capitalize() if original[:1].isupper() else new


def synthesize(real: KnowledgeData, phrasings: int, *, seed: int = 0) -> KnowledgeData:
    """A synthetic knowledge base of about ``phrasings`` FAQ phrasings plus facts, grown from ``real``."""
    return Synthesizer(real, name_pool=max(64, phrasings // 40), seed=seed).build(phrasings)


def phrasing_count(data: KnowledgeData) -> int:
    """FAQ phrasings: each entry's question and its alternate phrasings."""
    return sum(1 + len(e.phrasings) for e in data.faq)


def phrasings_of(data: KnowledgeData) -> list[str]:
    """Every FAQ phrasing, in order: what the baselines search."""
    return [p for e in data.faq for p in (e.question, *e.phrasings)]
