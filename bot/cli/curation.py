"""Moderators' commands: facts, faq, aliases, sources, unanswered, export and import.

Every change names its author with ``--by NAME``; success exits 0 (``--json``
prints the entry), a refusal exits 2 with the reason on stderr and changes
nothing. The ids are the ones ``ask --json`` reports in ``match.id``. The
commands only parse arguments and print results: the rules live in
``bot.core.curation``, the same code the chat adapters call.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from bot.cli.context import CommandError, open_kb
from bot.cli.editing import actor_of, add_by, add_json, curator_of, guard
from bot.core import articles, exchange, review, supersession, unanswered
from bot.core.curation import (
    ALIAS_KINDS,
    KEEP,
    Change,
    CurationError,
    Curator,
    Entity,
    Record,
    Version,
)
from bot.core.models import Source
from bot.core.proposer import Proposer
from bot.core.store.registry import REGISTRY
from bot.core.text import strip_control


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add the curation commands to the parser."""
    _entries(sub, common, "fact", "the facts: one claim each, backed by a verbatim quote")
    _entries(sub, common, "faq", "the FAQ entries: curated questions, answers and their phrasings")
    _aliases(sub, common)
    _sources(sub, common)
    _unanswered(sub, common)
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


# -- parsers ----------------------------------------------------------------------------------------------






def _expect(p: argparse.ArgumentParser) -> None:
    p.add_argument("--expect-version", type=int, metavar="N",
                   help="refuse with a conflict if the entry is no longer at version N")


def _entries(sub: Any, common: argparse.ArgumentParser, entity: Entity, text: str) -> None:
    name = REGISTRY[entity].family
    family = sub.add_parser(name, parents=[common], help=text, description=text)
    verbs = family.add_subparsers(dest="verb", metavar="VERB", required=True)
    p = verbs.add_parser("list", parents=[common], help=f"list the {name} (live ones unless --all)")
    p.add_argument("--all", action="store_true", help="include retired entries")
    add_json(p, "the entries")
    p.set_defaults(func=guard(cmd_list), entity=entity)
    p = verbs.add_parser("show", parents=[common], help="show one entry")
    p.add_argument("id", help="the entry's id (as in `ask --json` match.id)")
    add_json(p)
    p.set_defaults(func=guard(cmd_show), entity=entity)
    p = verbs.add_parser("add", parents=[common], help="add an entry (validated before it is saved)")
    p.add_argument("--id", help="the new id (default: made from the first words)")
    if entity == "fact":
        _fact_fields(p, required=True)
        p.set_defaults(func=guard(cmd_add_fact))
    else:
        _faq_fields(p, required=True)
        p.set_defaults(func=guard(cmd_add_faq))
    add_by(p)
    add_json(p)
    p = verbs.add_parser("edit", parents=[common], help="change an entry; fields left out stay as they are")
    p.add_argument("id", help="the entry's id")
    if entity == "fact":
        _fact_fields(p, required=False)
        p.set_defaults(func=guard(cmd_edit_fact))
    else:
        _faq_fields(p, required=False)
        p.add_argument("--remove-question", action="append", default=[], metavar="TEXT",
                       help="remove an alternate phrasing (repeatable)")
        p.set_defaults(func=guard(cmd_edit_faq))
    _expect(p)
    add_by(p)
    add_json(p)
    for verb, func, what in (("retire", cmd_retire, "hide an entry from answers (it is kept)"),
                             ("restore", cmd_restore, "bring a retired entry back")):
        p = verbs.add_parser(verb, parents=[common], help=what)
        p.add_argument("id", help="the entry's id")
        _expect(p)
        add_by(p)
        add_json(p)
        p.set_defaults(func=guard(func), entity=entity)
    p = verbs.add_parser("history", parents=[common], help="every version of an entry, oldest first")
    p.add_argument("id", help="the entry's id")
    add_json(p, "the versions")
    p.set_defaults(func=guard(cmd_history), entity=entity)
    p = verbs.add_parser("revert", parents=[common], help="write an old version back (a new, logged version)")
    p.add_argument("id", help="the entry's id")
    p.add_argument("version", type=int, help="the version to go back to (see history)")
    _expect(p)
    add_by(p)
    add_json(p)
    p.set_defaults(func=guard(cmd_revert), entity=entity)
    if entity == "fact":
        p = verbs.add_parser("supersede", parents=[common],
                             help="a newer fact replaces an older one in answers (the older one is kept and shown)")
        p.add_argument("old", help="the older fact's id")
        p.add_argument("new", help="the newer fact's id")
        p.add_argument("--as-of", metavar="DATE", help="date the newer fact first (YYYY-MM-DD)")
        p.add_argument("--expect-version", type=int, metavar="N",
                       help="refuse with a conflict if the older fact is no longer at version N")
        add_by(p)
        add_json(p, "the older fact, now superseded, and the answers that changed")
        p.set_defaults(func=guard(cmd_supersede))


