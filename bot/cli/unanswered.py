"""The ``unanswered`` commands: the queue of questions the bot could not answer, and what moderators do with it.

The queue is not an entry of the knowledge base but a list of what users asked; moderators attach a question
to an FAQ entry, promote it to a new one, dismiss it or purge old ones, each through ``bot.core.unanswered``.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from bot.cli.context import CommandError, open_kb
from bot.cli.editing import actor_of, add_by, add_expect, add_json, curator_of, guard
from bot.config import ConfigError, load_settings
from bot.core import unanswered
from bot.core.edits import CurationError


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``unanswered`` commands to the parser."""
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
    add_expect(p)
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
    try:
        return load_settings().retention_days
    except ConfigError as exc:
        raise CommandError(f"configuration: {exc}") from None
