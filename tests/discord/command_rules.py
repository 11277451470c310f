"""Discord's rules for application-command payloads, for the guard test over the real command tree.

discord.py builds the payloads but does not enforce every rule Discord applies
at registration (it happily builds a 150-character description, for one), and a
sync that Discord rejects fails the whole batch. The guard test checks the exact
payloads here, with a message naming the offending command path, so a mistake
fails in CI instead of at deploy time.

The rules follow Discord's "Application Commands" reference: names of 1-32
letters, digits, ``-`` or ``_`` (plus Devanagari and Thai, whose marks are not
letters), lowercase where a lowercase form exists; descriptions of 1-100
characters; required options first; at most 25 options, subcommands and
choices; subcommand nesting rules; 4000 characters per command in all.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

NAME_MAX = 32
DESCRIPTION_MAX = 100
OPTIONS_MAX = 25
CHOICES_MAX = 25
CHOICE_MAX = 100
STRING_LENGTH_MAX = 6000
COMMAND_CHARACTERS_MAX = 4000
GLOBAL_CHAT_COMMANDS_MAX = 100

CHAT_INPUT, USER, MESSAGE, PRIMARY_ENTRY_POINT = 1, 2, 3, 4
SUB_COMMAND, SUB_COMMAND_GROUP = 1, 2
STRING, INTEGER, NUMBER, CHANNEL = 3, 4, 10, 7
OPTION_TYPES = range(1, 12)

_SCRIPT_RANGES = ((0x0900, 0x097F), (0x0E00, 0x0E7F))
"""Devanagari and Thai, which Discord allows by script (their vowel signs are marks, not letters)."""


def name_problem(name: object) -> str | None:
    """Why ``name`` is not a valid chat-command or option name, or None if it is."""
    if not isinstance(name, str):
        return "name is missing"
    if not 1 <= len(name) <= NAME_MAX:
        return f"name {name!r} must be 1-{NAME_MAX} characters (is {len(name)})"
    bad = [c for c in name if not _name_char(c)]
    if bad:
        return f"name {name!r} has characters Discord does not allow: {''.join(dict.fromkeys(bad))!r}"
    if name != name.lower():
        return f"name {name!r} must be lowercase"
    return None


def _name_char(c: str) -> bool:
    if c in "-_" or unicodedata.category(c)[0] in "LN":
        return True
    return any(lo <= ord(c) <= hi for lo, hi in _SCRIPT_RANGES)


def description_problem(description: object) -> str | None:
    """Why a chat-command or option description is invalid, or None."""
    if not isinstance(description, str) or not description.strip():
        return "description is missing or blank"
    if len(description) > DESCRIPTION_MAX:
        return f"description is {len(description)} characters (limit {DESCRIPTION_MAX})"
    return None


def validate_commands(payloads: Sequence[Mapping[str, Any]]) -> list[str]:
    """Every rule the payloads break, as ``"path: problem"`` lines; empty when Discord would accept them."""
    problems: list[str] = []
    seen: set[tuple[int, str]] = set()
    chat_commands = 0
    for payload in payloads:
        kind = payload.get("type", CHAT_INPUT)
        name = payload.get("name")
        path = str(name)
        if (kind, str(name)) in seen:
            problems.append(f"{path}: two commands of type {kind} share this name")
        seen.add((kind, str(name)))
        if kind == CHAT_INPUT:
            chat_commands += 1
            problems += _check_chat_command(payload, path)
        elif kind in (USER, MESSAGE):
            problems += _check_context_menu(payload, path)
        elif kind != PRIMARY_ENTRY_POINT:
            problems.append(f"{path}: unknown command type {kind!r}")
    if chat_commands > GLOBAL_CHAT_COMMANDS_MAX:
        problems.append(f"{chat_commands} chat commands (limit {GLOBAL_CHAT_COMMANDS_MAX})")
    return problems


def _check_context_menu(payload: Mapping[str, Any], path: str) -> list[str]:
    name = payload.get("name")
    problems = []
    if not isinstance(name, str) or not 1 <= len(name) <= NAME_MAX:
        problems.append(f"{path}: context-menu names must be 1-{NAME_MAX} characters")
    if payload.get("description") not in ("", None):
        problems.append(f"{path}: context-menu commands take no description")
    if payload.get("options"):
        problems.append(f"{path}: context-menu commands take no options")
    return problems


def _check_chat_command(payload: Mapping[str, Any], path: str) -> list[str]:
    problems = _check_named(payload, path)
    problems += _check_options(payload.get("options") or [], path, depth=0)
    total = _characters(payload)
    if total > COMMAND_CHARACTERS_MAX:
        problems.append(
            f"{path}: {total} characters in names, descriptions and values (limit {COMMAND_CHARACTERS_MAX})"
        )
    return problems


def _check_named(item: Mapping[str, Any], path: str) -> list[str]:
    """Name, description and their localizations."""
    problems = []
    for problem in (name_problem(item.get("name")), description_problem(item.get("description"))):
        if problem:
            problems.append(f"{path}: {problem}")
    for locale, value in (item.get("name_localizations") or {}).items():
        problem = name_problem(value)
        if problem:
            problems.append(f"{path} [{locale}]: {problem}")
    for locale, value in (item.get("description_localizations") or {}).items():
        problem = description_problem(value)
        if problem:
            problems.append(f"{path} [{locale}]: {problem}")
    return problems


def _check_options(options: Sequence[Mapping[str, Any]], path: str, depth: int) -> list[str]:
    """One level of options: count, unique names, order, and the subcommand nesting rules."""
    problems: list[str] = []
    if len(options) > OPTIONS_MAX:
        problems.append(f"{path}: {len(options)} options or subcommands (limit {OPTIONS_MAX})")
    names = [o.get("name") for o in options]
    for name in {n for n in names if names.count(n) > 1}:
        problems.append(f"{path}: more than one option is called {name!r}")
    kinds = [o.get("type") for o in options]
    nested = [k in (SUB_COMMAND, SUB_COMMAND_GROUP) for k in kinds]
    if any(nested) and not all(nested):
        problems.append(f"{path}: subcommands cannot be mixed with other options at one level")
    optional_seen = False
    for option in options:
        kind = option.get("type")
        sub = f"{path} {option.get('name')}"
        problems += _check_named(option, sub)
        if kind not in OPTION_TYPES:
            problems.append(f"{sub}: unknown option type {kind!r}")
            continue
        if kind == SUB_COMMAND_GROUP:
            if depth > 0:
                problems.append(f"{sub}: a subcommand group can only sit at the top level")
            children = option.get("options") or []
            if any(c.get("type") != SUB_COMMAND for c in children):
                problems.append(f"{sub}: a subcommand group may contain only subcommands")
            problems += _check_options(children, sub, depth + 1)
        elif kind == SUB_COMMAND:
            children = option.get("options") or []
            if any(c.get("type") in (SUB_COMMAND, SUB_COMMAND_GROUP) for c in children):
                problems.append(f"{sub}: a subcommand cannot contain subcommands")
            problems += _check_options(children, sub, depth + 1)
        else:
            if option.get("required"):
                if optional_seen:
                    problems.append(f"{sub}: required options must come before optional ones")
            else:
                optional_seen = True
            problems += _check_value_option(option, sub)
    return problems


def _check_value_option(option: Mapping[str, Any], path: str) -> list[str]:
    """Choices, autocomplete, lengths and ranges of one value-taking option."""
    problems = []
    kind = option.get("type")
    choices = option.get("choices") or []
    if choices:
        if kind not in (STRING, INTEGER, NUMBER):
            problems.append(f"{path}: only string, integer and number options can have choices")
        if len(choices) > CHOICES_MAX:
            problems.append(f"{path}: {len(choices)} choices (limit {CHOICES_MAX})")
        if option.get("autocomplete"):
            problems.append(f"{path}: an option cannot have both choices and autocomplete")
        for choice in choices:
            cname = choice.get("name")
            if not isinstance(cname, str) or not 1 <= len(cname) <= CHOICE_MAX:
                problems.append(f"{path}: choice names must be 1-{CHOICE_MAX} characters ({cname!r})")
            value = choice.get("value")
            if isinstance(value, str) and not 1 <= len(value) <= CHOICE_MAX:
                problems.append(f"{path}: choice values must be 1-{CHOICE_MAX} characters ({value!r})")
    if option.get("autocomplete") and kind not in (STRING, INTEGER, NUMBER):
        problems.append(f"{path}: only string, integer and number options can autocomplete")
    low, high = option.get("min_length"), option.get("max_length")
    if low is not None or high is not None:
        if kind != STRING:
            problems.append(f"{path}: min_length/max_length apply to string options only")
        if low is not None and not 0 <= low <= STRING_LENGTH_MAX:
            problems.append(f"{path}: min_length must be 0-{STRING_LENGTH_MAX}")
        if high is not None and not 1 <= high <= STRING_LENGTH_MAX:
            problems.append(f"{path}: max_length must be 1-{STRING_LENGTH_MAX}")
        if low is not None and high is not None and low > high:
            problems.append(f"{path}: min_length is above max_length")
    if (option.get("min_value") is not None or option.get("max_value") is not None) and kind not in (
        INTEGER, NUMBER,
    ):
        problems.append(f"{path}: min_value/max_value apply to integer and number options only")
    if option.get("channel_types") and kind != CHANNEL:
        problems.append(f"{path}: channel_types apply to channel options only")
    return problems


def _characters(item: Mapping[str, Any]) -> int:
    """What Discord counts towards a command's 4000: names, descriptions and choice names and values."""
    total = len(str(item.get("name") or "")) + len(str(item.get("description") or ""))
    for choice in item.get("choices") or []:
        total += len(str(choice.get("name") or "")) + len(str(choice.get("value") or ""))
    for option in item.get("options") or []:
        total += _characters(option)
    return total
