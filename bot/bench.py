"""The speed benchmark: the real matcher beside two obvious baselines, on knowledge bases of growing size.

Moderators will keep adding announcements for years, so the shipped knowledge base (about 600 phrasings) says
little about speed. The benchmark grows it by re-telling the real entries in "generations": each generation
swaps the named companies, people and places for new names, the numbers for other numbers and a share of the
words for other words of the same knowledge base. The text stays realistic (same sentence shapes, a Zipf-like
vocabulary, entities that recur), so the inverted index's candidate filter is exercised the way it would be.

Each size is measured in a fresh process (``spawn``), so its resident memory and its caches are its own.
Timings are reported, never asserted: the machines are shared and noisy.
"""

from __future__ import annotations

import gc
import math
import multiprocessing
import os
import pickle
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TextIO

import sqlite_utils
import yaml
from rapidfuzz import fuzz, process, utils

from bot.core.analyzer import ENTITY_KINDS
from bot.core.index import AMBIENT_SHARE, Index
from bot.core.loader import DEFAULT_DATA_DIR, KnowledgeData, load_data
from bot.core.matcher import Matcher
from bot.core.models import Alias, Fact, FaqEntry

DEFAULT_SIZES = (1_000, 10_000, 100_000)
"""FAQ phrasings (each entry's question and its alternate phrasings) per synthetic knowledge base."""
DEV_QUESTIONS = Path(__file__).resolve().parent.parent / "tests" / "data" / "dev-questions.yaml"
MATCHER_ROUNDS = 3
"""Timed passes of the matcher over the question set (after one warm-up pass)."""
BASELINE_ROUNDS = 1
"""Timed passes of each baseline: they are slow at 100k, and their spread is small."""
TARGET_P99_MS = {10_000: 5.0, 100_000: 25.0}
TARGET_GROWTH = 0.5
"""A fitted exponent below this is "clearly sub-linear" (linear is 1.0)."""
TARGET_COLD_START_S = 1.0
TARGET_RSS_MB = 150.0
COLD_START_QUESTION = "How many chips will Mistral Compute use?"

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_WORD = re.compile(r"\b[A-Za-z]{5,}\b")
_SYLLABLES = (
    "ka", "lo", "ven", "tra", "mir", "dal", "os", "ne", "ri", "bel", "tor", "san", "vik", "ar", "lu", "zen",
    "mo", "pra", "sil", "dor", "qua", "fen", "gri", "hal", "bo", "ste", "nu", "cor", "el", "fa",
)


# -- synthetic knowledge bases ---------------------------------------------------------------------


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
                faq.append(replace(
                    entry, id=entry.id + tag, question=self.rewrite(entry.question, gen),
                    answer=self.rewrite(entry.answer, gen), facts=tuple(f + tag for f in entry.facts),
                    phrasings=tuple(self.rewrite(p, gen) for p in entry.phrasings),
                ))
                used.update(entry.facts)
                count += 1 + len(entry.phrasings)
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


# -- the question set ------------------------------------------------------------------------------

_MISSES = (
    "How many chips is Nvidia sending to {country}?",
    "What did {company} announce in {city}?",
    "How many AI factories are being built in {country}?",
    "Is {person} involved in the data centre in {city}?",
    "Which telcos in {country} work with Nvidia?",
    "What is the weather like in {city} today?",
    "Recommend a good restaurant in {city}",
    "How do I reset my password?",
    "What is the stock price of {company}?",
    "Who won the football match yesterday?",
)


def question_set(real: KnowledgeData, dev_file: Path | None = DEV_QUESTIONS, *, seed: int = 0) -> list[str]:
    """The fixed questions every size is timed on: the development set plus paraphrases, typos and misses.

    Made from the real knowledge base only, so every size answers exactly the same questions.
    """
    rng = random.Random(seed)
    questions: list[str] = []
    if dev_file is not None and dev_file.exists():
        questions += [str(item["q"]) for item in yaml.safe_load(dev_file.read_text(encoding="utf-8")) or []]
    phrasings = sorted({p for e in real.faq for p in (e.question, *e.phrasings)})
    if not phrasings:
        return questions or ["What did NVIDIA announce?"]
    for _ in range(40):
        questions.append(_paraphrase(rng, rng.choice(phrasings)))
    for _ in range(40):
        questions.append(_typos(rng, rng.choice(phrasings)))
    names = {kind: list(real.gazetteer.get(kind, ())) or ["Atlantis"] for kind in ("country", "company", "city",
                                                                                   "person")}
    for _ in range(40):
        template = rng.choice(_MISSES)
        questions.append(template.format(**{k: rng.choice(v) for k, v in names.items()}))
    return questions


