"""Kept readings are used only while the code that made them is unchanged."""

import ast
from pathlib import Path

from bot.core import readings

CORE = Path(readings.__file__).parent


def _read_with(module: str) -> set[str]:
    """The modules of ``bot.core`` a module imports, and theirs in turn."""
    seen: set[str] = set()
    todo = [module]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        for node in ast.walk(ast.parse((CORE / f"{name}.py").read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("bot.core."):
                todo.append(node.module.split(".")[2])
            elif isinstance(node, ast.ImportFrom) and node.module == "bot.core":
                todo += [alias.name for alias in node.names]
    return seen


def test_every_module_the_analyzer_reads_with_is_in_the_readings_fingerprint() -> None:
    """A module split out of the analyzer (the name tables, the scripts) still decides readings: a change to it
    must not leave a start reusing readings made by the old code."""
    assert {f"{name}.py" for name in _read_with("analyzer")} <= set(readings._CODE)
