"""What every moderator command shares: ``--by``/``--json``/``--expect-version``, the actor, saved changes and refusals.

A refusal exits 2 with its reason on stderr, a conflict exits 3, and nothing is changed either way.
"""

from __future__ import annotations

import argparse
import getpass
import json
from collections.abc import Callable

from bot.cli.context import CommandError, fail, open_kb
from bot.core import articles, review
from bot.core.curation import Curator
from bot.core.edits import BUSY_TEXT, Actor, Change, ConflictError, CurationError
from bot.core.store import StoreBusy
from bot.core.text import strip_control
from bot.core.validation import ValidationError

Handler = Callable[[argparse.Namespace], int]
PLATFORM = "cli"


def add_by(p: argparse.ArgumentParser, *, reason: bool = True, account: bool = False) -> None:
    """``--by`` (every change names its author) and, unless ``reason`` is False, ``--reason``.

    ``--by`` is required, except where ``account`` lets it default to the login running the command: adding an
    article only proposes facts, and the proposals are reviewed under each moderator's own name.
    """
    if account:
        p.add_argument("--by", default=login_name(), metavar="NAME",
                       help="who makes this change (kept in the audit log; default: your login, %(default)s)")
    else:
        p.add_argument("--by", required=True, metavar="NAME", help="who makes this change (kept in the audit log)")
    if reason:
        p.add_argument("--reason", metavar="TEXT", help="why (kept in the audit log)")


def login_name() -> str:
    """The account running the command, for the audit log ("cli" when the system cannot say)."""
    try:
        return getpass.getuser() or PLATFORM
    except (KeyError, OSError):  # no login name and no passwd entry, as in some containers
        return PLATFORM


def add_json(p: argparse.ArgumentParser, what: str = "the entry") -> None:
    """``--json``: print ``what`` as JSON instead of text."""
    p.add_argument("--json", action="store_true", help=f"print {what} as JSON")


def add_expect(p: argparse.ArgumentParser) -> None:
    """``--expect-version``: refuse with a conflict if the entry moved on since the moderator looked."""
    p.add_argument("--expect-version", type=int, metavar="N",
                   help="refuse with a conflict if the entry is no longer at version N")


def guard(func: Handler) -> Handler:
    """A refusal becomes its reason on stderr and exit status 2; the database is left as it was."""

    def wrapper(args: argparse.Namespace) -> int:
        problem = audit_text_problem(args)
        if problem:
            return fail(problem)
        try:
            return int(func(args) or 0)
        except ValidationError as exc:
            problems = "\n".join(f"  - {p}" for p in exc.problems)
            return fail(f"refused, nothing changed:\n{problems}")
        except (ConflictError, review.ProposalConflictError) as exc:
            fail(str(exc))
            return 3
        except (CurationError, CommandError, articles.ArticleError) as exc:
            return fail(str(exc))
        except StoreBusy:  # a write outside a curator's transaction (unanswered purge) met a held lock
            return fail(BUSY_TEXT)

    wrapper.__doc__ = func.__doc__
    return wrapper


def audit_text_problem(args: argparse.Namespace) -> str | None:
    """Why ``--by`` or ``--reason`` cannot go into the audit log, if it cannot.

    The log is printed to terminals and chats: a line break would forge a line of history, an escape sequence
    would rewrite the screen of whoever reads it.
    """
    for option in ("by", "reason"):
        value = getattr(args, option, None)
        if isinstance(value, str) and strip_control(value) != value:
            return f"--{option} may not contain line breaks, tabs or control characters (escape sequences)"
    return None


def curator_of(args: argparse.Namespace) -> Curator:
    """The curator of the database the command names."""
    return Curator.of(open_kb(args))


def actor_of(args: argparse.Namespace) -> Actor:
    """Who makes the change: ``--by``, from the command line."""
    return Actor(args.by, PLATFORM)


def print_saved(args: argparse.Namespace, change: Change) -> int:
    """Print a saved change (the entry as JSON with ``--json``, else one line and the answers it changed)."""
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
