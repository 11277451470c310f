"""The application-command payloads, checked by our own rules (discord.py alone lets some through)."""

from __future__ import annotations

import copy
import json
from typing import Any

import discord
import pytest
from discord import app_commands

from bot.chat.commands import SUBCOMMANDS
from bot.chat.discord_app import command_payloads
from bot.chat.discord_payloads import name_problem, validate_commands
from bot.cli import main


def payload(**overrides: Any) -> dict[str, Any]:
    """A valid one-command payload to break in one way per test."""
    base: dict[str, Any] = {
        "name": "demo", "description": "A demo", "type": 1,
        "options": [
            {"type": 3, "name": "first", "description": "Required", "required": True},
            {"type": 3, "name": "second", "description": "Optional", "required": False},
        ],
    }
    return base | overrides


def test_our_commands_pass_and_match_the_shared_command_language() -> None:
    payloads = command_payloads()
    assert validate_commands(payloads) == []
    nvidia, admin = payloads
    assert nvidia["name"] == "nvidia" and admin["name"] == "nvidia-admin"
    assert tuple(o["name"] for o in nvidia["options"]) == SUBCOMMANDS
    ask = next(o for o in nvidia["options"] if o["name"] == "ask")
    assert ask["options"][0] | {"description": ""} == {
        "type": 3, "name": "question", "description": "", "required": True, "min_length": 1, "max_length": 500,
    }
    fact = next(o for o in nvidia["options"] if o["name"] == "fact")
    assert fact["options"][0]["autocomplete"] is True


def test_a_150_character_description_passes_discord_py_but_not_our_check() -> None:
    async def callback(interaction: discord.Interaction) -> None: ...

    command: app_commands.Command[Any, ..., None] = app_commands.Command(
        name="long", description="d" * 150, callback=callback
    )
    tree: app_commands.CommandTree[discord.Client] = app_commands.CommandTree(
        discord.Client(intents=discord.Intents.default())
    )
    tree.add_command(command)
    built = command.to_dict(tree)  # discord.py raises nothing
    assert built["description"] == "d" * 150
    assert validate_commands([built]) == ["long: description is 150 characters (limit 100)"]


@pytest.mark.parametrize(
    ("name", "ok"),
    [
        ("nvidia", True), ("fact-check", True), ("a_b", True), ("x" * 32, True), ("ñandú", True),
        ("नमस्ते", True), ("สวัสดี", True), ("日本語", True), ("42", True),
        ("NVIDIA", False), ("Ask", False), ("", False), ("x" * 33, False), ("two words", False),
        ("why?", False), ("a.b", False), ("emoji🤖", False), ("ÉCOLE", False),
    ],
)
def test_names_follow_discords_pattern(name: str, ok: bool) -> None:
    assert (name_problem(name) is None) is ok


@pytest.mark.parametrize(
    ("broken", "expected"),
    [
        (payload(name="Demo"), "Demo: name 'Demo' must be lowercase"),
        (payload(description=""), "description is missing or blank"),
        (payload(description="x" * 101), "description is 101 characters"),
        (payload(options=[{"type": 3, "name": "a", "description": "opt"},
                          {"type": 3, "name": "b", "description": "req", "required": True}]),
         "required options must come before optional ones"),
        (payload(options=[{"type": 3, "name": f"o{i}", "description": "d"} for i in range(26)]),
         "26 options or subcommands (limit 25)"),
        (payload(options=[{"type": 1, "name": f"s{i}", "description": "d"} for i in range(26)]),
         "26 options or subcommands (limit 25)"),
        (payload(options=[{"type": 3, "name": "c", "description": "d",
                           "choices": [{"name": f"c{i}", "value": f"v{i}"} for i in range(26)]}]),
         "26 choices (limit 25)"),
        (payload(options=[{"type": 3, "name": "c", "description": "d", "autocomplete": True,
                           "choices": [{"name": "n", "value": "v"}]}]), "both choices and autocomplete"),
        (payload(options=[{"type": 3, "name": "c", "description": "d",
                           "choices": [{"name": "n" * 101, "value": "v"}]}]), "choice names must be 1-100"),
        (payload(options=[{"type": 1, "name": "sub", "description": "d"},
                          {"type": 3, "name": "loose", "description": "d"}]), "cannot be mixed"),
        (payload(options=[{"type": 1, "name": "sub", "description": "d",
                           "options": [{"type": 1, "name": "deeper", "description": "d"}]}]),
         "a subcommand cannot contain subcommands"),
        (payload(options=[{"type": 2, "name": "grp", "description": "d",
                           "options": [{"type": 3, "name": "x", "description": "d"}]}]),
         "a subcommand group may contain only subcommands"),
        (payload(options=[{"type": 3, "name": "same", "description": "d"},
                          {"type": 3, "name": "same", "description": "d"}]), "more than one option is called"),
        (payload(options=[{"type": 3, "name": "Bad Name", "description": "d"}]), "demo Bad Name: name"),
        (payload(options=[{"type": 3, "name": "x", "description": "y" * 101}]), "demo x: description is 101"),
        (payload(options=[{"type": 3, "name": "x", "description": "d", "max_length": 6001}]), "max_length"),
        (payload(options=[{"type": 4, "name": "x", "description": "d", "min_length": 1}]), "string options only"),
        (payload(name_localizations={"fr": "Démo"}), "demo [fr]: name 'Démo' must be lowercase"),
        (payload(description_localizations={"de": "z" * 120}), "demo [de]: description is 120"),
        (payload(options=[{"type": 1, "name": f"s{i}", "description": "d" * 100,
                           "options": [{"type": 3, "name": f"o{j}", "description": "e" * 100}
                                       for j in range(3)]} for i in range(12)]), "limit 4000"),
        (payload(type=2, description="Not allowed", options=[]), "context-menu commands take no description"),
    ],
)
def test_each_rule_is_enforced(broken: dict[str, Any], expected: str) -> None:
    problems = validate_commands([broken])
    assert any(expected in p for p in problems), problems


def test_duplicate_top_level_names_are_rejected() -> None:
    assert any("share this name" in p for p in validate_commands([payload(), payload()]))
    assert validate_commands([payload(), payload(type=2, name="Demo", description="", options=[])]) == []


def test_our_payloads_break_when_tampered_with() -> None:
    tampered = copy.deepcopy(command_payloads())
    tampered[0]["options"][1]["options"][0]["description"] = "q" * 101
    assert validate_commands(tampered) == ["nvidia ask question: description is 101 characters (limit 100)"]


# -- the command line ---------------------------------------------------------------------------------------


def test_commands_json_prints_the_exact_payloads_without_a_token(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    assert main(["discord", "commands", "--json"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out) == command_payloads()
    assert err == ""


def test_commands_lists_them_readably(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["discord", "commands"]) == 0
    out = capsys.readouterr().out
    assert all(f"/nvidia {sub}" in out for sub in SUBCOMMANDS)


def test_sync_needs_the_token(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    monkeypatch.chdir(tmp_path)  # no .env here
    assert main(["discord", "sync", "--guild", "123"]) == 2
    assert "DISCORD_TOKEN is not set" in capsys.readouterr().err


def test_every_discord_cli_command_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["discord", "--help"])
    out = capsys.readouterr().out
    assert "sync      register the /nvidia commands" in out
    assert "commands  print the application-command payloads" in out
