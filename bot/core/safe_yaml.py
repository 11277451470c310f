"""YAML from a folder someone else wrote: plain values only, so parsing costs what the file's size says.

The data files are lists and mappings of text; none needs YAML's power, and
two of its features turn a small file into a big problem. Anchors and aliases
let ten short lines expand to a billion items ("billion laughs"), and explicit
tags build other types (``!!binary`` makes bytes). So the file's events are
read first with libyaml's parser, which builds nothing, and any anchor, alias
or explicit tag, or nesting deeper than the data needs, is refused before a
single value is constructed. The caller has already capped the file's size.
"""

from __future__ import annotations

from typing import Any

import yaml

MAX_DEPTH = 12
"""Nesting levels allowed: the deepest data file (the lexicon: languages, then words) needs 3."""

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader when PyYAML was built with it: the same result, several times faster."""


class YamlRefused(ValueError):
    """The text is not the plain YAML the data files use; the message says what was found and where."""


def load(text: str) -> Any:
    """The value the text holds, after :func:`check` found nothing but plain lists, mappings and scalars."""
    check(text)
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise YamlRefused(f"not valid YAML: {exc}") from None


def check(text: str) -> None:
    """Refuse anchors, aliases, explicit tags and deep nesting, reading events only (nothing is built)."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise YamlRefused(f"{_at(event)}: anchors and aliases (&name, *name) are not allowed")
            tag = getattr(event, "tag", None)
            if tag:
                raise YamlRefused(f"{_at(event)}: explicit tags ({tag.replace('tag:yaml.org,2002:', '!!')}) "
                                  "are not allowed")
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise YamlRefused(f"{_at(event)}: nested more than {MAX_DEPTH} levels deep")
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError as exc:
        raise YamlRefused(f"not valid YAML: {exc}") from None


def _at(event: yaml.Event) -> str:
    mark = event.start_mark
    return f"line {mark.line + 1}" if mark is not None else "somewhere"
