"""The terminal chat shows the conversation, not log lines, unless LOG_LEVEL asks for them; run as a subprocess."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
QUESTION = "how many chips for mistral compute?\n"
INFO_LINE = re.compile(r"^\S+ \S+ INFO ", re.MULTILINE)
"""A text-format log line at INFO: ``date time INFO logger [request] message``."""


def chat(db: Path, cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args, "--db", str(db)], input=QUESTION, capture_output=True, text=True,
        cwd=cwd, timeout=120,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "HOME": str(cwd), "BOT_SEMANTIC": "off", **env},
    )


@pytest.mark.slow
@pytest.mark.parametrize("command", [["chat"], []], ids=["chat", "run-without-tokens"])
def test_the_terminal_chat_prints_no_info_log_lines(db_path: Path, tmp_path: Path, command: list[str]) -> None:
    proc = chat(db_path, tmp_path, *command)
    assert proc.returncode == 0, proc.stderr
    assert "bot> " in proc.stdout and "18,000" in proc.stdout, proc.stdout
    assert not INFO_LINE.search(proc.stdout + proc.stderr), proc.stdout + proc.stderr


@pytest.mark.slow
def test_log_level_set_explicitly_brings_the_info_lines_back(db_path: Path, tmp_path: Path) -> None:
    proc = chat(db_path, tmp_path, "chat", LOG_LEVEL="INFO")
    assert proc.returncode == 0, proc.stderr
    assert re.search(r"^\S+ \S+ INFO bot\.terminal\.chat .* answered", proc.stderr, re.MULTILINE), proc.stderr
    assert not INFO_LINE.search(proc.stdout), "logs go to stderr, never into the conversation"