def _paraphrase(rng: random.Random, text: str) -> str:
    words = text.rstrip("?!. ").split()
    how = rng.randrange(4)
    if how == 0:
        words = [w for w in words if len(w) > 3]
    elif how == 1 and len(words) > 2:
        i = rng.randrange(len(words) - 1)
        words[i], words[i + 1] = words[i + 1], words[i]
    elif how == 2:
        words = [rng.choice(("hey, ", "quick question: ", "so ", "bot, ")), *words]
    else:
        words = [w.lower() for w in words] + [rng.choice(("please", "exactly", "again"))]
    return " ".join(words).replace(" ,", ",") + rng.choice(("?", "", " ?"))


def _typos(rng: random.Random, text: str) -> str:
    words = text.split()
    long = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
    for i in rng.sample(long, min(len(long), rng.randint(1, 2))):
        w = words[i]
        j = rng.randrange(1, len(w) - 1)
        how = rng.randrange(3)
        if how == 0:
            words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2:]
        elif how == 1:
            words[i] = w[:j] + w[j + 1:]
        else:
            words[i] = w[:j] + w[j] + w[j:]
    return " ".join(words)


# -- the two baselines -----------------------------------------------------------------------------


class WRatioBaseline:
    """rapidfuzz's best WRatio over every phrasing: what one would write first."""

    def __init__(self, phrasings: Sequence[str]) -> None:
        self.choices = [utils.default_process(p) for p in phrasings]

    def ask(self, question: str) -> Any:
        """The closest phrasing (choices are processed once, so only the question is processed per call)."""
        return process.extractOne(utils.default_process(question), self.choices, scorer=fuzz.WRatio)


class Fts5Baseline:
    """SQLite FTS5's bm25 alone, over the phrasings in an in-memory sqlite-utils database."""

    def __init__(self, phrasings: Sequence[str]) -> None:
        self.db = sqlite_utils.Database(memory=True)
        self.db.table("phrasings").insert_all(({"id": i, "text": p} for i, p in enumerate(phrasings)), pk="id")
        self.db.table("phrasings").enable_fts(["text"], tokenize="unicode61 remove_diacritics 2")

    def ask(self, question: str) -> Any:
        """The best bm25 row for any of the question's words."""
        words = sorted({w.lower() for w in re.findall(r"\w+", question)})
        if not words:
            return None
        match = " OR ".join('"' + w + '"' for w in words)
        return self.db.execute(
            "select rowid, bm25(phrasings_fts) as score from phrasings_fts where phrasings_fts match ? "
            "order by score limit 1",
            [match],
        ).fetchone()


# -- measuring -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Latency:
    """Per-question latency in milliseconds."""

    p50_ms: float
    p95_ms: float
    p99_ms: float
    mean_ms: float

    @classmethod
    def of(cls, samples: Sequence[float]) -> Latency:
        """Percentiles by linear interpolation between the closest ranks."""
        return cls(percentile(samples, 50), percentile(samples, 95), percentile(samples, 99),
                   sum(samples) / max(len(samples), 1))


@dataclass(frozen=True)
class SizeResult:
    """Everything measured at one size."""

    entries: int
    faq_entries: int
    facts: int
    candidates: int
    build_s: float
    load_s: float
    """Time to load the built index from its pickle (the start-up cache) instead of building it."""
    rss_mb: float
    """Resident memory the built index added to its process."""
    process_rss_mb: float
    """Resident memory of the whole process holding the knowledge base and its index."""
    matcher: Latency
    matcher_cpu: Latency
    """The matcher's CPU time per question: its own cost, free of what other processes take from it."""
    wratio: Latency
    fts5: Latency
    questions: int
    rounds: int
    load_avg: float
    """The machine's one-minute load average when this size finished (2 cores: above 2 means queuing)."""


