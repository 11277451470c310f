"""``export`` and ``import``: the whole knowledge base to and from a folder of data/-style YAML.

They move every entry at once rather than edit one, and an import is checked as a whole and applied all or
nothing (``bot.core.exchange``), so they stand apart from the per-entry commands.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from bot.cli.context import open_kb
from bot.cli.editing import actor_of, add_by, guard
from bot.core import exchange


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add ``export`` and ``import`` to the parser."""
    p = sub.add_parser("export", parents=[common], help="write the whole knowledge base as data/-style YAML")
    p.add_argument("dir", type=Path, help="folder to write (created if needed; it must be empty unless --force)")
    p.add_argument("--force", action="store_true",
                   help="write into a folder that is not empty, replacing the files an export writes")
    p.add_argument("--json", action="store_true", help="print what was written as JSON")
    p.set_defaults(func=guard(cmd_export))
    p = sub.add_parser("import", parents=[common], help="check a data/-style folder, then apply it all or nothing")
    p.add_argument("dir", type=Path, help="folder in the data/ format (as written by export)")
    add_by(p)
    p.add_argument("--dry-run", action="store_true", help="check and list the changes without applying them")
    p.add_argument("--json", action="store_true", help="print the changes as JSON")
    p.set_defaults(func=guard(cmd_import))


def cmd_export(args: argparse.Namespace) -> int:
    """Export the knowledge base."""
    result = exchange.export(open_kb(args).store, args.dir, force=args.force)
    if args.json:
        print(json.dumps({"dir": str(result.directory), "files": [str(f) for f in result.files],
                          "counts": dict(result.counts)}, ensure_ascii=False, indent=2))
    else:
        counts = ", ".join(f"{n} {kind}" for kind, n in result.counts.items())
        print(f"exported {counts} to {result.directory}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """Import a folder."""
    result = exchange.import_(open_kb(args).store, args.dir, actor_of(args), dry_run=args.dry_run)
    if args.json:
        print(json.dumps({"dry_run": result.dry_run, "changes": [c.to_json() for c in result.changes],
                          "unchanged": result.unchanged, "kept": result.kept}, ensure_ascii=False, indent=2))
    else:
        verb = "would change" if result.dry_run else "changed"
        print(f"{verb} {len(result.changes)}, unchanged {result.unchanged}, not in the folder (kept) {result.kept}")
        for c in result.changes:
            print(f"  {c.action} {c.entity} {c.id!r}" + (f" -> version {c.version}" if c.version else ""))
    return 0