def _fact_fields(p: argparse.ArgumentParser, *, required: bool) -> None:
    p.add_argument("--statement", required=required, metavar="TEXT", help="the claim, in the bot's words")
    p.add_argument("--source", required=required, metavar="SOURCE_ID", help="the source it comes from")
    p.add_argument("--quote", required=required, metavar="TEXT", help="verbatim words of the source backing it")
    p.add_argument("--topic", action="append", metavar="TOPIC",
                   help="a topic id (repeatable; on edit, replaces the topics)")
    p.add_argument("--entity", action="append", metavar="NAME",
                   help="a person, company, place or product it names (repeatable; on edit, replaces them)")
    p.add_argument("--as-of", metavar="DATE",
                   help="the date its figure holds from, YYYY-MM-DD (default: its source's date; on edit, '' clears)")


def _faq_fields(p: argparse.ArgumentParser, *, required: bool) -> None:
    p.add_argument("--question", required=required, metavar="TEXT", help="the question as shown")
    p.add_argument("--answer", required=required, metavar="TEXT", help="the written answer")
    p.add_argument("--fact", action="append", required=required, metavar="FACT_ID",
                   help="a fact the answer rests on (repeatable; on edit, replaces the linked facts)")
    p.add_argument("--topic", action="append", metavar="TOPIC",
                   help="a topic id (repeatable; on edit, replaces the topics)")
    p.add_argument("--add-question", action="append", default=[], metavar="TEXT",
                   help="add an alternate phrasing (repeatable)")


def _aliases(sub: Any, common: argparse.ArgumentParser) -> None:
    family = sub.add_parser(REGISTRY["alias"].family, parents=[common],
                            help="other names of people, companies, places, terms")
    verbs = family.add_subparsers(dest="verb", metavar="VERB", required=True)
    p = verbs.add_parser("list", parents=[common], help="list the aliases (live ones unless --all)")
    p.add_argument("--all", action="store_true", help="include retired entries")
    add_json(p, "the entries")
    p.set_defaults(func=guard(cmd_list), entity="alias")
    p = verbs.add_parser("add", parents=[common], help="add names to a canonical name (creating it if new)")
    p.add_argument("canonical", help="the name answers use, e.g. 'Jensen Huang'")
    p.add_argument("names", nargs="+", metavar="NAME", help="other names for it")
    p.add_argument("--kind", choices=ALIAS_KINDS,
                   help="what it names (default: term for a new entry, else unchanged)")
    _expect(p)
    add_by(p)
    add_json(p)
    p.set_defaults(func=guard(cmd_alias_add))
    p = verbs.add_parser("remove", parents=[common],
                         help="remove names from a canonical name; with no names, retire the whole entry")
    p.add_argument("canonical", help="the canonical name")
    p.add_argument("names", nargs="*", metavar="NAME", help="the names to remove (none: retire the entry)")
    _expect(p)
    add_by(p)
    add_json(p)
    p.set_defaults(func=guard(cmd_alias_remove))