def percentile(samples: Sequence[float], pct: float) -> float:
    """The ``pct`` percentile of ``samples`` (0.0 when there are none)."""
    if not samples:
        return 0.0
    ordered = sorted(samples)
    rank = (len(ordered) - 1) * pct / 100
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def rss_mb() -> float:
    """Resident memory of this process now (from /proc; the peak where /proc is missing)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def time_each(
    ask: Callable[[str], object], questions: Sequence[str], rounds: int, warmup: int
) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds per call, over ``rounds`` passes, after ``warmup`` untimed calls."""
    for question in questions[:warmup]:
        ask(question)
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(rounds):
        for question in questions:
            start, start_cpu = time.perf_counter_ns(), time.thread_time_ns()
            ask(question)
            cpu.append((time.thread_time_ns() - start_cpu) / 1e6)
            wall.append((time.perf_counter_ns() - start) / 1e6)
    return wall, cpu


class Progress:
    """A one-line progress bar on stderr (plain lines when stderr is not a terminal)."""

    def __init__(self, total: int, stream: TextIO | None = None, enabled: bool = True) -> None:
        self.total = max(total, 1)
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.tty = self.stream.isatty()

    @contextmanager
    def step(self, done: int, label: str) -> Iterator[None]:
        """Show ``label`` as step ``done + 1``; on a terminal the elapsed seconds tick while it runs."""
        if not self.enabled:
            yield
            return
        start = time.monotonic()
        stop = threading.Event()

        def draw(final: bool = False) -> None:
            filled = round(20 * (done + final) / self.total)
            bar = "#" * filled + "-" * (20 - filled)
            line = f"[{bar}] {done + final}/{self.total} {label} {time.monotonic() - start:5.1f}s"
            if self.tty:
                self.stream.write("\r" + line.ljust(78) + ("\n" if final and done + 1 == self.total else ""))
            elif final:
                self.stream.write(line + "\n")
            self.stream.flush()

        def tick() -> None:
            while not stop.wait(0.5):
                draw()

        ticker = threading.Thread(target=tick, daemon=True) if self.tty else None
        draw()
        if ticker:
            ticker.start()
        try:
            yield
        finally:
            stop.set()
            if ticker:
                ticker.join()
            draw(final=True)


STEPS_PER_SIZE = 4


def measure_size(
    entries: int, questions: Sequence[str], real: KnowledgeData, *, step: int = 0, total: int = 0,
    progress: bool = True, rounds: int = MATCHER_ROUNDS,
) -> SizeResult:
    """Grow ``real`` to ``entries`` phrasings and time the matcher and both baselines on it."""
    bar = Progress(total or STEPS_PER_SIZE, enabled=progress)
    label = f"{entries:>7,} phrasings:"
    with bar.step(step, f"{label} building the index"):
        data = synthesize(real, entries)
        gc.collect()
        before = rss_mb()
        start = time.perf_counter()
        index = Index.build(data)
        build_s = time.perf_counter() - start
        gc.collect()
        process_mb = rss_mb()
        blob = pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL)
        start = time.perf_counter()
        pickle.loads(blob)
        load_s = time.perf_counter() - start
        del blob
        gc.collect()
    matcher = Matcher(index)
    with bar.step(step + 1, f"{label} timing the matcher"):
        matcher_ms, matcher_cpu = time_each(matcher.match, questions, rounds, len(questions))
    phrasings = [p for e in data.faq for p in (e.question, *e.phrasings)]
    with bar.step(step + 2, f"{label} timing WRatio"):
        wratio = WRatioBaseline(phrasings)
        wratio_ms, _ = time_each(wratio.ask, questions, BASELINE_ROUNDS, 10)
        del wratio
    with bar.step(step + 3, f"{label} timing FTS5 bm25"):
        fts5 = Fts5Baseline(phrasings)
        fts5_ms, _ = time_each(fts5.ask, questions, BASELINE_ROUNDS, 10)
        fts5.db.close()
    return SizeResult(
        phrasing_count(data), len(data.faq), len(data.facts), len(index.candidates), build_s, load_s,
        max(process_mb - before, 0.0), process_mb, Latency.of(matcher_ms), Latency.of(matcher_cpu),
        Latency.of(wratio_ms), Latency.of(fts5_ms), len(questions), rounds, _load_average(),
    )


