"""Is this deployment able to answer? The checks behind ``python -m bot health`` and an HTTP ``/healthz``.

Three checks, each cheap and free of writes: the database opens, its schema is
the one this code expects, and the index answers one of the FAQ's own
questions with a sourced answer. The last proves the whole path a user's
question takes (database, index, matcher, answer builder) without asking a
real user's question or touching the unanswered queue.

Beside the checks, warnings for moderators that do not make a deployment
unhealthy: two live facts about the same subject with different figures
(``bot.core.contradictions``).
"""

from __future__ import annotations

import logging
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.core.contradictions import Contradiction, contradictions
from bot.core.service import KnowledgeBase
from bot.core.store import SCHEMA_VERSION, Store
from bot.core.store.files import DatabaseFileError

log = logging.getLogger(__name__)

PROBES = 3
"""FAQ questions tried before the index check fails (a moderator may have retired the first)."""


@dataclass(frozen=True)
class Check:
    """One check's verdict, with a short detail for people."""

    name: str
    ok: bool
    detail: str


@dataclass(frozen=True)
class Health:
    """Every check; healthy only when all passed. Contradictions are warnings, not failures."""

    checks: tuple[Check, ...]
    contradictions: tuple[Contradiction, ...] = ()

    @property
    def ok(self) -> bool:
        """True when every check passed."""
        return bool(self.checks) and all(c.ok for c in self.checks)

    def to_json(self) -> dict[str, Any]:
        """``{"ok": ..., "checks": [{"name", "ok", "detail"}]}``."""
        return {"ok": self.ok, "checks": [{"name": c.name, "ok": c.ok, "detail": c.detail} for c in self.checks],
                "contradictions": [c.to_json() for c in self.contradictions]}

    def lines(self) -> list[str]:
        """One line per check, one per warning, then the verdict."""
        out = [f"{'ok  ' if c.ok else 'FAIL'} {c.name}: {c.detail}" for c in self.checks]
        out += [f"warn contradiction: {c.line()}" for c in self.contradictions]
        out.append("healthy" if self.ok else "unhealthy")
        return out


def check_path(db_path: Path) -> Health:
    """Check the database file at ``db_path`` without creating, migrating or loading anything."""
    try:
        store = Store.open_existing(db_path, readonly=True)  # a probe never writes, not even a WAL checkpoint
    except (DatabaseFileError, sqlite3.DatabaseError) as exc:
        return Health((Check("database", False, str(exc)),))
    try:
        return check_store(store)
    finally:
        store.close()


def check_store(store: Store, kb: KnowledgeBase | None = None) -> Health:
    """Schema and index checks on an open store (pass the running KnowledgeBase to check its own index)."""
    checks = [Check("database", True, str(store.path) if store.path else "in memory")]
    try:
        schema = _schema_check(store)
    except sqlite3.DatabaseError as exc:
        return Health((Check("database", False, f"unreadable ({exc})"),))
    checks.append(schema)
    found: list[Contradiction] = []
    if schema.ok:
        checks.append(_index_check(kb or KnowledgeBase(store)))
        found = _contradictions(store)
    return Health(tuple(checks), tuple(found))


def check_knowledge_base(kb: KnowledgeBase) -> Health:
    """For a running bot (``/healthz``): the same checks on its own open knowledge base."""
    return check_store(kb.store, kb)


def _schema_check(store: Store) -> Check:
    version = store.schema_version()
    if version > SCHEMA_VERSION:
        return Check("schema", False, f"version {version} is newer than this code's {SCHEMA_VERSION}")
    pending = store.pending_migrations()
    if version < SCHEMA_VERSION or pending:
        return Check("schema", False, f"version {version}, this code needs {SCHEMA_VERSION} "
                                      "(starting the bot brings it up to date)")
    return Check("schema", True, f"version {version}")


def _contradictions(store: Store) -> list[Contradiction]:
    try:
        return contradictions(store.knowledge())
    except Exception:  # a warning must never fail the probe
        log.warning("could not look for contradictions", exc_info=True)
        return []


def _index_check(kb: KnowledgeBase) -> Check:
    started = time.perf_counter()
    try:
        entries = sorted(kb.answers.faq.values(), key=lambda e: e.id)[:PROBES]
        for entry in entries:
            answer = kb.answers.from_match(entry.question, kb.matcher.match(entry.question))
            if answer.status == "answered" and answer.citations and answer.match:
                ms = (time.perf_counter() - started) * 1000
                return Check("index", True, f"answered {entry.question!r} from {answer.match.kind} "
                                            f"{answer.match.id} in {ms:.0f} ms")
    except Exception as exc:  # the check reports any failure instead of crashing the probe
        return Check("index", False, f"failed: {type(exc).__name__}: {exc}")
    if not entries:
        return Check("index", False, "the knowledge base has no FAQ entries")
    return Check("index", False, f"no sourced answer to {entries[0].question!r}")
