"""Proposal recall: from an empty knowledge base, add the shipped articles and count the curated quotes proposed.

``python -m benchmarks.proposals [--json] [ARTICLE ...]`` starts from a
knowledge base with no source, fact or FAQ entry, adds each article the way
``python -m bot sources add FILE`` does (text read as extracted, proposals
made by ``bot.core.proposer``), then checks every quote behind the curated
facts of ``data/facts.yaml``: it counts as proposed when a proposal's quote
(a whole sentence, verbatim) contains it, ignoring only case, quote marks and
white space, the loader's own rule for "verbatim". The articles default to the
seed files of ``shared/seeds`` when the checkout sits beside them, else to the
texts kept in ``data/sources/``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.core import articles, review
from bot.core.curation import Actor, Curator
from bot.core.loader import DEFAULT_DATA_DIR
from bot.core.models import Proposal, Source
from bot.core.proposer import Proposer
from bot.core.service import KnowledgeBase
from bot.core.store import Store
from bot.core.text import fold_quote

ROOT = Path(__file__).resolve().parent.parent
SEED_DIRS = (ROOT.parent / "shared" / "seeds", Path("/work/shared/seeds"))
FLOOR = 0.90
"""The share of curated quotes the proposals must contain (issue 13)."""


@dataclass(frozen=True)
class Recall:
    """How many curated quotes the proposals contain, and which are missed."""

    articles: tuple[str, ...]
    proposals: int
    quotes: int
    found: int
    missed: tuple[str, ...]
    """The ids of the curated facts whose quote no proposal contains."""
    useful: int
    """Proposals that contain at least one curated quote."""

    @property
    def recall(self) -> float:
        """The share of curated quotes proposed."""
        return self.found / self.quotes if self.quotes else 0.0

    def to_json(self) -> dict[str, Any]:
        """The measurement as one JSON object."""
        return {"articles": list(self.articles), "proposals": self.proposals, "quotes": self.quotes,
                "found": self.found, "recall": round(self.recall, 4), "missed": list(self.missed),
                "useful_proposals": self.useful, "floor": FLOOR}

    def lines(self) -> list[str]:
        """The measurement for people."""
        return [
            f"articles: {', '.join(self.articles)}",
            f"proposals: {self.proposals} ({self.useful} contain a curated quote)",
            f"curated quotes proposed: {self.found} of {self.quotes} = {self.recall:.1%} (floor {FLOOR:.0%})",
            *(f"  missed: {fact_id}" for fact_id in self.missed),
        ]


def default_articles() -> list[Path]:
    """The seed articles beside the checkout, else the shipped sources' YAML files."""
    for folder in SEED_DIRS:
        found = sorted(folder.glob("*.txt"))
        if found:
            return found
    return sorted((DEFAULT_DATA_DIR / "sources").glob("*.yaml"))


def article_text(path: Path) -> str:
    """An article's text: a ``data/sources`` YAML file's ``text``, or any other file read as ``sources add`` does."""
    if path.suffix in (".yaml", ".yml"):
        return str(yaml.safe_load(path.read_text(encoding="utf-8"))["text"])
    return articles.read_file(path).text


def measure(paths: Sequence[Path] | None = None, facts_file: Path = DEFAULT_DATA_DIR / "facts.yaml") -> Recall:
    """Add the articles to an empty knowledge base and count the curated quotes their proposals contain."""
    paths = list(paths) if paths else default_articles()
    kb = KnowledgeBase(Store.memory(load=False), semantic="off")
    try:
        curator = Curator.of(kb)
        actor = Actor("benchmark", "cli")
        proposals: list[Proposal] = []
        for number, path in enumerate(paths, start=1):
            source = Source(f"article-{number}", path.stem, None, None, None, "en", article_text(path))
            proposer = Proposer(kb.store.knowledge(), kb.matcher.match)
            proposals += review.add_source(curator, actor, source, proposer).proposals
    finally:
        kb.close()
    quoted = [fold_quote(p.quote) for p in proposals]
    facts = yaml.safe_load(facts_file.read_text(encoding="utf-8"))
    missed = [str(f["id"]) for f in facts if not any(fold_quote(str(f["quote"])) in q for q in quoted)]
    curated = [fold_quote(str(f["quote"])) for f in facts]
    useful = sum(1 for q in quoted if any(c in q for c in curated))
    return Recall(tuple(p.name for p in paths), len(proposals), len(facts), len(facts) - len(missed),
                  tuple(missed), useful)


def main(argv: Sequence[str] | None = None) -> int:
    """Print the measurement; exit 1 when recall is under the floor."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.proposals", description=__doc__.split("\n")[0])
    parser.add_argument("articles", nargs="*", type=Path, help="article files (default: the shipped seed articles)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    result = measure(args.articles or None)
    print(json.dumps(result.to_json()) if args.json else "\n".join(result.lines()))
    return 0 if result.recall >= FLOOR else 1


if __name__ == "__main__":
    sys.exit(main())
