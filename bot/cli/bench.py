"""``python -m bot bench``: how fast the matcher is as the knowledge base grows, beside two baselines.

The benchmark itself is the top-level ``benchmarks`` package of a source checkout, not part of the installed
bot; it is imported only when this command runs. This module only finds it, parses and prints.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from bot.cli.context import CommandError, fail


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``bench`` command to the parser."""
    p = sub.add_parser(
        "bench", parents=[common],
        help="time the matcher against WRatio and FTS5 on synthetic knowledge bases of growing size",
        description="Builds synthetic knowledge bases (default 1,000, 10,000 and 100,000 FAQ phrasings plus facts) "
                    "and times the matcher and two baselines on the same questions; then times a cold start of "
                    "the bot with the shipped knowledge base. Timings are reported, never asserted.",
    )
    p.add_argument("--sizes", type=_sizes, metavar="N,N,...",
                   help="FAQ phrasings per synthetic knowledge base (default: 1000,10000,100000)")
    p.add_argument("--json", action="store_true",
                   help="print one JSON object (sizes and growth exponent; with --cold-start, the start-up figures)")
    p.add_argument("--cold-start", action="store_true",
                   help="only time start-up to first answer and the bot process's memory, shipped knowledge base")
    p.add_argument("--runs", type=int, default=5, metavar="N", help="bot processes started per cold-start figure")
    p.add_argument("--in-process", action="store_true",
                   help="measure every size in this process (faster, but memory and caches carry over)")
    p.add_argument("--edit-size", type=int, default=None, metavar="N",
                   help="phrasings of the knowledge base an edit's way to another process is timed on "
                        "(default 100000; 0 skips it)")
    p.add_argument("--edit-only", action="store_true",
                   help="only time an edit's way to another bot process (see --edit-size)")
    p.set_defaults(func=cmd_bench)


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError("sizes must be whole numbers separated by commas") from None
    if not sizes or any(n <= 0 for n in sizes):
        raise argparse.ArgumentTypeError("sizes must be above zero")
    return sizes


def _find_checkout() -> None:
    """Put the source checkout this bot runs from on ``sys.path``, if there is one with ``benchmarks/``.

    A checkout's root is the parent of the ``bot`` package or the current directory. The editable install maps
    ``bot`` alone, so from another directory ``benchmarks`` is not importable without this. Spawned measuring
    processes inherit ``sys.path``.
    """
    import bot

    for root in (Path(bot.__file__).resolve().parent.parent, Path.cwd()):
        if (root / "benchmarks" / "__init__.py").is_file():
            if str(root) not in sys.path:
                sys.path.insert(0, str(root))
            return


def cmd_bench(args: argparse.Namespace) -> int:
    """Run the benchmark; the table and verdict go to stdout, the progress bar to stderr."""
    _find_checkout()
    # Imported here, not at the top: the benchmark is not part of the installed bot (the wheel ships only
    # bot*; it reads tests/data/), so it exists only in a source checkout, and other commands never load it.
    try:
        import benchmarks as bench
    except ModuleNotFoundError as exc:
        if exc.name != "benchmarks":
            raise
        return fail("the benchmark needs a source checkout (its benchmarks/ folder is not part of the installed "
                    "bot): run it from the repository root")
    if args.runs <= 0:
        return fail("--runs must be above zero")
    try:
        edit_size = bench.EDIT_SIZE if args.edit_size is None else args.edit_size
        if args.cold_start:
            start = bench.cold_start(args.runs)
            print(json.dumps(start.to_json()) if args.json else "\n".join(start.lines()))
            return 0
        if args.edit_only:
            only = bench.edit_propagation(edit_size or bench.EDIT_SIZE)
            print(json.dumps(only.to_json()) if args.json else "\n".join(only.lines()))
            return 0
        report = bench.run(args.sizes or bench.DEFAULT_SIZES, isolate=not args.in_process)
        start = bench.cold_start(args.runs)
        edit = bench.edit_propagation(edit_size) if edit_size > 0 else None
        if args.json:
            document = report.to_json()
            document["cold_start"] = start.to_json()
            document["edit_visible"] = edit.to_json() if edit else None
            print(json.dumps(document))
            return 0
        print("\n".join(bench.table(report)))
        print()
        print("\n".join(bench.time_lines(report)))
        print()
        print("\n".join(start.lines()))
        if edit is not None:
            print()
            print("\n".join(edit.lines()))
        print()
        print("verdict:")
        print("\n".join("  " + line for line in bench.verdict(report)))
    except (RuntimeError, CommandError) as exc:
        return fail(str(exc))
    sys.stdout.flush()
    return 0
