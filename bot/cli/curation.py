"""Moderators' commands for the entries themselves: facts, faq and aliases (list, show, add, edit, history…).

Every change names its author with ``--by NAME``; success exits 0 (``--json``
prints the entry), a refusal exits 2 with the reason on stderr and changes
nothing. The ids are the ones ``ask --json`` reports in ``match.id``. The
commands only parse arguments and print results: the rules live in
``bot.core.curation``, the same code the chat adapters call. Sources, the
unanswered queue, and export/import have their own modules (``bot.cli.sources``,
``bot.cli.unanswered``, ``bot.cli.exchange``).
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from bot.cli.editing import actor_of, add_by, add_expect, add_json, curator_of, guard, print_saved
from bot.core import exchange, supersession
from bot.core.curation import ALIAS_KINDS, KEEP, Curator, Entity, Record, Version
from bot.core.store.registry import REGISTRY
from bot.core.text import strip_control


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``facts``, ``faq`` and ``aliases`` commands to the parser."""
    _entries(sub, common, "fact", "the facts: one claim each, backed by a verbatim quote")
    _entries(sub, common, "faq", "the FAQ entries: curated questions, answers and their phrasings")
    _aliases(sub, common)


# -- parsers ----------------------------------------------------------------------------------------------


def add_list_verb(verbs: Any, common: argparse.ArgumentParser, entity: Entity, text: str, *,
                  retired: str = "include retired entries", shown: str = "the entries") -> None:
    """The ``list`` verb every kind of entry has: live ones, or all with ``--all``, as text or JSON."""
    p = verbs.add_parser("list", parents=[common], help=text)
    p.add_argument("--all", action="store_true", help=retired)
    add_json(p, shown)
    p.set_defaults(func=guard(cmd_list), entity=entity)


def _entries(sub: Any, common: argparse.ArgumentParser, entity: Entity, text: str) -> None:
    name = REGISTRY[entity].family
    family = sub.add_parser(name, parents=[common], help=text, description=text)
    verbs = family.add_subparsers(dest="verb", metavar="VERB", required=True)
    add_list_verb(verbs, common, entity, f"list the {name} (live ones unless --all)")
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
    add_expect(p)
    add_by(p)
    add_json(p)
    for verb, func, what in (("retire", cmd_retire, "hide an entry from answers (it is kept)"),
                             ("restore", cmd_restore, "bring a retired entry back")):
        p = verbs.add_parser(verb, parents=[common], help=what)
        p.add_argument("id", help="the entry's id")
        add_expect(p)
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
    add_expect(p)
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
    add_list_verb(verbs, common, "alias", "list the aliases (live ones unless --all)")
    p = verbs.add_parser("add", parents=[common], help="add names to a canonical name (creating it if new)")
    p.add_argument("canonical", help="the name answers use, e.g. 'Jensen Huang'")
    p.add_argument("names", nargs="+", metavar="NAME", help="other names for it")
    p.add_argument("--kind", choices=ALIAS_KINDS,
                   help="what it names (default: term for a new entry, else unchanged)")
    add_expect(p)
    add_by(p)
    add_json(p)
    p.set_defaults(func=guard(cmd_alias_add))
    p = verbs.add_parser("remove", parents=[common],
                         help="remove names from a canonical name; with no names, retire the whole entry")
    p.add_argument("canonical", help="the canonical name")
    p.add_argument("names", nargs="*", metavar="NAME", help="the names to remove (none: retire the entry)")
    add_expect(p)
    add_by(p)
    add_json(p)
    p.set_defaults(func=guard(cmd_alias_remove))


# -- running ----------------------------------------------------------------------------------------------


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
    return print_saved(args, change)


def cmd_edit_fact(args: argparse.Namespace) -> int:
    """Edit a fact."""
    change = curator_of(args).edit_fact(
        actor_of(args), args.id, statement=args.statement, quote=args.quote, source_id=args.source, topics=args.topic,
        entities=args.entity, as_of=KEEP if args.as_of is None else args.as_of, expect_version=args.expect_version,
        reason=args.reason,
    )
    return print_saved(args, change)


def cmd_supersede(args: argparse.Namespace) -> int:
    """Supersede an older fact by a newer one."""
    change = curator_of(args).supersede(actor_of(args), args.old, args.new, as_of=args.as_of,
                                      expect_version=args.expect_version, reason=args.reason)
    if not args.json:
        print(f"fact {args.old!r} is superseded by {args.new!r}: answers give {args.new!r} and say what "
              f"{args.old!r} reported before")
    return print_saved(args, change)


def cmd_add_faq(args: argparse.Namespace) -> int:
    """Add an FAQ entry."""
    change = curator_of(args).add_faq(
        actor_of(args), question=args.question, answer=args.answer, facts=args.fact, phrasings=args.add_question,
        topics=args.topic or (), faq_id=args.id, reason=args.reason,
    )
    return print_saved(args, change)


def cmd_edit_faq(args: argparse.Namespace) -> int:
    """Edit an FAQ entry."""
    change = curator_of(args).edit_faq(
        actor_of(args), args.id, question=args.question, answer=args.answer, facts=args.fact, topics=args.topic,
        add_phrasings=args.add_question, remove_phrasings=args.remove_question,
        expect_version=args.expect_version, reason=args.reason,
    )
    return print_saved(args, change)


def cmd_retire(args: argparse.Namespace) -> int:
    """Retire an entry."""
    change = curator_of(args).retire(actor_of(args), args.entity, args.id, expect_version=args.expect_version,
                                   reason=args.reason)
    return print_saved(args, change)


def cmd_restore(args: argparse.Namespace) -> int:
    """Restore a retired entry."""
    change = curator_of(args).restore(actor_of(args), args.entity, args.id, expect_version=args.expect_version,
                                    reason=args.reason)
    return print_saved(args, change)


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
    return print_saved(args, change)


def cmd_alias_add(args: argparse.Namespace) -> int:
    """Add names to an alias entry."""
    change = curator_of(args).add_alias(actor_of(args), args.canonical, args.names, kind=args.kind,
                                      expect_version=args.expect_version, reason=args.reason)
    return print_saved(args, change)


def cmd_alias_remove(args: argparse.Namespace) -> int:
    """Remove names from an alias entry, or retire it."""
    change = curator_of(args).remove_alias(actor_of(args), args.canonical, args.names,
                                         expect_version=args.expect_version, reason=args.reason)
    return print_saved(args, change)
