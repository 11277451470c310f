"""A process that edits or votes in a loop, for the crash and concurrency tests.

``python -m tests.core.edit_worker edit DB --start N --count K`` performs moderator edits through curation's
one write path (``Curator.write_entry`` in one transaction: the fact's new statement and version, its audit
row and a revision bump; validation is skipped, as the statements state numbers no quote does) and prints
``saved <n>`` only after each commit. ``vote`` records feedback through the
KnowledgeBase (the path a chat user's click takes). Any error is printed as ``error: ...`` and ends the
process with status 1, so the tests can see what would have reached a user.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace

from bot.core.curation import Actor, Curator
from bot.core.models import Fact, Voter
from bot.core.store import Store
from tests.votes import vote_on

STATEMENT = "Crash-test statement number {n}."


def edit(db: str, start: int, count: int) -> None:
    store = Store.open(db, load=False)
    curator = Curator(store)
    actor = Actor("crash-test", "cli")
    fact_ids = [r.id for r in curator.entries("fact")]
    for n in range(start, start + count):
        with curator.transaction():
            current = curator.get("fact", fact_ids[n % len(fact_ids)])
            assert isinstance(current.value, Fact)
            fact = replace(current.value, statement=STATEMENT.format(n=n))
            curator.write_entry(actor, "update", fact, retired=False, reason=f"edit {n}", previous=current)
        print(f"saved {n}", flush=True)
    store.close()


def vote(db: str, start: int, count: int) -> None:
    from bot.core.service import KnowledgeBase  # imported here: edits start faster without the matcher

    kb = KnowledgeBase.open(db)
    answer = kb.ask("How many chips will Mistral Compute use?", platform="test")
    for n in range(start, start + count):
        kb.record_feedback(*vote_on(answer), Voter("test", f"user-{n}"), helpful=n % 2 == 0)
        print(f"voted {n}", flush=True)
    kb.close()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["edit", "vote"])
    parser.add_argument("db")
    parser.add_argument("--start", type=int, default=0)
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--wait", action="store_true", help="read one line from stdin before starting")
    args = parser.parse_args()
    if args.wait:
        sys.stdin.readline()
    try:
        (edit if args.mode == "edit" else vote)(args.db, args.start, args.count)
    except Exception as exc:  # what a user would see
        print(f"error: {type(exc).__name__}: {exc}", flush=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
