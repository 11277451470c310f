"""The language table folded once and kept in the database, so a start need not fold its 19,000 phrases.

The copy is plain JSON after a fingerprint of everything that shapes it: the YAML file and the code that folds
it. A changed file or fold changes the fingerprint, and the table is folded afresh and kept in its place.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from bot.core.fingerprint import of as fingerprint_of
from bot.core.languages import DEFAULT_PATH, Language, Languages

META_KEY = "languages-folded"
"""The one database setting the copy is kept in (a new fingerprint replaces the old copy)."""
_CODE = ("languages.py", "text.py")
"""The modules whose code folds the table."""


def fingerprint(path: Path = DEFAULT_PATH) -> str:
    """What a folded copy of this table depends on."""
    here = Path(__file__).resolve().parent
    return fingerprint_of(files=[path, *(here / name for name in _CODE)])[:32]


def dump(table: Languages, mark: str) -> str:
    """The folded table as JSON, after the fingerprint it was folded under."""
    body = json.dumps([asdict(lang) for lang in table.by_code.values()], ensure_ascii=False, separators=(",", ":"))
    return f"{mark}\n{body}"


def restore(text: str, mark: str) -> Languages | None:
    """The table kept by :func:`dump` under this fingerprint; None for another fingerprint or a damaged copy."""
    kept_mark, _, body = text.partition("\n")
    if kept_mark != mark:
        return None
    try:
        return Languages(_language(entry) for entry in json.loads(body))
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


def _language(body: dict[str, object]) -> Language:
    def strings(value: object) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise TypeError("a list of phrases")
        return tuple(value)

    def table(value: object) -> dict[str, object]:
        if not isinstance(value, dict):
            raise TypeError("a table")
        return value

    return Language(
        code=str(body["code"]), name=str(body["name"]), greetings=strings(body["greetings"]),
        signoffs=strings(body["signoffs"]), fillers=strings(body["fillers"]),
        yesno_start=strings(body["yesno_start"]), yesno_end=strings(body["yesno_end"]),
        particles=strings(body["particles"]),
        asks={str(kind): strings(phrases) for kind, phrases in table(body["asks"]).items()},
        numbers={str(k): str(v) for k, v in table(body["numbers"]).items()}, notice=str(body["notice"]),
        question_words=strings(body["question_words"]),
        shorthand={str(k): strings(v) for k, v in table(body["shorthand"]).items()},
    )
