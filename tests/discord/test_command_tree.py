"""A guard over the real command tree: what ``sync`` would register breaks none of Discord's rules.

Like python-discord's ``tests/bot/exts/test_cogs.py``, it takes the commands
from the bot as ``build_bot`` assembles it (not from a list kept by hand), so a
command added tomorrow is checked too. The rules themselves live in
``command_rules``; the second half of this file shows each of them can fail.
"""

from __future__ import annotations

import copy
import json
from collections import Counter
from pathlib import Path
from typing import Any

import discord
import pytest
from discord import app_commands

from bot.chat.commands import SUBCOMMANDS
from bot.cli import main
from bot.cli.discord import sync_commands
from bot.discord.app import build_bot, command_payloads, offline_bot
from bot.discord.bot import NvidiaBot
from tests.discord.command_rules import name_problem, validate_commands
from tests.discord.fake_discord import FakeDiscord
from tests.discord.harness import run
from tests.discord.payloads import APP_ID, GUILD_ID, TOKEN


@pytest.fixture(scope="module")
def bot() -> NvidiaBot:
    """The bot's real tree, built as ``commands --json`` and ``sync`` build it."""
    return offline_bot()


def walk(bot: NvidiaBot) -> list[app_commands.Command[Any, ..., Any] | app_commands.Group]:
    return list(bot.tree.walk_commands())


# -- the guard ------------------------------------------------------------------------------------------


def test_every_command_passes_discords_rules(bot: NvidiaBot) -> None:
    payloads = [command.to_dict(bot.tree) for command in bot.tree.get_commands()]
    assert validate_commands(payloads) == []


def test_command_names_are_unique_and_valid(bot: NvidiaBot) -> None:
    names = Counter(command.qualified_name for command in walk(bot))
    assert [name for name, count in names.items() if count > 1] == []
    for command in walk(bot):
        assert name_problem(command.name) is None, command.qualified_name


def test_every_command_and_option_is_described_within_limits(bot: NvidiaBot) -> None:
    for command in walk(bot):
        assert 1 <= len(command.description) <= 100, command.qualified_name
        if isinstance(command, app_commands.Command):
            assert len(command.parameters) <= 25, command.qualified_name
            assert len({p.name for p in command.parameters}) == len(command.parameters)
            for parameter in command.parameters:
                assert name_problem(parameter.name) is None, f"{command.qualified_name} {parameter.name}"
                assert 1 <= len(parameter.description) <= 100, f"{command.qualified_name} {parameter.name}"
                assert len(parameter.choices) <= 25
                assert not (parameter.choices and parameter.autocomplete)
        else:
            assert len(command.commands) <= 25, command.qualified_name


def test_the_production_bot_and_the_offline_one_register_the_same_commands(shared_kb: Any) -> None:
    live = build_bot(shared_kb, offline_bot().settings)
    assert [c.to_dict(live.tree) for c in live.tree.get_commands()] == command_payloads()


def test_our_commands_match_the_shared_command_language() -> None:
    payloads = command_payloads()
    nvidia, admin = payloads
    assert nvidia["name"] == "nvidia" and admin["name"] == "nvidia-admin"
    assert tuple(o["name"] for o in nvidia["options"]) == SUBCOMMANDS
    ask = next(o for o in nvidia["options"] if o["name"] == "ask")
    assert ask["options"][0] | {"description": ""} == {
        "type": 3, "name": "question", "description": "", "required": True, "min_length": 1, "max_length": 500,
    }
    fact = next(o for o in nvidia["options"] if o["name"] == "fact")
    assert fact["options"][0]["autocomplete"] is True


def test_the_admin_group_is_for_moderators_in_servers() -> None:
    (group,) = [p for p in command_payloads() if p["name"] == "nvidia-admin"]
    assert group["default_member_permissions"] == 32 and group["dm_permission"] is False
    subs = {o["name"]: o for o in group["options"]}
    assert set(subs) == {"fact-edit", "fact-add", "fact-retire", "fact-restore", "faq-edit", "faq-phrasing",
                         "history", "revert", "unanswered", "unanswered-attach", "unanswered-dismiss",
                         "source-add", "proposals", "proposal", "fact-supersede"}
    assert subs["fact-edit"]["options"][0]["autocomplete"] is True


def test_the_payloads_are_the_ones_registered_before_the_redesign() -> None:
    """``commands --json`` printed these bytes before the adapter moved to ``bot/discord`` (plus the commands that
    add an article and review its proposed facts, and supersede a fact); nothing else changed."""
    recorded = json.loads((Path(__file__).parent / "commands.json").read_text())
    assert command_payloads() == recorded


# -- the rules can fail ----------------------------------------------------------------------------------


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


@pytest.mark.parametrize(("guild", "clear"), [(GUILD_ID, False), (None, False), (GUILD_ID, True)],
                         ids=["guild", "global", "clear-guild"])
def test_sync_registers_exactly_the_payloads(guild: int | None, clear: bool) -> None:
    """``discord sync`` against the fake Discord: one PUT, with the payloads ``commands --json`` prints."""

    async def scenario() -> None:
        with FakeDiscord() as discord_:
            names = await sync_commands(TOKEN, guild, clear=clear, connector=discord_.connector())
            (put,) = discord_.calls
            where = f"/guilds/{guild}" if guild else ""
            assert (put.method, put.path) == ("PUT", f"/applications/{APP_ID}{where}/commands")
            if clear:
                assert put.listed == [] and names == []
            else:
                assert names == ["nvidia", "nvidia-admin"]
                assert [{k: v for k, v in c.items() if k != "guild_id"} for c in put.listed] == command_payloads()

    run(scenario)
