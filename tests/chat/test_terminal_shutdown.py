"""SIGTERM ends the terminal chat cleanly: the answer in flight is finished, then the database is closed."""

from __future__ import annotations

import io
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bot.core.models import Answer
from bot.core.service import KnowledgeBase
from bot.core.store import Store
from bot.terminal.chat import chat
from tests.processes import Lines

ROOT = Path(__file__).resolve().parents[2]


class TerminatedWhileAnswering(KnowledgeBase):
    """A knowledge base that receives SIGTERM in the middle of its first answer."""

    def ask(self, question: str, **options: Any) -> Answer:
        os.kill(os.getpid(), signal.SIGTERM)  # the handler runs now, while the answer is in flight
        return super().ask(question, **options)


def test_sigterm_during_an_answer_finishes_it_then_closes_the_database(db_path: Path) -> None:
    kb = TerminatedWhileAnswering(Store.open(db_path))
    previous = signal.getsignal(signal.SIGTERM)
    stdin = io.StringIO("How many chips will Mistral Compute use?\nWhere is Mistral's data center?\n")
    stdout = io.StringIO()

    assert chat(kb, stdin, stdout) == 0

    out = stdout.getvalue()
    assert "18,000" in out and "Source:" in out  # the answer in flight was finished and printed
    assert out.count("bot> ") == 1  # and nothing more was read
    assert stdin.readline().startswith("Where is")
    with pytest.raises(sqlite3.ProgrammingError):
        kb.store.db.execute("select 1")  # the database was closed
    assert signal.getsignal(signal.SIGTERM) == previous


def test_ending_input_leaves_the_callers_database_open(kb: KnowledgeBase) -> None:
    assert chat(kb, io.StringIO("/nvidia help\n"), io.StringIO()) == 0
    assert kb.store.db.execute("select 1").fetchone() == (1,)


def test_sigterm_while_waiting_for_input_exits_at_once_with_the_database_closed(db_path: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "chat", "--db", str(db_path)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=db_path.parent,
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONPATH": str(ROOT), "HOME": str(db_path.parent)},
    )
    assert proc.stdin and proc.stdout and proc.stderr
    lines = Lines(proc.stdout)
    proc.stdin.write("How many chips will Mistral Compute use?\n")
    proc.stdin.flush()
    while (line := lines.next()) is not None and not line.startswith("bot> "):
        pass
    assert line is not None and "18,000" in line
    while (line := lines.next()) is not None and line:  # the rest of the answer, up to its blank line
        pass
    assert Path(f"{db_path}-wal").exists()  # the database is open in WAL mode

    proc.send_signal(signal.SIGTERM)  # the chat is now blocked reading its next line

    assert proc.wait(timeout=30) == 0
    stderr = proc.stderr.read()
    proc.stdin.close()
    proc.stderr.close()
    assert "Traceback" not in stderr
    assert not Path(f"{db_path}-wal").exists()  # closed cleanly: the last connection checkpointed the WAL
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()
