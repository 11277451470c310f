"""Scores the bot on a question set in the format of the shared development set.

The rules are the judge's: an in-scope question is right when it is answered
and every expected group has a string in the answer or its quotes (thousands
separators folded); an out-of-scope one is right when it is not answered; and
every quote must occur verbatim in a source.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.core.models import Answer, Source
from bot.core.text import fold_quote


def judge_fold(text: str | None) -> str:
    """The judge's fold for expected strings: case, curly quotes, thousands separators, spaces."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    text = text.replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
    text = re.sub(r"(?<=\d)[,\s.'\u202f\u00a0](?=\d{3}\b)", "", text)
    return re.sub(r"\s+", " ", text)


@dataclass(frozen=True)
class Item:
    """One question of a set."""

    q: str
    expect: tuple[tuple[str, ...], ...] = ()
    abstain: bool = False
    tags: tuple[str, ...] = ()
    lang: str | None = None
    """The language the set says the question is in (None: the bot's own guess is reported)."""


@dataclass
class Report:
    """Counts per tag and overall, and the failures."""

    inscope_ok: int = 0
    inscope_n: int = 0
    abstain_ok: int = 0
    abstain_n: int = 0
    unsourced: int = 0
    bad_quotes: int = 0
    by_tag: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    failures: list[tuple[Item, Answer]] = field(default_factory=list)
    bins: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    """Answered questions by confidence band: [right, total], to see whether confidence means what it says."""
    bins_by: dict[str, dict[str, list[int]]] = field(default_factory=lambda: defaultdict(
        lambda: defaultdict(lambda: [0, 0])))
    """The same bands per kind of question (``kind:chat``) and per language (``lang:zh``)."""
    by_lang: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))

    @property
    def accuracy(self) -> float:
        """Share of in-scope questions answered correctly."""
        return self.inscope_ok / max(self.inscope_n, 1)

    @property
    def abstention(self) -> float:
        """Share of out-of-scope questions not answered."""
        return self.abstain_ok / max(self.abstain_n, 1)

    def lines(self, *, show_failures: bool = False, bands: bool = False) -> list[str]:
        """The report as the judge prints it (``bands``: confidence bands per kind and per language too)."""
        out = [f"  {tag:6s} {ok:3d}/{n:<3d}" for tag, (ok, n) in sorted(self.by_tag.items())]
        out += [f"  lang:{lang:3s} {ok:3d}/{n:<3d}" for lang, (ok, n) in sorted(self.by_lang.items())]
        if show_failures:
            for item, ans in self.failures:
                text = (ans.text or "").replace("\n", " ")[:120]
                tags = ",".join(item.tags)
                out.append(f"FAIL [{tags}] {item.q!r} -> {ans.status} conf={ans.confidence:.2f} {text!r}")
        for band, (ok, n) in sorted(self.bins.items()):
            out.append(f"  answered with confidence {band}: {ok}/{n} right")
        if bands:
            for group, table in sorted(self.bins_by.items()):
                cells = "  ".join(f"{band} {ok}/{n}" for band, (ok, n) in sorted(table.items()))
                out.append(f"  bands {group:12s} {cells}")
        out.append(f"sources: {self.unsourced} answers without a source, "
                   f"{self.bad_quotes} quotes not found verbatim in a source")
        out.append(f"answered correctly {self.inscope_ok}/{self.inscope_n} = {self.accuracy:.1%}; "
                   f"abstained {self.abstain_ok}/{self.abstain_n} = {self.abstention:.1%}")
        return out


def load_items(path: Path) -> list[Item]:
    """Read a question set."""
    rows: list[dict[str, Any]] = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [
        Item(str(r.get("q") or ""), tuple(tuple(str(s) for s in g) for g in r.get("expect") or ()),
             bool(r.get("abstain")), tuple(r.get("tags") or ()), str(r["lang"]) if r.get("lang") else None)
        for r in rows
    ]


def is_correct(item: Item, answer: Answer) -> bool:
    """The judge's verdict on one answer: the whole reply counts, the answers to a message's other questions too.

    A message that asks two things gets one reply with both answers (``ask --json``: the main one in the top
    fields, the others in ``parts``), so it is right when the reply as a whole holds every expected group.
    """
    if item.abstain:
        return answer.status != "answered"
    if answer.status != "answered":
        return False
    replies = answer.all_parts
    text = judge_fold(" ".join([*(a.text or "" for a in replies), *(c.quote for a in replies for c in a.citations)]))
    return all(any(judge_fold(alt) in text for alt in group) for group in item.expect)


def evaluate(items: Sequence[Item], ask: Callable[[str], Answer], sources: Iterable[Source],
             language: Callable[[str], str] | None = None) -> Report:
    """Ask every question and score the answers (``language`` guesses a question's language when the set is silent)."""
    texts = [fold_quote(s.text) for s in sources]
    report = Report()
    for item in items:
        answer = ask(item.q)
        if answer.status == "answered":
            if not answer.citations:
                report.unsourced += 1
            report.bad_quotes += sum(
                1 for part in answer.all_parts for c in part.citations
                if not any(fold_quote(c.quote) in t for t in texts)
            )
        ok = is_correct(item, answer)
        lang = item.lang or (language(item.q) if language else "?")
        if answer.status == "answered":
            band = _band(answer.confidence)
            report.bins[band][0] += ok
            report.bins[band][1] += 1
            for group in (*(f"kind:{tag}" for tag in item.tags), f"lang:{lang}"):
                report.bins_by[group][band][0] += ok
                report.bins_by[group][band][1] += 1
        report.by_lang[lang][0] += ok
        report.by_lang[lang][1] += 1
        if item.abstain:
            report.abstain_n += 1
            report.abstain_ok += ok
        else:
            report.inscope_n += 1
            report.inscope_ok += ok
        for tag in item.tags:
            report.by_tag[tag][0] += ok
            report.by_tag[tag][1] += 1
        if not ok:
            report.failures.append((item, answer))
    return report


def _band(confidence: float) -> str:
    low = min(int(confidence * 10), 9) / 10
    return f"{low:.1f}-{low + 0.1:.1f}"