def _load_average() -> float:
    try:
        return os.getloadavg()[0]
    except OSError:
        return 0.0


@dataclass(frozen=True)
class Report:
    """The benchmark's results for every size, and how the costs grow."""

    sizes: tuple[SizeResult, ...]

    @property
    def growth_exponent(self) -> float:
        """The matcher's fitted exponent: p50 ~ entries ** k (0.0 with fewer than two sizes)."""
        return growth_exponent([(s.entries, s.matcher.p50_ms) for s in self.sizes])

    def to_json(self) -> dict[str, Any]:
        """The ``bench --json`` object, exactly as the issue specifies it."""
        return {
            "sizes": [
                {
                    "entries": s.entries, "build_s": round(s.build_s, 4), "rss_mb": round(s.rss_mb, 2),
                    "p50_ms": round(s.matcher.p50_ms, 4), "p95_ms": round(s.matcher.p95_ms, 4),
                    "p99_ms": round(s.matcher.p99_ms, 4),
                    "baselines": {
                        "wratio": {"p50_ms": round(s.wratio.p50_ms, 4), "p99_ms": round(s.wratio.p99_ms, 4)},
                        "fts5": {"p50_ms": round(s.fts5.p50_ms, 4), "p99_ms": round(s.fts5.p99_ms, 4)},
                    },
                }
                for s in self.sizes
            ],
            "growth_exponent": round(self.growth_exponent, 4),
        }


def growth_exponent(points: Sequence[tuple[float, float]]) -> float:
    """Least-squares slope of log(cost) over log(size)."""
    pts = [(math.log(n), math.log(c)) for n, c in points if n > 0 and c > 0]
    if len({x for x, _ in pts}) < 2:
        return 0.0
    mx = sum(x for x, _ in pts) / len(pts)
    my = sum(y for _, y in pts) / len(pts)
    return sum((x - mx) * (y - my) for x, y in pts) / sum((x - mx) ** 2 for x, _ in pts)


def run(
    sizes: Sequence[int] = DEFAULT_SIZES, *, isolate: bool = True, progress: bool = True,
    data_dir: Path = DEFAULT_DATA_DIR, rounds: int = MATCHER_ROUNDS, real: KnowledgeData | None = None,
) -> Report:
    """Measure every size, each in a fresh process unless ``isolate`` is off (as in the smoke test).

    ``real`` is the knowledge base to grow (default: ``data_dir``, loaded once and handed to every size).
    """
    real = real if real is not None else load_data(data_dir)
    questions = question_set(real)
    total = STEPS_PER_SIZE * len(sizes)
    results: list[SizeResult] = []
    for i, size in enumerate(sizes):
        kwargs: dict[str, Any] = {"step": STEPS_PER_SIZE * i, "total": total, "progress": progress,
                                  "rounds": rounds}
        if isolate:
            with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
                results.append(pool.submit(measure_size, size, questions, real, **kwargs).result())
        else:
            results.append(measure_size(size, questions, real, **kwargs))
    return Report(tuple(results))


# -- the report ------------------------------------------------------------------------------------