def _sources(sub: Any, common: argparse.ArgumentParser) -> None:
    """``sources`` already lists the sources (bot.cli.core); the verbs hang under the same command."""
    name = REGISTRY["source"].family
    family = sub.choices.get(name) or sub.add_parser(name, parents=[common], help="the source documents")
    verbs = family.add_subparsers(dest="verb", metavar="VERB")
    p = verbs.add_parser("list", parents=[common], help="list the sources with their ids and versions")
    p.add_argument("--all", action="store_true", help="include retired sources")
    add_json(p, "the sources (without their text)")
    p.set_defaults(func=guard(cmd_list), entity="source")
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


def _unanswered(sub: Any, common: argparse.ArgumentParser) -> None:
    family = sub.add_parser("unanswered", parents=[common], help="questions the bot could not answer, grouped")
    verbs = family.add_subparsers(dest="verb", metavar="VERB", required=True)
    p = verbs.add_parser("list", parents=[common], help="the most asked open questions, grouped when similar")
    p.add_argument("--limit", type=int, default=20, help="how many groups (default 20)")
    add_json(p, "the groups")
    p.set_defaults(func=guard(cmd_unanswered_list))
    p = verbs.add_parser("attach", parents=[common], help="add a question as a phrasing of an FAQ entry")
    p.add_argument("id", type=int, help="the question's id (from unanswered list)")
    p.add_argument("faq_id", help="the FAQ entry that answers it")
    p.add_argument("--text", help="the phrasing to add (default: the question as asked)")
    _expect(p)
    add_by(p, reason=False)
    add_json(p, "the result")
    p.set_defaults(func=guard(cmd_unanswered_attach))
    p = verbs.add_parser("promote", parents=[common], help="make a question a new FAQ entry")
    p.add_argument("id", type=int, help="the question's id (from unanswered list)")
    p.add_argument("--answer", required=True, metavar="TEXT", help="the written answer")
    p.add_argument("--fact", action="append", required=True, metavar="FACT_ID",
                   help="a fact the answer rests on (repeatable)")
    p.add_argument("--question", metavar="TEXT", help="the question as shown (default: as asked)")
    p.add_argument("--topic", action="append", default=[], metavar="TOPIC", help="a topic id (repeatable)")
    p.add_argument("--add-question", action="append", default=[], metavar="TEXT",
                   help="another phrasing (repeatable)")
    p.add_argument("--faq-id", metavar="ID", help="the new entry's id (default: made from the question)")
    add_by(p, reason=False)
    add_json(p, "the result")
    p.set_defaults(func=guard(cmd_unanswered_promote))
    p = verbs.add_parser("dismiss", parents=[common], help="take a question (and its group) off the queue")
    p.add_argument("id", type=int, help="the question's id (from unanswered list)")
    add_by(p, reason=False)
    add_json(p, "the result")
    p.set_defaults(func=guard(cmd_unanswered_dismiss))
    p = verbs.add_parser("purge", parents=[common], help="delete queued questions older than the retention period")
    p.add_argument("--days", type=int, help="retention in days (default: RETENTION_DAYS, else 90)")
    add_by(p, reason=False)
    add_json(p, "the count")
    p.set_defaults(func=guard(cmd_unanswered_purge))


# -- running ----------------------------------------------------------------------------------------------








def _saved(args: argparse.Namespace, change: Change) -> int:
    record = change.record
    if args.json:
        print(json.dumps(change.to_json(), ensure_ascii=False, indent=2))
    else:
        print(f"{change.action}: {record.entity} {record.id!r} is now version {record.version}"
              f"{' (retired)' if record.retired else ''}")
        if change.answers:
            print(f"answers changed ({len(change.answers)}):")
            for answer in change.answers:
                print(f"  {answer.line()}")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    """List the entries of one kind."""
    records = curator_of(args).entries(args.entity, include_retired=args.all)
    if args.json:
        rows = [_listed(r) for r in records]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for r in records:
            print(f"{r.id}  v{r.version}{'  [retired]' if r.retired else ''}  {r.summary()}")
    return 0


