"""The speed benchmark: the real matcher beside two obvious baselines, on knowledge bases of growing size.

It lives beside the ``bot`` package, not in it: the installed bot does not ship it (it reads ``tests/data/``,
which only a source checkout has). ``python -m bot bench`` runs it from a checkout.

- ``benchmarks.synthesis``: synthetic knowledge bases of growing size, re-told from the real one;
- ``benchmarks.questions``: the fixed question set every size is timed on;
- ``benchmarks.baselines``: rapidfuzz WRatio over every phrasing, and SQLite FTS5 bm25 in its own database;
- ``benchmarks.measurement``: timing, CPU time, resident memory, and cold starts of real bot processes;
- ``benchmarks.propagation``: how long a moderator's edit takes to reach another bot process;
- ``benchmarks.report``: the readable table and verdict, and the ``--json`` document.
"""

from benchmarks.measurement import cold_start, run
from benchmarks.propagation import DEFAULT_SIZE as EDIT_SIZE
from benchmarks.propagation import Propagation, edit_propagation
from benchmarks.questions import question_set
from benchmarks.report import ColdStart, Report, growth_exponent, percentile, table, time_lines, verdict
from benchmarks.synthesis import DEFAULT_SIZES, phrasing_count, synthesize

__all__ = [
    "DEFAULT_SIZES",
    "EDIT_SIZE",
    "ColdStart",
    "Propagation",
    "Report",
    "cold_start",
    "edit_propagation",
    "growth_exponent",
    "percentile",
    "phrasing_count",
    "question_set",
    "run",
    "synthesize",
    "table",
    "time_lines",
    "verdict",
]
