"""``--db`` means one database wherever it stands, every command names it, and a file that is not ours is refused.

Run as real subprocesses, as the reproductions were: ``BOT_DB=a.db python -m bot --db other.db health`` once
reported ``a.db``; a folder, a text file, a database cut short or another application's database once gave
tracebacks, and the last was even migrated.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # every test runs `python -m bot` as a subprocess

ROOT = Path(__file__).resolve().parents[2]


def bot(*args: str | bytes, cwd: Path, env: dict[str, str] | None = None,
        stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m bot ARGS`` with no settings but the given ones (answering on words alone, for speed)."""
    base = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONPATH": str(ROOT), "HOME": str(cwd),
            "BOT_SEMANTIC": "off"}
    return subprocess.run([sys.executable, "-m", "bot", *args], input=stdin, capture_output=True, text=True,
                          cwd=cwd, timeout=120, env={**base, **(env or {})}, errors="replace")


def one_line_refusal(proc: subprocess.CompletedProcess[str]) -> str:
    assert proc.returncode != 0, proc.stdout
    assert "Traceback" not in proc.stderr + proc.stdout
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, proc.stderr
    return errors[0]


def test_db_before_the_command_name_is_the_database_used(db_path: Path, tmp_path: Path) -> None:
    other = tmp_path / "a.db"
    proc = bot("--db", str(tmp_path / "nonexistent.db"), "health", cwd=tmp_path, env={"BOT_DB": str(other)})
    assert proc.returncode == 1
    assert "nonexistent.db" in proc.stdout and "a.db" not in proc.stdout
    assert not other.exists()

    before = bot("--db", str(db_path), "topics", "--json", cwd=tmp_path, env={"BOT_DB": str(other)})
    after = bot("topics", "--json", "--db", str(db_path), cwd=tmp_path, env={"BOT_DB": str(other)})
    assert before.returncode == after.returncode == 0, before.stderr + after.stderr
    assert json.loads(before.stdout) == json.loads(after.stdout)
    assert not other.exists(), "--db before the command name is not overridden by $BOT_DB"


def test_db_before_a_verb_of_a_command_family(db_path: Path, tmp_path: Path) -> None:
    proc = bot("facts", "--db", str(db_path), "show", "mistral-compute-chips", cwd=tmp_path,
               env={"BOT_DB": str(tmp_path / "a.db")})
    assert proc.returncode == 0, proc.stderr
    assert "18,000" in proc.stdout and not (tmp_path / "a.db").exists()


def test_two_different_db_paths_are_refused(db_path: Path, tmp_path: Path) -> None:
    line = one_line_refusal(bot("--db", str(db_path), "ask", "hi", "--db", str(tmp_path / "b.db"), cwd=tmp_path))
    assert "--db" in line
    assert not (tmp_path / "b.db").exists()


def test_every_command_names_its_database_on_stderr_and_ask_json_keeps_its_stdout(
    db_path: Path, tmp_path: Path,
) -> None:
    proc = bot("--db", str(db_path), "ask", "--json", "-", cwd=tmp_path, stdin="what is mistral compute\n\n")
    assert proc.returncode == 0, proc.stderr
    assert [json.loads(line)["status"] for line in proc.stdout.splitlines()] == ["answered", "no_answer"]
    assert f"database: {db_path}" in proc.stderr.splitlines()
    for args in (("facts", "list"), ("export", str(tmp_path / "out")), ("unanswered", "list")):
        proc = bot(*args, "--db", str(db_path), cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr
        assert f"database: {db_path}" in proc.stderr.splitlines(), args
    health = bot("health", "--db", str(db_path), cwd=tmp_path)
    assert str(db_path) in health.stdout


def _foreign(path: Path) -> Path:
    conn = sqlite3.connect(path)
    conn.execute("create table meta (key text primary key, value text)")
    conn.execute("insert into meta values ('owner', 'another app')")
    conn.commit()
    conn.close()
    return path


def _truncated(db_path: Path, path: Path) -> Path:
    path.write_bytes(db_path.read_bytes()[:20_000])
    return path


@pytest.mark.parametrize("kind", ["directory", "text", "truncated", "foreign"])
def test_a_file_that_is_not_our_database_is_refused_and_left_as_it_was(
    kind: str, db_path: Path, tmp_path: Path,
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    target = work / "kb.db"
    if kind == "directory":
        target.mkdir()
    elif kind == "text":
        target.write_text("hello, I am a shopping list\n" * 20)
    elif kind == "truncated":
        _truncated(db_path, target)
    else:
        _foreign(target)
    before = None if target.is_dir() else target.read_bytes()
    for args in (("ask", "what is mistral compute"), ("facts", "list"), ("purge",),
                 ("facts", "retire", "mistral-compute-chips", "--by", "m")):
        one_line_refusal(bot(*args, "--db", str(target), cwd=work))
    health = bot("health", "--db", str(target), cwd=work)
    assert health.returncode == 1 and "Traceback" not in health.stdout + health.stderr
    assert "brings it up to date" not in health.stdout
    if kind == "foreign":
        assert "another application" in health.stdout
    if before is not None:
        assert target.read_bytes() == before
    assert sorted(p.name for p in work.iterdir()) == ["kb.db"], "no -wal, -shm or index file beside it"


def test_restore_never_overwrites_another_applications_database(db_path: Path, tmp_path: Path) -> None:
    target = _foreign(tmp_path / "theirs.db")
    before = target.read_bytes()
    line = one_line_refusal(bot("restore", str(db_path), "--db", str(target), cwd=tmp_path))
    assert "another application" in line
    assert target.read_bytes() == before


@pytest.mark.parametrize("args", [
    [b"facts", b"show", b"\xff"],
    [b"facts", b"retire", b"mistral-compute-chips", b"--by", b"\xff"],
    [b"ask", b"chips\xfe"],
])
def test_arguments_that_are_not_utf8_are_refused_in_one_line(args: list[bytes], db_path: Path, tmp_path: Path) -> None:
    line = one_line_refusal(bot(*args, b"--db", os.fsencode(db_path), cwd=tmp_path))
    assert "UTF-8" in line