def _listed(record: Record) -> dict[str, Any]:
    row = record.to_json()
    for name in record.kind.listing_omits:
        row.pop(name)
    return row


def cmd_show(args: argparse.Namespace) -> int:
    """Show one entry (as YAML, or JSON with --json)."""
    curator = curator_of(args)
    record = curator.get(args.entity, args.id)
    earlier = _earlier(curator, record)
    if args.json:
        body = record.to_json()
        if record.entity == "fact":
            body["earlier"] = earlier
        print(json.dumps(body, ensure_ascii=False, indent=2))
    else:
        print(exchange.entry_yaml(record), end="")
        for item in earlier:
            print(f"# earlier reported: {item['statement']} (fact {item['id']}, {item['as_of']})")
    return 0


def _earlier(curator: Curator, record: Record) -> list[dict[str, Any]]:
    """For a fact: the facts it superseded, newest first, each with its date (or "date unknown")."""
    if record.entity != "fact":
        return []
    data = curator.store.knowledge(include_retired=True)
    facts = {f.id: f for f in data.facts}
    sources = {s.id: s for s in data.sources}
    return [{"id": f.id, "statement": f.statement, "quote": f.quote, "source": f.source_id,
             "as_of": supersession.date_label(f, sources)} for f in supersession.earlier(record.id, facts)]


def cmd_add_fact(args: argparse.Namespace) -> int:
    """Add a fact."""
    change = curator_of(args).add_fact(
        actor_of(args), statement=args.statement, source_id=args.source, quote=args.quote, topics=args.topic or (),
        entities=args.entity or (), fact_id=args.id, as_of=args.as_of, reason=args.reason,
    )
    return _saved(args, change)


def cmd_edit_fact(args: argparse.Namespace) -> int:
    """Edit a fact."""
    change = curator_of(args).edit_fact(
        actor_of(args), args.id, statement=args.statement, quote=args.quote, source_id=args.source, topics=args.topic,
        entities=args.entity, as_of=KEEP if args.as_of is None else args.as_of, expect_version=args.expect_version,
        reason=args.reason,
    )
    return _saved(args, change)


def cmd_supersede(args: argparse.Namespace) -> int:
    """Supersede an older fact by a newer one."""
    change = curator_of(args).supersede(actor_of(args), args.old, args.new, as_of=args.as_of,
                                      expect_version=args.expect_version, reason=args.reason)
    if not args.json:
        print(f"fact {args.old!r} is superseded by {args.new!r}: answers give {args.new!r} and say what "
              f"{args.old!r} reported before")
    return _saved(args, change)


def cmd_add_faq(args: argparse.Namespace) -> int:
    """Add an FAQ entry."""
    change = curator_of(args).add_faq(
        actor_of(args), question=args.question, answer=args.answer, facts=args.fact, phrasings=args.add_question,
        topics=args.topic or (), faq_id=args.id, reason=args.reason,
    )
    return _saved(args, change)


def cmd_edit_faq(args: argparse.Namespace) -> int:
    """Edit an FAQ entry."""
    change = curator_of(args).edit_faq(
        actor_of(args), args.id, question=args.question, answer=args.answer, facts=args.fact, topics=args.topic,
        add_phrasings=args.add_question, remove_phrasings=args.remove_question,
        expect_version=args.expect_version, reason=args.reason,
    )
    return _saved(args, change)


def cmd_retire(args: argparse.Namespace) -> int:
    """Retire an entry."""
    change = curator_of(args).retire(actor_of(args), args.entity, args.id, expect_version=args.expect_version,
                                   reason=args.reason)
    return _saved(args, change)


def cmd_restore(args: argparse.Namespace) -> int:
    """Restore a retired entry."""
    change = curator_of(args).restore(actor_of(args), args.entity, args.id, expect_version=args.expect_version,
                                    reason=args.reason)
    return _saved(args, change)