def table(report: Report) -> list[str]:
    """The readable table: one row per size, then the growth exponents."""
    head = (f"{'phrasings':>9} {'entries':>7} {'facts':>6} {'build s':>8} {'load s':>7} {'index MB':>8} "
            f"{'proc MB':>7} | {'matcher p50/p95/p99 ms':>22} | {'CPU p50/p99':>12} | {'WRatio p50/p99':>15} | "
            f"{'FTS5 p50/p99':>13} "
            f"| {'p99 ÷ WRatio':>12} {'÷ FTS5':>7}")
    lines = [head, "-" * len(head)]
    for s in report.sizes:
        m = s.matcher
        lines.append(
            f"{s.entries:>9,} {s.faq_entries:>7,} {s.facts:>6,} {s.build_s:>8.2f} {s.load_s:>7.3f} {s.rss_mb:>8.1f} "
            f"{s.process_rss_mb:>7.1f} | {m.p50_ms:>6.2f} {m.p95_ms:>7.2f} {m.p99_ms:>7.2f} | "
            f"{s.matcher_cpu.p50_ms:>5.2f} {s.matcher_cpu.p99_ms:>6.2f} | "
            f"{s.wratio.p50_ms:>7.2f} {s.wratio.p99_ms:>7.2f} | {s.fts5.p50_ms:>6.2f} {s.fts5.p99_ms:>6.2f} | "
            f"{_ratio(m.p99_ms, s.wratio.p99_ms):>12} {_ratio(m.p99_ms, s.fts5.p99_ms):>7}"
        )
    if report.sizes:
        s = report.sizes[0]
        loads = ", ".join(f"{r.load_avg:.1f}" for r in report.sizes)
        lines.append(f"({s.questions} questions; matcher timed {s.rounds}x, baselines {BASELINE_ROUNDS}x; "
                     "index MB = resident memory the index added; CPU = the matcher's own CPU time;")
        lines.append(f" load average {loads} on {os.cpu_count()} cores: above the core count, other processes "
                     "inflate wall times)")
    if len(report.sizes) > 1:
        first, last = report.sizes[0].entries, report.sizes[-1].entries
        wr = growth_exponent([(s.entries, s.wratio.p50_ms) for s in report.sizes])
        ft = growth_exponent([(s.entries, s.fts5.p50_ms) for s in report.sizes])
        cpu = growth_exponent([(s.entries, s.matcher_cpu.p50_ms) for s in report.sizes])
        lines.append(f"growth of p50 from {first:,} to {last:,} phrasings: matcher n^{report.growth_exponent:.2f} "
                     f"(in CPU time n^{cpu:.2f}), WRatio n^{wr:.2f}, FTS5 n^{ft:.2f}")
    return lines


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.3f}x" if b > 0 else "-"


def verdict(report: Report) -> list[str]:
    """A short verdict on the issue's targets, for the sizes measured."""
    lines: list[str] = []
    by_size = {s.entries: s for s in report.sizes}
    for size, target in TARGET_P99_MS.items():
        near = [s for n, s in by_size.items() if 0.9 * size <= n <= 1.1 * size]
        if near:
            s = near[0]
            p99, cpu = s.matcher.p99_ms, s.matcher_cpu.p99_ms
            busy = f"; load average {s.load_avg:.1f}" if s.load_avg > (os.cpu_count() or 1) else ""
            lines.append(f"p99 at {s.entries:,} phrasings: {p99:.2f} ms wall, {cpu:.2f} ms CPU{busy} "
                         f"(target ≤ {target:g} ms): {'met' if p99 <= target else 'MISSED'}"
                         + (" (met in CPU time)" if p99 > target >= cpu else ""))
    if len(report.sizes) > 1:
        k = report.growth_exponent
        lines.append(f"growth exponent {k:.2f} (target clearly below 1, < {TARGET_GROWTH}): "
                     f"{'met' if k < TARGET_GROWTH else 'MISSED'}")
    if report.sizes:
        s = report.sizes[-1]
        faster = s.matcher.p99_ms < min(s.wratio.p99_ms, s.fts5.p99_ms)
        lines.append(f"at {s.entries:,} phrasings the matcher's p99 is {_ratio(s.matcher.p99_ms, s.wratio.p99_ms)} "
                     f"WRatio's and {_ratio(s.matcher.p99_ms, s.fts5.p99_ms)} FTS5's"
                     + (" (faster than both)" if faster else ""))
    return lines


# -- cold start with the shipped knowledge base ----------------------------------------------------


