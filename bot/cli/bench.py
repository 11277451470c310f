"""``python -m bot bench``: how fast the matcher is as the knowledge base grows, beside two baselines.

The bench lives in ``bot.bench`` (imported only when the command runs, so every other command starts as fast
as before); this module only parses and prints.
"""

from __future__ import annotations

import argparse
import json
import sys
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
    p.set_defaults(func=cmd_bench)


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError("sizes must be whole numbers separated by commas") from None
    if not sizes or any(n <= 0 for n in sizes):
        raise argparse.ArgumentTypeError("sizes must be above zero")
    return sizes


def cmd_bench(args: argparse.Namespace) -> int:
    """Run the benchmark; the table and verdict go to stdout, the progress bar to stderr."""
    from bot import bench

    if args.runs <= 0:
        return fail("--runs must be above zero")
    try:
        if args.cold_start:
            start = bench.cold_start(args.runs)
            print(json.dumps(start.to_json()) if args.json else "\n".join(start.lines()))
            return 0
        report = bench.run(args.sizes or bench.DEFAULT_SIZES, isolate=not args.in_process)
        if args.json:
            print(json.dumps(report.to_json()))
            return 0
        print("\n".join(bench.table(report)))
        print()
        print("\n".join(bench.cold_start(args.runs).lines()))
        print()
        print("verdict:")
        print("\n".join("  " + line for line in bench.verdict(report)))
    except (RuntimeError, CommandError) as exc:
        return fail(str(exc))
    sys.stdout.flush()
    return 0
