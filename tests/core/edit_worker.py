"""A process that edits or votes in a loop, for the crash and concurrency tests.

``python -m tests.core.edit_worker edit DB --start N --count K`` performs moderator-style edits the way
curation does (one ``Store.write()`` transaction: the fact's new statement and version, its audit row and a
revision bump) and prints ``saved <n>`` only after each commit. ``vote`` records feedback through the
KnowledgeBase (the path a chat user's click takes). Any error is printed as ``error: ...`` and ends the
process with status 1, so the tests can see what would have reached a user.
"""

from __future__ import annotations

import argparse
import json
import sys

from bot.core.models import Voter
from bot.core.store import Store, now
from tests.votes import vote_on

STATEMENT = "Crash-test statement number {n}."


def edit(db: str, start: int, count: int) -> None:
    store = Store.open(db, load=False)
    fact_ids = [r["id"] for r in store.db.query("select id from facts where retired = 0 order by id")]
    for n in range(start, start + count):
        fact_id = fact_ids[n % len(fact_ids)]
        statement = STATEMENT.format(n=n)
        with store.write() as tx:
            version = int(tx.execute("select version from facts where id = ?", [fact_id]).fetchone()[0]) + 1
            tx.execute(
                "update facts set statement = ?, version = ?, origin = 'moderator', updated_at = ? where id = ?",
                [statement, version, now(), fact_id],
            )
            tx.table("audit").insert({
                "entity": "fact", "entity_id": fact_id, "version": version, "action": "update",
                "actor": "crash-test", "platform": "cli", "at": now(), "before": None,
                "after": json.dumps({"id": fact_id, "statement": statement, "version": version}),
                "reason": f"edit {n}",
            })
            store.bump_revision()
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
