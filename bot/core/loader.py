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

from bot.core import folders, safe_yaml
from bot.core.models import Alias, Fact, FaqEntry, Source, Topic
from bot.core.validation import (
    Problem,
    ValidationError,
    check_alias,
    check_fact,
    check_faq,
    check_source,
    check_topic,
    duplicates,
)

DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent.parent / "data"
LIST_FIELDS = frozenset({"topics", "entities", "facts", "phrasings", "aliases"})
"""Entry fields that hold a list of names or ids; every other field holds one piece of text."""
FILES = (
    "topics.yaml", "facts.yaml", "faq.yaml", "aliases.yaml", "lexicon.yaml", "gazetteer.yaml", "overview.yaml",
)


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
    sources = tuple(_source(data_dir / "sources" / name) for name in _source_names(data_dir))
    topics = tuple(_each(data_dir / "topics.yaml", _topic))
    facts = tuple(_each(data_dir / "facts.yaml", _fact))
    faq = tuple(_each(data_dir / "faq.yaml", _faq))
    aliases = tuple(_each(data_dir / "aliases.yaml", _alias))
    lexicon = _lexicon(data_dir / "lexicon.yaml")
    gazetteer = _gazetteer(data_dir / "gazetteer.yaml")
    overview = _overview(data_dir / "overview.yaml")
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
    for topic in data.topics:
        problems += check_topic(topic)
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


def read_yaml(path: Path, *, required: bool = True) -> Any:
    """One data file's value: a regular file inside its folder, capped in size, plain YAML (see ``safe_yaml``)."""
    try:
        text = folders.read_text(path.parent, path.name)
    except folders.FolderError as exc:
        raise DataError(str(exc)) from None
    if text is None:
        if required:
            raise DataError(f"{path}: file is missing")
        return None
    try:
        return safe_yaml.load(text)
    except safe_yaml.YamlRefused as exc:
        raise DataError(f"{path}: {exc}") from None



def _source_names(data_dir: Path) -> list[str]:
    try:
        return folders.list_names(data_dir, "sources", ".yaml")
    except folders.FolderError as exc:
        raise DataError(str(exc)) from None


def _mapping(path: Path, value: Any, what: str) -> dict[Any, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise DataError(f"{path}: expected {what}, not {_kind(value)}")
    return value


def _lexicon(path: Path) -> dict[str, dict[str, str]]:
    """``language: {word or phrase: English}``; an empty English drops a function word."""
    out: dict[str, dict[str, str]] = {}
    for lang, table in _mapping(path, read_yaml(path, required=False), "a mapping of languages").items():
        words = _mapping(path, table, f"a mapping of words under {_scalar(path, lang, 'language')!r}")
        where = f"language {lang!r}"
        out[str(lang)] = {_scalar(path, k, where): "" if v is None else _scalar(path, v, where)
                          for k, v in words.items()}
    return out


def _gazetteer(path: Path) -> dict[str, tuple[str, ...]]:
    """``kind: [names]``."""
    out: dict[str, tuple[str, ...]] = {}
    for kind, names in _mapping(path, read_yaml(path, required=False), "a mapping of kinds to lists of names").items():
        where = f"kind {_scalar(path, kind, 'kind')!r}"
        if names is not None and not isinstance(names, list):
            raise DataError(f"{path}: {where}: expected a list of names, not {_kind(names)}")
        out[str(kind)] = tuple(_scalar(path, n, where) for n in names or ())
    return out


def _overview(path: Path) -> tuple[str, ...]:
    """``facts: [fact ids]``, in the order ``/nvidia europe`` shows them."""
    body = _mapping(path, read_yaml(path, required=False), "a mapping with a list of facts")
    try:
        return _strs(body.get("facts"))
    except DataError as exc:
        raise DataError(f"{path}: facts: {exc}") from None


def _scalar(path: Path, value: Any, where: str) -> str:
    if isinstance(value, list | dict) or value is None:
        raise DataError(f"{path}: {where}: expected text, not {_kind(value)}")
    return str(value)


def _kind(value: Any) -> str:
    """What a YAML value is, in words (never the value itself, which may be huge)."""
    if value is None:
        return "nothing"
    return {dict: "a mapping", list: "a list", str: "text", bool: "true/false", int: "a number",
            float: "a number"}.get(type(value), type(value).__name__)


def _check_fields(row: dict[Any, Any]) -> None:
    """Every field of an entry is text (or a number or date written as one), except the lists of names and ids."""
    for key, value in row.items():
        if key in LIST_FIELDS:
            _strs(value)
        elif isinstance(value, list | dict):
            raise DataError(f"field {key!r} must be text, not {_kind(value)}")


def _each(path: Path, build: Any) -> list[Any]:
    rows = read_yaml(path) or []
    if not isinstance(rows, list):
        raise DataError(f"{path}: expected a list of entries")
    out = []
    for number, row in enumerate(rows, start=1):
        label = row.get("id") or row.get("canonical") if isinstance(row, dict) else None
        label = label if isinstance(label, str | int) else None
        try:
            if not isinstance(row, dict):
                raise DataError(f"expected a mapping, not {_kind(row)}")
            _check_fields(row)
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
        raise DataError(f"expected a list, not {_kind(value)}")
    if any(isinstance(v, list | dict) or v is None for v in value):
        raise DataError("expected a list of names or ids, not a list holding lists, mappings or empty items")
    return tuple(str(v) for v in value)


def _opt(value: Any) -> str | None:
    return None if value is None or str(value).strip() == "" else str(value)


def _source(path: Path) -> Source:
    row = read_yaml(path)
    if not isinstance(row, dict):
        raise DataError(f"{path}: expected a mapping with id and text")
    try:
        _check_fields(row)
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
    except DataError as exc:
        raise DataError(f"{path}: {exc}") from None


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
    return Alias(str(row["canonical"]), str(row.get("kind") or "term"), _strs(row.get("aliases")),
                 str(row["home"]) if row.get("home") else None)