@dataclass(frozen=True)
class ColdStart:
    """Start-up of a real bot process with the shipped knowledge base."""

    first_run_s: float
    """The very first start: creates the database from data/ and the index cache."""
    cached_s: float
    """Median start to first answer when the index cache is current."""
    cached_cpu_s: float
    """Median CPU time of those processes: what the start costs on an idle machine."""
    rebuild_s: float
    """Median start to first answer with the cache turned off (the index is rebuilt)."""
    rebuild_cpu_s: float
    rss_mb: float
    """Peak resident memory of the bot process (cache on)."""
    build_s: float
    """In-process: building the shipped index."""
    load_s: float
    """In-process: loading the shipped index from its cache file."""
    cache_current: bool
    """Whether the cache the processes left matches the knowledge base and code now (False if either changed
    while the benchmark ran, as in a tree being edited)."""
    runs: int
    load_avg: float

    def to_json(self) -> dict[str, Any]:
        """The ``bench --cold-start --json`` object."""
        return {"first_run_s": round(self.first_run_s, 4), "cold_start_s": round(self.cached_s, 4),
                "cold_start_cpu_s": round(self.cached_cpu_s, 4), "cold_start_rebuild_s": round(self.rebuild_s, 4),
                "cold_start_rebuild_cpu_s": round(self.rebuild_cpu_s, 4), "rss_mb": round(self.rss_mb, 2),
                "index_build_s": round(self.build_s, 4), "index_load_s": round(self.load_s, 4),
                "cache_current": self.cache_current, "runs": self.runs, "load_average": round(self.load_avg, 2)}

    def lines(self) -> list[str]:
        """The readable report, with the targets."""
        ok = self.cached_s < TARGET_COLD_START_S
        cpu_ok = self.cached_cpu_s < TARGET_COLD_START_S
        return [
            f"cold start to first answer, shipped knowledge base (median of {self.runs}; "
            f"load average {self.load_avg:.1f} on {os.cpu_count()} cores):",
            f"  first run (creates the database): {self.first_run_s:.2f} s",
            f"  index cache current:              {self.cached_s:.2f} s wall, {self.cached_cpu_s:.2f} s CPU "
            f"(target < {TARGET_COLD_START_S:g} s: {'met' if ok else 'MISSED'}"
            + (", met in CPU time)" if cpu_ok and not ok else ")"),
            f"  index cache off (rebuilt):        {self.rebuild_s:.2f} s wall, {self.rebuild_cpu_s:.2f} s CPU",
            f"  in-process: build {self.build_s * 1000:.0f} ms, load from cache {self.load_s * 1000:.0f} ms"
            + ("" if self.cache_current else " (the code or data changed while this ran: cache now stale)"),
            f"  bot process peak RSS: {self.rss_mb:.1f} MB "
            f"(target < {TARGET_RSS_MB:g} MB: {'met' if self.rss_mb < TARGET_RSS_MB else 'MISSED'})",
        ]


def _bot_process(db: Path, *, cache: bool) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak RSS (MB) of ``python -m bot ask``, from process start to exit."""
    env = dict(os.environ, BOT_INDEX_CACHE="on" if cache else "off")
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "ask", COLD_START_QUESTION, "--db", str(db)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    if proc.returncode != 0:
        raise RuntimeError(f"the bot process failed ({proc.returncode}): {err.strip()[-500:]}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def cold_start(runs: int = 5, *, progress: bool = True) -> ColdStart:
    """Time real bot processes answering one question, with and without the index cache."""
    from bot.core import index_cache
    from bot.core.store import Store

    bar = Progress(3, enabled=progress)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "kb.db"
        with bar.step(0, "cold start: first run, creating the database"):
            first, _, _ = _bot_process(db, cache=True)
        with bar.step(1, f"cold start: {runs} runs with the index cache, {runs} without"):
            cached = [_bot_process(db, cache=True) for _ in range(runs)]
            rebuilt = [_bot_process(db, cache=False) for _ in range(runs)]
        with bar.step(2, "cold start: building and loading the index in-process"):
            store = Store.open(db)
            data = store.knowledge()
            start = time.perf_counter()
            Index.build(data)
            build_s = time.perf_counter() - start
            path = index_cache.cache_path(db)
            written = index_cache.stored_key(path)
            start = time.perf_counter()
            loaded = index_cache.load(path, written) if written else None
            load_s = time.perf_counter() - start
            current = written == index_cache.cache_key(data)
            store.close()
    if loaded is None:
        raise RuntimeError("the bot processes left no index cache that loads")
    return ColdStart(
        first, _median([r[0] for r in cached]), _median([r[1] for r in cached]), _median([r[0] for r in rebuilt]),
        _median([r[1] for r in rebuilt]), max(r[2] for r in cached), build_s, load_s, current, runs,
        _load_average(),
    )


def _median(values: Sequence[float]) -> float:
    return percentile(values, 50)
