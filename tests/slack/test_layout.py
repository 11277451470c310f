"""The Slack adapter's shape: the app imports no transport, nothing imports in a cycle, and the core stays Slack-free.

Read from the source with ``ast``, so a violation fails here rather than in a review.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SLACK = ROOT / "bot" / "slack"
ADAPTERS = {"bot.slack.http", "bot.slack.wsgi", "bot.slack.socket_mode"}
MAX_LINES = 400


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules(folder: Path) -> dict[str, Path]:
    return {module_name(p): p for p in sorted(folder.rglob("*.py"))}


SLACK_MODULES = modules(SLACK)


def imports(path: Path, known: dict[str, Path]) -> set[str]:
    """Every module ``path`` imports; ``from package import submodule`` counts as the submodule."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            submodules = {f"{node.module}.{a.name}" for a in node.names} & set(known)
            found.update(submodules)
            if len(submodules) < len(node.names):
                found.add(node.module)
    return found


GRAPH = {name: imports(path, SLACK_MODULES) & set(SLACK_MODULES) for name, path in SLACK_MODULES.items()}


def reachable(start: str) -> set[str]:
    seen: set[str] = set()
    todo = [start]
    while todo:
        for target in GRAPH.get(todo.pop(), set()) - seen:
            seen.add(target)
            todo.append(target)
    return seen


def test_the_app_imports_no_transport() -> None:
    assert reachable("bot.slack.app").isdisjoint(ADAPTERS)
    for adapter in ADAPTERS:
        assert "bot.slack.app" in reachable(adapter), f"{adapter} serves the app"


@pytest.mark.parametrize("name", sorted(SLACK_MODULES))
def test_no_import_cycles(name: str) -> None:
    assert name not in reachable(name), f"{name} imports itself through {sorted(reachable(name) & set(GRAPH))}"


@pytest.mark.parametrize("name", sorted(SLACK_MODULES))
def test_slack_imports_no_other_adapter(name: str) -> None:
    others = [m for m in imports(SLACK_MODULES[name], SLACK_MODULES)
              if m.split(".")[:2] in (["bot", "discord"], ["bot", "terminal"], ["bot", "cli"])]
    assert not others


@pytest.mark.parametrize("name", sorted({**modules(ROOT / "bot" / "core"), **modules(ROOT / "bot" / "chat")}))
def test_core_and_chat_know_nothing_of_slack(name: str) -> None:
    path = {**modules(ROOT / "bot" / "core"), **modules(ROOT / "bot" / "chat")}[name]
    assert not [m for m in imports(path, {}) if m.split(".")[0] in ("slack_bolt", "slack_sdk")]


@pytest.mark.parametrize("name", sorted(SLACK_MODULES))
def test_modules_are_small_say_their_job_and_import_at_the_top(name: str) -> None:
    source = SLACK_MODULES[name].read_text(encoding="utf-8")
    tree = ast.parse(source)
    assert len(source.splitlines()) <= MAX_LINES
    docstring = ast.get_docstring(tree)
    assert docstring and docstring.splitlines()[0].strip(), "the first docstring line says the module's job"
    for function in (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)):
        assert not [n for n in ast.walk(function) if isinstance(n, ast.Import | ast.ImportFrom)], function.name
