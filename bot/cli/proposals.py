"""``python -m bot proposals``: review the facts proposed from added sources (list, show, accept, edit, reject).

The same exit statuses as every moderator command: 0 done, 2 refused (the
reason on stderr, nothing changed), 3 conflict (someone changed the proposal
since ``--expect-version``). The rules are ``bot.core.review``'s, the same the
chat adapters run.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from bot.chat.moderation import ProposalItem
from bot.cli.editing import actor_of, add_by, add_json, curator_of, guard
from bot.core import review
from bot.core.curation import KEEP, Curator
from bot.core.models import PROPOSAL_STATUSES, Proposal

STATUSES = (*PROPOSAL_STATUSES, "all")


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``proposals`` family to the parser."""
    text = "facts proposed from added sources, waiting for review"
    family = sub.add_parser("proposals", parents=[common], help=text, description=text)
    verbs = family.add_subparsers(dest="verb", metavar="VERB", required=True)
    p = verbs.add_parser("list", parents=[common], help="the proposals, open ones unless --status says otherwise")
    p.add_argument("--source", metavar="SOURCE_ID", help="only those from one source")
    p.add_argument("--status", choices=STATUSES, default="open", help="which ones (default: open)")
    add_json(p, "the proposals")
    p.set_defaults(func=guard(cmd_list))
    p = verbs.add_parser("show", parents=[common], help="one proposal, with the fact it would update")
    p.add_argument("id", type=int, help="the proposal's number")
    add_json(p, "the proposal")
    p.set_defaults(func=guard(cmd_show))
    p = verbs.add_parser("accept", parents=[common],
                         help="make the proposed fact (validated and logged like any edit)")
    p.add_argument("id", type=int, help="the proposal's number")
    p.add_argument("--fact-id", metavar="ID", help="the new fact's id (default: made from its first words)")
    p.add_argument("--statement", metavar="TEXT", help="the statement to use instead of the proposed one")
    p.add_argument("--topic", action="append", metavar="TOPIC", help="a topic id (repeatable; replaces them)")
    p.add_argument("--entity", action="append", metavar="NAME", help="a name it states (repeatable; replaces them)")
    p.add_argument("--as-of", metavar="DATE", help="the date its figure holds from (default: its source's date)")
    p.add_argument("--no-supersede", action="store_true",
                   help="for an update: keep the older fact current too, instead of superseding it")
    p.add_argument("--no-faq", action="store_true", help="do not link it to the FAQ entry it would join")
    _expect(p)
    add_by(p)
    add_json(p, "the proposal, the new fact and what changed")
    p.set_defaults(func=guard(cmd_accept))
    p = verbs.add_parser("edit", parents=[common], help="change what an open proposal would make")
    p.add_argument("id", type=int, help="the proposal's number")
    p.add_argument("--statement", metavar="TEXT", help="the claim, in the bot's words")
    p.add_argument("--quote", metavar="TEXT", help="a verbatim part of the source (default: the whole sentence)")
    p.add_argument("--topic", action="append", metavar="TOPIC", help="a topic id (repeatable; replaces them)")
    p.add_argument("--entity", action="append", metavar="NAME", help="a name it states (repeatable; replaces them)")
    p.add_argument("--as-of", metavar="DATE", help="the date its figure holds from ('' clears)")
    p.add_argument("--update-of", metavar="FACT_ID", help="the live fact it updates ('' for none)")
    p.add_argument("--faq", metavar="FAQ_ID", help="the FAQ entry it would join ('' for none)")
    _expect(p)
    add_by(p)
    add_json(p, "the proposal")
    p.set_defaults(func=guard(cmd_edit))
    p = verbs.add_parser("reject", parents=[common], help="set a proposal aside (it is kept, with why)")
    p.add_argument("id", type=int, help="the proposal's number")
    _expect(p)
    add_by(p)
    add_json(p, "the proposal")
    p.set_defaults(func=guard(cmd_reject))


def _expect(p: argparse.ArgumentParser) -> None:
    p.add_argument("--expect-version", type=int, metavar="N",
                   help="refuse with a conflict if the proposal is no longer at version N")


def described(curator: Curator, proposal: Proposal) -> dict[str, Any]:
    """A proposal as ``--json`` prints it: every field, and for an update both facts' figures."""
    return {**proposal.to_json(), "update": review.figures(curator, proposal)}


def summary(curator: Curator, proposal: Proposal) -> list[str]:
    """A proposal for people: the lines chat shows, indented, and who decided it."""
    lines = ProposalItem(proposal, review.figures(curator, proposal)).lines()
    if proposal.decided_by:
        lines.append(f"{proposal.status.capitalize()} by {proposal.decided_by} at {proposal.decided_at}"
                     + (f": {proposal.reason}" if proposal.reason else ""))
    return [lines[0], *(f"    {line}" for line in lines[1:])]


def cmd_list(args: argparse.Namespace) -> int:
    """List proposals."""
    curator = curator_of(args)
    status = None if args.status == "all" else args.status
    found = review.proposals(curator, status=status, source_id=args.source)
    if args.json:
        print(json.dumps([described(curator, p) for p in found], ensure_ascii=False, indent=2))
    elif not found:
        print(f"no {'' if status is None else status + ' '}proposals")
    else:
        for proposal in found:
            print("\n".join(summary(curator, proposal)))
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    """Show one proposal."""
    curator = curator_of(args)
    proposal = review.get(curator, args.id)
    if args.json:
        print(json.dumps(described(curator, proposal), ensure_ascii=False, indent=2))
    else:
        print("\n".join(summary(curator, proposal)))
    return 0


def cmd_accept(args: argparse.Namespace) -> int:
    """Accept a proposal."""
    curator = curator_of(args)
    accepted = review.accept(
        curator, actor_of(args), args.id, fact_id=args.fact_id, statement=args.statement, topics=args.topic,
        entities=args.entity, as_of=args.as_of, supersede=not args.no_supersede, join_faq=not args.no_faq,
        expect_version=args.expect_version, reason=args.reason,
    )
    if args.json:
        print(json.dumps(accepted.to_json(), ensure_ascii=False, indent=2))
    else:
        print("\n".join(accepted.lines()))
    return 0


def cmd_edit(args: argparse.Namespace) -> int:
    """Edit a proposal."""
    curator = curator_of(args)
    proposal = review.edit(
        curator, actor_of(args), args.id, statement=args.statement, quote=args.quote, topics=args.topic,
        entities=args.entity, as_of=KEEP if args.as_of is None else args.as_of,
        update_of=KEEP if args.update_of is None else args.update_of, faq_id=KEEP if args.faq is None else args.faq,
        expect_version=args.expect_version, reason=args.reason,
    )
    return _shown(args, curator, proposal, "edited")


def cmd_reject(args: argparse.Namespace) -> int:
    """Reject a proposal."""
    curator = curator_of(args)
    proposal = review.reject(curator, actor_of(args), args.id, expect_version=args.expect_version, reason=args.reason)
    return _shown(args, curator, proposal, "rejected")


def _shown(args: argparse.Namespace, curator: Curator, proposal: Proposal, verb: str) -> int:
    if args.json:
        print(json.dumps(described(curator, proposal), ensure_ascii=False, indent=2))
    else:
        print(f"{verb} proposal #{proposal.id}; it is now at version {proposal.version}")
    return 0
