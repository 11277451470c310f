"""Crash safety and concurrency, with real processes.

A process making moderator edits in a tight loop is killed with SIGKILL at random moments, many times, so
kills land inside and around transactions; then the real ``python -m bot facts edit`` is killed at random
moments of its run. Afterwards the database must be sound, hold every edit reported saved with its audit
entry, and hold no half-applied edit. Last, several processes edit, vote and ask at once, and none of them
may hit "database is locked".

The kill moments come from a random seed, printed with every failure; ``CRASH_SEED=N`` replays one.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import string
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.core.edit_worker import STATEMENT
from tests.processes import LINE_TIMEOUT, Lines

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
KILLS = 15


def crash_seed() -> int:
    """``CRASH_SEED`` when set (to replay a failure), else a fresh random seed."""
    given = os.environ.get("CRASH_SEED")
    return int(given) if given else int.from_bytes(os.urandom(4), "big")


def replay(seed: int) -> str:
    """How a failure names its seed."""
    return f"seed {seed} (replay with CRASH_SEED={seed})"


def worker(mode: str, db: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.core.edit_worker", mode, str(db), *args],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
    )


def saved_number(line: str) -> int:
    word, number = line.split()
    assert word == "saved", line
    return int(number)


def assert_sound(conn: sqlite3.Connection) -> None:
    """SQLite's checks pass, and every fact is exactly what its latest audit entry says (nothing half-applied)."""
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    duplicated = conn.execute(
        "select entity_id, version from audit where entity = 'fact' group by entity_id, version having count(*) > 1"
    ).fetchall()
    assert not duplicated
    for fact_id, statement, version in conn.execute("select id, statement, version from facts"):
        latest = conn.execute(
            "select version, after from audit where entity = 'fact' and entity_id = ? order by version desc limit 1",
            [fact_id],
        ).fetchone()
        assert latest is not None, f"fact {fact_id} has no audit entry"
        assert latest[0] == version, f"fact {fact_id} is at version {version}, its audit at {latest[0]}"
        assert json.loads(latest[1])["statement"] == statement, f"fact {fact_id} differs from its audit entry"


def assert_consistent(db: Path, saved: set[int]) -> None:
    """The database is sound and every edit the worker reported saved is there with its audit entry."""
    conn = sqlite3.connect(db)
    try:
        assert_sound(conn)
        edits = {
            int(reason.split()[1]): json.loads(after)["statement"]
            for after, reason in conn.execute("select after, reason from audit where actor = 'crash-test'")
        }
        missing = saved - set(edits)
        assert not missing, f"edits reported saved but lost: {sorted(missing)[:10]}"
        assert all(edits[n] == STATEMENT.format(n=n) for n in saved)
    finally:
        conn.close()


def test_sigkill_at_random_moments_loses_no_saved_edit_and_leaves_none_half_applied(db_path: Path) -> None:
    seed = crash_seed()
    rng = random.Random(seed)
    saved: set[int] = set()
    started = time.monotonic()
    for kill in range(KILLS):
        proc = worker("edit", db_path, "--start", str(kill * 100_000))
        lines = Lines(proc.stdout)  # type: ignore[arg-type]
        for _ in range(rng.randint(0, 25)):  # 0: killed while starting or inside its first edit
            line = lines.next()
            assert line is not None, f"{replay(seed)}: " + (proc.stderr.read() if proc.stderr else "")
            saved.add(saved_number(line))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=LINE_TIMEOUT)
        saved.update(saved_number(line) for line in lines.rest())  # printed before the kill, read after
        assert proc.stdin and proc.stderr
        proc.stdin.close()
        stderr = proc.stderr.read()
        proc.stderr.close()
        assert proc.returncode == -signal.SIGKILL, f"{replay(seed)}: {stderr}"
        assert "Traceback" not in stderr, f"{replay(seed)}: {stderr}"
        try:
            assert_consistent(db_path, saved)
        except AssertionError as exc:  # name the seed, so a failure can be replayed
            raise AssertionError(f"{replay(seed)}, kill {kill}: {exc}") from exc
    assert len(saved) >= KILLS, f"{replay(seed)}: too few edits got through to test anything"
    print(f"{replay(seed)}: {KILLS} kills, {len(saved)} edits reported saved, {time.monotonic() - started:.1f} s")


CLI_RUNS = 8


def letters(n: int) -> str:
    """A number as letters: a statement with a digit would need a quote stating that number."""
    out = ""
    while True:
        n, digit = divmod(n, 26)
        out = string.ascii_lowercase[digit] + out
        if not n:
            return out


