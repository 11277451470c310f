"""The fictional article the tests add: it says so in its first line, and lives only in ``tests/data/fictional``.

It reports 20,000 Grace Blackwell chips for Mistral Compute where the real
report says 18,000, a Lisbon factory and a quotation, so supersession,
placeholders and contradictions can be exercised end to end without a word
of invented news in ``data/``.
"""

from __future__ import annotations

from pathlib import Path

from bot.core import review
from bot.core.articles import read_file
from bot.core.curation import Actor, Curator
from bot.core.models import Source
from bot.core.proposer import Proposer
from bot.core.service import KnowledgeBase

FOLDER = Path(__file__).resolve().parent / "data" / "fictional"
ARTICLE = FOLDER / "fictional-wire-update.txt"
SOURCE_ID = "fictional-wire"
PUBLISHED = "2026-01-15"
TITLE = "Fictional Wire: an invented update (fictional, for tests)"
PUBLISHER = "Fictional Wire"
CHIPS = "mistral-compute-chips"
"""The real fact the fictional article updates (18,000 chips)."""
CORRECTION = FOLDER / "fictional-wire-correction.txt"
CORRECTION_ID = "fictional-wire-correction"
"""A later fictional article: the Lisbon factory's 4,000 chips become 5,000."""


def source(*, published: str | None = PUBLISHED, source_id: str = SOURCE_ID) -> Source:
    """The fictional article as a source."""
    return Source(source_id, TITLE, PUBLISHER, published, None, "en", read_file(ARTICLE).text,
                  "FICTIONAL: written for the tests only")


def correction() -> Source:
    """The fictional correction as a source, published after the article."""
    return Source(CORRECTION_ID, "Fictional Wire: an invented correction (fictional, for tests)", PUBLISHER,
                  "2026-02-01", None, "en", read_file(CORRECTION).text, "FICTIONAL: written for the tests only")


def add(kb: KnowledgeBase, actor: Actor, *, published: str | None = PUBLISHED) -> review.SourceAdded:
    """Add the fictional article to a knowledge base, with its proposals."""
    proposer = Proposer(kb.store.knowledge(), kb.matcher.match)
    return review.add_source(Curator.of(kb), actor, source(published=published), proposer)


def proposal_for(added: review.SourceAdded, words: str) -> int:
    """The number of the proposal whose quote holds ``words``."""
    return next(p.id for p in added.proposals if words in p.quote)
