"""The ``sources`` verbs: list and show the source documents, and add an article with its proposed facts.

Adding an article is more than saving an entry (it reads a file, extracts its text and proposes facts for
review), so the source commands live apart from the facts, FAQ and alias commands of ``bot.cli.curation``,
whose list and show handlers they share.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from bot.cli.context import CommandError, open_kb
from bot.cli.curation import add_list_verb, cmd_show
from bot.cli.editing import actor_of, add_by, add_json, guard, print_saved
from bot.core import articles, review
from bot.core.curation import Curator
from bot.core.models import Source
from bot.core.proposer import Proposer
from bot.core.store.registry import REGISTRY


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``sources`` verbs; ``sources`` already lists the sources (bot.cli.core), so they hang under it."""
    name = REGISTRY["source"].family
    family = sub.choices.get(name) or sub.add_parser(name, parents=[common], help="the source documents")
    verbs = family.add_subparsers(dest="verb", metavar="VERB")
    add_list_verb(verbs, common, "source", "list the sources with their ids and versions",
                  retired="include retired sources", shown="the sources (without their text)")
    p = verbs.add_parser("show", parents=[common], help="show one source, with its full text")
    p.add_argument("id", help="the source id")
    add_json(p)
    p.set_defaults(func=guard(cmd_show), entity="source")
    p = verbs.add_parser(
        "add", parents=[common], help="add an article (plain text, Markdown or HTML) and propose its facts",
        description="Adds an article as a new source, its text stored verbatim as extracted (HTML: the article "
                    "without menus or footers; Markdown: without its markup), then proposes a fact for every "
                    "sentence that states a claim; review them with `proposals list`. Unknown metadata is left "
                    "out, never guessed.",
    )
    p.add_argument("file", nargs="?", type=Path, metavar="FILE",
                   help="the article: .txt, .md or .html ('-' for standard input)")
    p.add_argument("--text-file", type=Path, metavar="PATH", help="the same as FILE (kept for older scripts)")
    p.add_argument("--format", choices=articles.FORMATS, help="how to read the file (default: from its name)")
    p.add_argument("--id", help="the new source id (default: made from the title, else the file name)")
    p.add_argument("--title", help="a short descriptive title")
    p.add_argument("--publisher", help="who published it (leave out if unknown)")
    p.add_argument("--published", metavar="DATE", help="YYYY-MM-DD, YYYY-MM or YYYY (leave out if unknown)")
    p.add_argument("--url", help="where it was published, http(s) (leave out if unknown)")
    p.add_argument("--language", default="en", help="language code of the text (default: en)")
    p.add_argument("--notes", help="notes for moderators (translation, missing metadata)")
    p.add_argument("--no-proposals", action="store_true", help="add the source without proposing facts")
    add_by(p, account=True)
    add_json(p, "the source and its proposals")
    p.set_defaults(func=guard(cmd_source_add))


def cmd_source_add(args: argparse.Namespace) -> int:
    """Add an article as a source and propose its facts."""
    if args.file is not None and args.text_file is not None:
        raise CommandError("name the article once: FILE or --text-file, not both")
    path: Path | None = args.file if args.file is not None else args.text_file
    if path is None:
        raise CommandError("name the article's file: `sources add FILE --by NAME` ('-' for standard input)")
    if str(path) == "-":
        article = articles.read_bytes(sys.stdin.buffer.read(), args.format, name="standard input")
    else:
        article = articles.read_file(path, args.format)
    kb = open_kb(args)
    curator = Curator.of(kb)
    source_id = (args.id or "").strip() or curator.new_id("source", args.title or (path.stem if path else "source"))
    source = Source(source_id, _opt(args.title), _opt(args.publisher), _opt(args.published), _opt(args.url),
                    (args.language or "en").strip(), article.text, _opt(args.notes))
    proposer = None if args.no_proposals else Proposer(kb.store.knowledge(), kb.matcher.match)
    if proposer is None:
        return print_saved(args, curator.add_source(actor_of(args), source, reason=args.reason))
    added = review.add_source(curator, actor_of(args), source, proposer, reason=args.reason)
    if args.json:
        print(json.dumps(added.to_json(), ensure_ascii=False, indent=2))
        return 0
    record = added.change.record
    print(f"create: source {record.id!r} is now version {record.version} ({article.format}, "
          f"{len(article.text):,} characters)")
    updates = sum(1 for p in added.proposals if p.update_of)
    print(f"proposed {len(added.proposals)} fact(s) for review ({updates} update a known fact): "
          f"python -m bot proposals list --source {record.id}")
    return 0


def _opt(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None