def test_sigkill_at_random_moments_of_cli_edits_loses_nothing_saved(db_path: Path) -> None:
    """The real ``python -m bot facts edit``, killed at a random moment of its run (or left to finish)."""
    seed = crash_seed()
    rng = random.Random(seed)
    conn = sqlite3.connect(db_path)
    fact_id = conn.execute("select id from facts where retired = 0 order by id").fetchone()[0]
    conn.close()
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONPATH": str(ROOT), "HOME": str(db_path.parent)}
    saved: list[str] = []
    killed, typical = 0, 0.0
    for n in range(CLI_RUNS):
        statement = f"Crash-test wording of this fact, review {letters(n)}."
        started = time.monotonic()
        proc = subprocess.Popen(
            [sys.executable, "-m", "bot", "facts", "edit", fact_id, "--statement", statement, "--by", "crash-cli",
             "--db", str(db_path)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=db_path.parent, env=env,
        )
        try:  # the first run finishes and times a whole run; the others get a random share of that time
            out, err = proc.communicate(timeout=None if n == 0 else rng.uniform(0.2, 1.3) * typical)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate(timeout=LINE_TIMEOUT)
            killed += 1
        else:
            assert proc.returncode == 0 and "is now version" in out, f"{replay(seed)}: {out}{err}"
            saved.append(statement)
            typical = typical or time.monotonic() - started
        conn = sqlite3.connect(db_path)
        try:
            try:
                assert_sound(conn)
            except AssertionError as exc:
                raise AssertionError(f"{replay(seed)}, run {n}: {exc}") from exc
            logged = {json.loads(r[0])["statement"] for r in conn.execute(
                "select after from audit where actor = 'crash-cli' and entity_id = ?", [fact_id]
            )}
        finally:
            conn.close()
        assert set(saved) <= logged, f"{replay(seed)}: an edit the CLI reported saved is missing"
    assert killed, f"{replay(seed)}: every run finished before its kill; nothing was tested"
    print(f"CLI, {replay(seed)}: {killed} of {CLI_RUNS} runs killed, {len(saved)} saved")


QUESTIONS = [
    "How many chips will Mistral Compute use?",
    "what is the capital of France",
    "Where is Mistral's data center?",
    "'; DROP TABLE facts; --",
]


def test_processes_editing_voting_and_asking_at_once_never_hit_a_locked_database(db_path: Path) -> None:
    editors = [worker("edit", db_path, "--wait", "--start", str(n * 1000), "--count", "40") for n in (1, 2)]
    voters = [worker("vote", db_path, "--wait", "--start", str(n * 1000), "--count", "40") for n in (1, 2)]
    readers = [
        subprocess.Popen(
            [sys.executable, "-m", "bot", "ask", "--json", "-", "--db", str(db_path)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
        )
        for _ in range(2)
    ]
    reader_lines = []
    for reader in readers:  # each reader has its index built and has answered once before the writers start
        assert reader.stdin and reader.stdout
        reader.stdin.write(QUESTIONS[0] + "\n")
        reader.stdin.flush()
        lines = Lines(reader.stdout)
        first = lines.next()
        assert first is not None and json.loads(first)["status"] == "answered"
        reader_lines.append(lines)
    for proc in editors + voters:
        assert proc.stdin
        proc.stdin.write("go\n")
        proc.stdin.flush()
    for reader in readers:
        assert reader.stdin
        reader.stdin.write("\n".join(QUESTIONS * 2) + "\n")
        reader.stdin.close()

    outputs = []
    for proc in editors + voters:
        out, err = proc.communicate(timeout=120)
        outputs.append(out + err)
        assert proc.returncode == 0, out + err
    for reader, lines in zip(readers, reader_lines, strict=True):
        answers = [json.loads(line) for line in lines.rest(timeout=120)]
        assert reader.stderr
        err = reader.stderr.read()
        reader.stderr.close()
        assert reader.wait(timeout=120) == 0, err
        outputs.append(err)
        assert len(answers) == len(QUESTIONS) * 2
        assert all(a["status"] in ("answered", "unsure", "no_answer") for a in answers)
    assert not [o for o in outputs if "locked" in o.lower() or "Traceback" in o]

    saved = {saved_number(line) for proc_out in outputs[:2] for line in proc_out.splitlines()}
    assert len(saved) == 80
    assert_consistent(db_path, saved)
    conn = sqlite3.connect(db_path)
    voters_recorded = conn.execute("select count(distinct voter) from feedback where platform = 'test'").fetchone()
    conn.close()
    assert voters_recorded == (80,)
