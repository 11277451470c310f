"""Reads the YAML knowledge base in ``data/`` and checks every rule before anything is stored.

A broken file fails here with a message naming the file, the entry and what
is wrong, so nothing half-valid ever reaches the database.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from bot.core.models import Alias, Fact, FaqEntry, Source, Topic
from bot.core.validation import (
    Problem,
    ValidationError,
    check_alias,
    check_fact,
    check_faq,
    check_source,
    duplicates,
)

DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent.parent / "data"
FILES = (
    "topics.yaml", "facts.yaml", "faq.yaml", "aliases.yaml", "lexicon.yaml", "gazetteer.yaml", "overview.yaml",
)


_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader when PyYAML was built with it: the same result, several times faster."""


class DataError(ValueError):
    """A data file cannot be loaded; the message names the file, the entry and the problem."""


@dataclass(frozen=True)
class KnowledgeData:
    """Everything in ``data/``, as values."""

    sources: tuple[Source, ...] = ()
    topics: tuple[Topic, ...] = ()
    facts: tuple[Fact, ...] = ()
    faq: tuple[FaqEntry, ...] = ()
    aliases: tuple[Alias, ...] = ()
    lexicon: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    gazetteer: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    overview: tuple[str, ...] = ()
    """Fact ids shown by ``/nvidia europe``, in order."""


def data_fingerprint(data_dir: Path) -> str:
    """A hash of every data file, so the database is rebuilt only when one changed."""
    digest = hashlib.sha256()
    paths = sorted((data_dir / "sources").glob("*.yaml")) + [data_dir / name for name in FILES]
    for path in paths:
        digest.update(path.name.encode())
        if path.exists():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def load_data(data_dir: Path = DEFAULT_DATA_DIR) -> KnowledgeData:
    """Read and validate every file; raise DataError on the first broken file."""
    sources = tuple(_source(path) for path in sorted((data_dir / "sources").glob("*.yaml")))
    topics = tuple(_each(data_dir / "topics.yaml", _topic))
    facts = tuple(_each(data_dir / "facts.yaml", _fact))
    faq = tuple(_each(data_dir / "faq.yaml", _faq))
    aliases = tuple(_each(data_dir / "aliases.yaml", _alias))
    lexicon = {
        str(lang): {str(k): "" if v is None else str(v) for k, v in (table or {}).items()}
        for lang, table in (_read(data_dir / "lexicon.yaml", required=False) or {}).items()
    }
    gazetteer = {
        str(kind): tuple(str(n) for n in names or ())
        for kind, names in (_read(data_dir / "gazetteer.yaml", required=False) or {}).items()
    }
    overview = _strs((_read(data_dir / "overview.yaml", required=False) or {}).get("facts"))
    data = KnowledgeData(sources, topics, facts, faq, aliases, lexicon, gazetteer, overview)
    problems = validate(data)
    if problems:
        raise DataError(f"{data_dir}: " + "; ".join(str(p) for p in problems))
    return data


def validate(data: KnowledgeData) -> list[Problem]:
    """Every rule over the whole knowledge base; an empty list means it may be stored."""
    sources = {s.id: s for s in data.sources}
    topics = {t.id: t for t in data.topics}
    facts = {f.id: f for f in data.facts}
    problems: list[Problem] = []
    problems += duplicates("source", [s.id for s in data.sources])
    problems += duplicates("topic", [t.id for t in data.topics])
    problems += duplicates("fact", [f.id for f in data.facts])
    problems += duplicates("faq", [e.id for e in data.faq])
    for source in data.sources:
        problems += check_source(source)
    for fact in data.facts:
        problems += check_fact(fact, sources, topics, facts)
    for entry in data.faq:
        problems += check_faq(entry, facts, topics)
    for alias in data.aliases:
        problems += check_alias(alias)
    problems += [Problem("overview", f"unknown fact {f!r}") for f in data.overview if f not in facts]
    return problems


def require_valid(data: KnowledgeData) -> None:
    """Raise ValidationError listing every problem, if there is one."""
    problems = validate(data)
    if problems:
        raise ValidationError(problems)


# -- reading one file ------------------------------------------------------------------------------


def _read(path: Path, *, required: bool = True) -> Any:
    if not path.exists():
        if required:
            raise DataError(f"{path}: file is missing")
        return None
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_SafeLoader)
    except yaml.YAMLError as exc:
        raise DataError(f"{path}: not valid YAML: {exc}") from exc
    except UnicodeDecodeError as exc:
        raise DataError(f"{path}: not UTF-8 text: {exc}") from exc


def _each(path: Path, build: Any) -> list[Any]:
    rows = _read(path) or []
    if not isinstance(rows, list):
        raise DataError(f"{path}: expected a list of entries")
    out = []
    for number, row in enumerate(rows, start=1):
        label = row.get("id") or row.get("canonical") if isinstance(row, dict) else None
        try:
            if not isinstance(row, dict):
                raise DataError("expected a mapping")
            out.append(build(row))
        except (KeyError, TypeError, ValueError) as exc:
            what = f"entry {label!r}" if label else f"entry #{number}"
            reason = f"missing field {exc}" if isinstance(exc, KeyError) else str(exc)
            raise DataError(f"{path}: {what}: {reason}") from exc
    return out


def _strs(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list):
        raise DataError(f"expected a list, got {value!r}")
    return tuple(str(v) for v in value)


def _opt(value: Any) -> str | None:
    return None if value is None or str(value).strip() == "" else str(value)


def _source(path: Path) -> Source:
    row = _read(path)
    if not isinstance(row, dict):
        raise DataError(f"{path}: expected a mapping with id and text")
    try:
        return Source(
            id=str(row["id"]),
            title=_opt(row.get("title")),
            publisher=_opt(row.get("publisher")),
            published=_date(row.get("published")),
            url=_opt(row.get("url")),
            language=str(row.get("language") or "en"),
            text=str(row["text"]),
            notes=_opt(row.get("notes")),
        )
    except KeyError as exc:
        raise DataError(f"{path}: missing field {exc}") from exc


def _topic(row: dict[str, Any]) -> Topic:
    return Topic(str(row["id"]), str(row["title"]), str(row.get("description") or ""))


def _fact(row: dict[str, Any]) -> Fact:
    return Fact(
        id=str(row["id"]),
        statement=str(row["statement"]),
        source_id=str(row["source"]),
        quote=str(row.get("quote") or ""),
        topics=_strs(row.get("topics")),
        entities=_strs(row.get("entities")),
        retired=row.get("retired") is True,
        as_of=_date(row.get("as_of")),
        superseded_by=_opt(row.get("superseded_by")),
    )


def _date(value: Any) -> str | None:
    """A date as written: YAML reads an unquoted 2025-06-11 as a date, which is kept in its ISO form."""
    if isinstance(value, date):
        return value.isoformat()
    return _opt(value)


def _faq(row: dict[str, Any]) -> FaqEntry:
    return FaqEntry(
        id=str(row["id"]),
        question=str(row["question"]),
        answer=str(row["answer"]),
        facts=_strs(row.get("facts")),
        phrasings=_strs(row.get("phrasings")),
        topics=_strs(row.get("topics")),
        retired=row.get("retired") is True,
    )


def _alias(row: dict[str, Any]) -> Alias:
    return Alias(str(row["canonical"]), str(row.get("kind") or "term"), _strs(row.get("aliases")))
