"""The analyzer's reading of the knowledge base's own texts, worked out once and kept in the database.

Building the index reads every phrasing, answer and quote; most of them did
not change since the last start. Their readings are kept as JSON (plain data,
never code) under a fingerprint of everything that shapes a reading: the
analyzer's code, the aliases, the lexicon and the gazetteer. A start with an
unchanged fingerprint reads them back; an edit reads only its new texts.
``BOT_INDEX_CACHE=off`` makes every build read everything afresh.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Mapping
from dataclasses import asdict, fields
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from bot.core.analysis import Analysis
from bot.core.analyzer import Analyzer
from bot.core.fingerprint import of as fingerprint_of
from bot.core.languages import Asked
from bot.core.loader import KnowledgeData

_CODE = ("analyzer.py", "analysis.py", "text.py", "numbers.py", "names.py", "name_tables.py", "places.py",
         "languages.py", "vocabulary.py", "shorthand.py", "scripts.py", "question_cues.py", "word_frequency.py",
         "source_mentions.py", "models.py", "fingerprint.py", "agent_nouns.py")
"""The modules whose code decides a reading (the analyzer and every module of ``bot.core`` it reads with)."""
_PACKAGES = ("babel", "wordfreq", "snowballstemmer", "stopwordsiso")
"""The libraries whose data decide a reading too: place names, word frequencies, stems and small words."""
_SETS = frozenset(f.name for f in fields(Analysis) if str(f.type).startswith("frozenset"))


class ReadingStore(Protocol):
    """Where readings are kept (the database's ``analyses`` table)."""

    def all(self, fingerprint: str) -> dict[str, str]:
        """Every reading kept under a fingerprint."""
        ...

    def put(self, fingerprint: str, readings: Mapping[str, str]) -> None:
        """Keep these readings."""
        ...


def enabled() -> bool:
    """Whether kept readings are used (``BOT_INDEX_CACHE`` is not off)."""
    return os.environ.get("BOT_INDEX_CACHE", "on").strip().lower() not in ("0", "off", "false", "no")


@lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    here = Path(__file__).resolve().parent
    return fingerprint_of(files=[*(here / name for name in _CODE), here.parent.parent / "data" / "languages.yaml"],
                          packages=_PACKAGES, extra=sys.version)


def fingerprint(data: KnowledgeData) -> str:
    """What a reading depends on: the code, and the aliases, lexicon and gazetteer it resolves names with."""
    digest = hashlib.sha256(_code_fingerprint().encode())
    digest.update(repr((data.aliases, sorted((k, sorted(v.items())) for k, v in data.lexicon.items()),
                        sorted(data.gazetteer.items()))).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:32]


def key(text: str, language: str | None, guess: bool) -> str:
    """What one reading is kept under: the text and how it was read."""
    return hashlib.sha256(f"{language}\0{guess}\0{text}".encode("utf-8", "surrogatepass")).hexdigest()[:32]


def dump(analysis: Analysis) -> str:
    """A reading as JSON (sets as sorted lists)."""
    return json.dumps(asdict(analysis), ensure_ascii=False, separators=(",", ":"), default=_sorted)


def _sorted(value: Any) -> list[Any]:
    if isinstance(value, frozenset | set):
        return sorted(value)
    raise TypeError(f"cannot keep a {type(value).__name__} in a reading")


def load(text: str) -> Analysis:
    """A reading back from JSON (a malformed one raises ValueError and is read afresh by the caller)."""
    body = json.loads(text)
    if not isinstance(body, dict):
        raise ValueError("a reading is a JSON object")
    for name in _SETS:
        body[name] = frozenset(body.get(name) or ())
    body["tokens"] = tuple(body.get("tokens") or ())
    body["foreign_kinds"] = tuple(tuple(pair) for pair in body.get("foreign_kinds") or ())
    asked = body.get("asked")
    if asked is not None:
        asked["kinds"] = frozenset(asked.get("kinds") or ())
        asked["phrases"] = tuple(asked.get("phrases") or ())
        asked["by_kind"] = tuple(tuple(pair) for pair in asked.get("by_kind") or ())
        body["asked"] = Asked(**asked)
    return Analysis(**body)


class ReadingAnalyzer:
    """An analyzer that reads each text once: from what was kept, else afresh (and then keeps it).

    It stands in for the :class:`Analyzer` while the index is built; ``flush`` stores what was new.
    """

    def __init__(self, analyzer: Analyzer, known: Mapping[str, str]) -> None:
        self.analyzer = analyzer
        self.entity_kinds = analyzer.entity_kinds
        self._known = dict(known)
        self.fresh: dict[str, str] = {}

    def analyze(self, text: str, language: str | None = None, *, guess: bool = True) -> Analysis:
        """The reading of a text, kept or new."""
        name = key(text, language, guess)
        stored = self._known.get(name)
        if stored is not None:
            try:
                return load(stored)
            except (ValueError, TypeError, KeyError):
                pass
        analysis = self.analyzer.analyze(text, language, guess=guess)
        self.fresh[name] = self._known[name] = dump(analysis)
        return analysis

    def entity_keys(self, names: Any) -> frozenset[str]:
        """Canonical keys for entity names (no text to keep: a dictionary lookup)."""
        return self.analyzer.entity_keys(names)

    def reads_as_words(self, text: str) -> bool:
        """Whether a phrasing is matched word by word (a lookup on the analyzer's vocabulary)."""
        return self.analyzer.reads_as_words(text)
