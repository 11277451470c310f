"""Measuring: per-question wall and CPU time, resident memory, and cold starts of real bot processes.

Each size is measured in a fresh process (``spawn``), so its resident memory and its caches are its own.
Timings are reported, never asserted: the machines are shared and noisy.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

import numpy as np

from benchmarks.baselines import Fts5Baseline, WRatioBaseline
from benchmarks.questions import question_set
from benchmarks.report import ColdStart, Latency, Report, SizeResult, median
from benchmarks.synthesis import DEFAULT_SIZES, phrasing_count, phrasings_of, synthesize
from bot.core import readings
from bot.core.candidates import build_candidates, make_analyzer
from bot.core.index import Index
from bot.core.live_index import LiveIndex
from bot.core.loader import DEFAULT_DATA_DIR, KnowledgeData, load_data
from bot.core.matcher import Matcher
from bot.core.semantic import E5, Role
from bot.core.store import Store
from bot.core.store.analyses import StoredAnalyses
from bot.core.vector_index import SemanticIndex

MATCHER_ROUNDS = 3
"""Timed passes of the matcher over the question set (after one warm-up pass)."""
BASELINE_ROUNDS = 1
"""Timed passes of each baseline: they are slow at 100k, and their spread is small."""
STEPS_PER_SIZE = 4
STAND_IN_SEED = 10
"""The seed of the stand-in vectors, so every run searches the same index."""
COLD_START_QUESTION = "How many chips will Mistral Compute use?"


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


def load_average() -> float:
    """The machine's one-minute load average (0.0 where the system does not tell)."""
    try:
        return os.getloadavg()[0]
    except OSError:
        return 0.0


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


# -- synthetic knowledge bases of growing size -------------------------------------------------------


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
        analyzer = make_analyzer(data)
        reader = readings.ReadingAnalyzer(analyzer, {})
        index = Index(analyzer, build_candidates(reader, data))
        build_s = time.perf_counter() - start
        start = time.perf_counter()  # a restart that finds every reading kept
        Index(make_analyzer(data), build_candidates(readings.ReadingAnalyzer(analyzer, reader.fresh), data))
        load_s = time.perf_counter() - start
        del reader
        embedder = TimedEmbedder(E5())
        semantic = stand_in_vectors(index, embedder.dim)
        gc.collect()
        process_mb = rss_mb()
    with bar.step(step + 1, f"{label} timing the matcher"):
        words = Matcher(index)
        words_ms, _ = time_each(words.match, questions, 1, len(questions))
        matcher = Matcher(index, semantic, embedder)
        timed = TimedSearch(semantic)
        matcher.semantic = timed
        matcher_ms, matcher_cpu, used = time_matches(matcher, questions, rounds, len(questions))
        lexical_ms = [ms for ms, sem in zip(matcher_ms, used, strict=True) if not sem]
    phrasings = phrasings_of(data)
    with bar.step(step + 2, f"{label} timing WRatio"):
        wratio = WRatioBaseline(phrasings)
        wratio_ms, _ = time_each(wratio.ask, questions, BASELINE_ROUNDS, 10)
        del wratio
    with bar.step(step + 3, f"{label} timing FTS5 bm25"):
        fts5 = Fts5Baseline(phrasings)
        fts5_ms, _ = time_each(fts5.ask, questions, BASELINE_ROUNDS, 10)
        fts5.close()
    return SizeResult(
        phrasing_count(data), len(data.faq), len(data.facts), len(index.candidates), build_s, load_s,
        max(process_mb - before, 0.0), process_mb, Latency.of(matcher_ms), Latency.of(matcher_cpu),
        Latency.of(wratio_ms), Latency.of(fts5_ms), len(questions), rounds, BASELINE_ROUNDS, load_average(),
        words_only=Latency.of(words_ms), lexical_path=Latency.of(lexical_ms) if lexical_ms else None,
        semantic_share=sum(used) / max(len(used), 1), embed=Latency.of(embedder.ms) if embedder.ms else None,
        vector_search=Latency.of(timed.ms) if timed.ms else None,
    )


def time_matches(matcher: Matcher, questions: Sequence[str], rounds: int,
                 warmup: int) -> tuple[list[float], list[float], list[bool]]:
    """Like :func:`time_each`, noting for each question whether it asked the embedding model."""
    for question in questions[:warmup]:
        matcher.match(question)
    wall: list[float] = []
    cpu: list[float] = []
    used: list[bool] = []
    for _ in range(rounds):
        for question in questions:
            start, start_cpu = time.perf_counter_ns(), time.thread_time_ns()
            result = matcher.match(question)
            cpu.append((time.thread_time_ns() - start_cpu) / 1e6)
            wall.append((time.perf_counter_ns() - start) / 1e6)
            used.append(result.semantic_used)
    return wall, cpu, used


class TimedEmbedder:
    """The real embedding model, timing each question it embeds."""

    def __init__(self, inner: E5) -> None:
        self.inner = inner
        self.ms: list[float] = []

    @property
    def version(self) -> str:
        """The model's version."""
        return self.inner.version

    @property
    def dim(self) -> int:
        """The model's vector length."""
        return self.inner.dim

    def embed(self, texts: Sequence[str], role: Role) -> Any:
        """Embed and note the time."""
        start = time.perf_counter_ns()
        out = self.inner.embed(texts, role)
        self.ms.append((time.perf_counter_ns() - start) / 1e6)
        return out


class TimedSearch(SemanticIndex):
    """A semantic index that times its searches."""

    def __init__(self, inner: SemanticIndex) -> None:
        self.__dict__.update(inner.__dict__)
        self.ms: list[float] = []

    def search(self, query: Any, limit: int) -> Any:
        """Search and note the time."""
        start = time.perf_counter_ns()
        out = super().search(query, limit)
        self.ms.append((time.perf_counter_ns() - start) / 1e6)
        return out


def stand_in_vectors(index: Index, dim: int) -> SemanticIndex:
    """A semantic index with random unit vectors for every text of the synthetic knowledge base.

    Embedding 100,000 synthetic phrasings would take the model hours and say nothing about speed: searching
    costs the same whatever the vectors hold. Questions are embedded by the real model.
    """
    rows = [(i, text, role) for i, cand in enumerate(index.candidates) for text, role in cand.semantic_texts]
    rng = np.random.default_rng(STAND_IN_SEED)
    vectors = rng.standard_normal((len(rows), dim), dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return SemanticIndex([r[0] for r in rows], [r[2] for r in rows], vectors)


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


# -- cold start with the shipped knowledge base ------------------------------------------------------


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
    """Time real bot processes answering one question, with and without the readings kept in the database."""
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
            kept = StoredAnalyses(store).all(readings.fingerprint(data))
            start = time.perf_counter()
            LiveIndex(store, None).build(semantic=False)
            load_s = time.perf_counter() - start
            current = bool(kept)
            store.close()
    if not current:
        raise RuntimeError("the bot processes kept no readings of the index in the database")
    return ColdStart(
        first, median([r[0] for r in cached]), median([r[1] for r in cached]), median([r[0] for r in rebuilt]),
        median([r[1] for r in rebuilt]), max(r[2] for r in cached), build_s, load_s, current, runs,
        load_average(),
    )