def cmd_history(args: argparse.Namespace) -> int:
    """Print every version of an entry."""
    versions = curator_of(args).history(args.entity, args.id)
    if args.json:
        print(json.dumps([v.to_json() for v in versions], ensure_ascii=False, indent=2))
    else:
        for v in versions:
            print(_history_line(v))
    return 0


def _history_line(v: Version) -> str:
    head = f"v{v.version}  {v.at}  {v.action:<8} by {strip_control(v.actor)} ({v.platform})"
    lines = [head + (f"  reason: {strip_control(v.reason)}" if v.reason else "")]
    if v.record is not None:
        lines.append(f"    {v.record.summary()}")
    return "\n".join(lines)


def cmd_revert(args: argparse.Namespace) -> int:
    """Write an old version back."""
    change = curator_of(args).revert(actor_of(args), args.entity, args.id, args.version,
                                   expect_version=args.expect_version, reason=args.reason)
    return _saved(args, change)


def cmd_alias_add(args: argparse.Namespace) -> int:
    """Add names to an alias entry."""
    change = curator_of(args).add_alias(actor_of(args), args.canonical, args.names, kind=args.kind,
                                      expect_version=args.expect_version, reason=args.reason)
    return _saved(args, change)


def cmd_alias_remove(args: argparse.Namespace) -> int:
    """Remove names from an alias entry, or retire it."""
    change = curator_of(args).remove_alias(actor_of(args), args.canonical, args.names,
                                         expect_version=args.expect_version, reason=args.reason)
    return _saved(args, change)


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
        return _saved(args, curator.add_source(actor_of(args), source, reason=args.reason))
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


def cmd_unanswered_list(args: argparse.Namespace) -> int:
    """List the open questions, grouped."""
    found = unanswered.groups(open_kb(args).store, limit=args.limit)
    if args.json:
        print(json.dumps([g.to_json() for g in found], ensure_ascii=False, indent=2))
    elif not found:
        print("no open questions")
    else:
        for g in found:
            others = f" (also: {'; '.join(g.wordings[1:])})" if len(g.wordings) > 1 else ""
            print(f"#{g.id}  x{g.count}  last {g.last_seen}  {g.question}{others}")
    return 0


def _resolved(args: argparse.Namespace, result: unanswered.Resolution) -> int:
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        where = f" to {result.change.record.entity} {result.change.record.id!r}" if result.change else ""
        print(f"{result.state}{where}: {result.group.count} question(s) left the queue")
    return 0


def cmd_unanswered_attach(args: argparse.Namespace) -> int:
    """Attach a question to an FAQ entry as a phrasing."""
    result = unanswered.attach(curator_of(args), actor_of(args), args.id, args.faq_id, text=args.text,
                               expect_version=args.expect_version)
    return _resolved(args, result)


def cmd_unanswered_promote(args: argparse.Namespace) -> int:
    """Turn a question into a new FAQ entry."""
    result = unanswered.promote(
        curator_of(args), actor_of(args), args.id, answer=args.answer, facts=args.fact, question=args.question,
        phrasings=args.add_question, topics=args.topic, faq_id=args.faq_id,
    )
    return _resolved(args, result)


def cmd_unanswered_dismiss(args: argparse.Namespace) -> int:
    """Dismiss a question."""
    return _resolved(args, unanswered.dismiss(curator_of(args), actor_of(args), args.id))


def cmd_unanswered_purge(args: argparse.Namespace) -> int:
    """Purge old questions."""
    problems = actor_of(args).problems()
    if problems:
        raise CurationError("; ".join(problems))
    days = args.days if args.days is not None else _retention_days()
    count = unanswered.purge(open_kb(args).store, days)
    print(json.dumps({"purged": count, "days": days}) if args.json else f"purged {count} question(s) older "
          f"than {days} days")
    return 0


def _retention_days() -> int:
    from bot.config import ConfigError, load_settings

    try:
        return load_settings().retention_days
    except ConfigError as exc:
        raise CommandError(f"configuration: {exc}") from None


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
