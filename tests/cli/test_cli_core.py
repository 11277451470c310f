"""The command-line contract other tools rely on, run as a real subprocess."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import build_parser

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, stdin: str | None = None, db: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args, "--db", str(db)],
        input=stdin, capture_output=True, text=True, cwd=ROOT, timeout=120,
    )


@pytest.mark.slow
def test_ask_json_prints_one_object(db_path: Path) -> None:
    proc = run("ask", "How many chips will Mistral Compute use?", "--json", db=db_path)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["status"] == "answered" and data["sources"]
    assert data["match"]["kind"] in ("faq", "fact")


@pytest.mark.slow
def test_ask_json_stdin_answers_every_line_in_order_including_blank_and_junk(db_path: Path) -> None:
    lines = ["What is Mistral Compute?", "", "\x00\x07", "SELECT * FROM facts", "🤖" * 50, "x" * 10_000]
    proc = run("ask", "--json", "-", stdin="\n".join(lines) + "\n", db=db_path)
    assert proc.returncode == 0, proc.stderr
    out = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(out) == len(lines)
    assert out[0]["status"] == "answered"
    assert all(o["status"] == "no_answer" for o in out[1:])
    assert "Traceback" not in proc.stderr


@pytest.mark.slow
def test_human_readable_ask_shows_the_quote(db_path: Path) -> None:
    proc = run("ask", "Where is Mistral's data center?", db=db_path)
    assert "Essonne" in proc.stdout and "Source:" in proc.stdout


@pytest.mark.slow
def test_eval_scores_a_question_set(db_path: Path) -> None:
    proc = run("eval", str(ROOT / "tests" / "data" / "dev-questions.yaml"), db=db_path)
    assert proc.returncode == 0, proc.stderr
    assert "answered correctly" in proc.stdout.splitlines()[-1]


@pytest.mark.slow
def test_a_missing_eval_file_is_a_clear_error(db_path: Path) -> None:
    proc = run("eval", "no-such-file.yaml", db=db_path)
    assert proc.returncode == 2 and "no such file" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.slow
def test_topics_and_sources_as_json(db_path: Path) -> None:
    topics = json.loads(run("topics", "--json", db=db_path).stdout)
    sources = json.loads(run("sources", "--json", db=db_path).stdout)
    assert len(topics) >= 8
    assert {s["id"] for s in sources} == {"zhitong-nvidia-europe", "europe-ai-gap-commentary"}
    assert all(s["url"] is None for s in sources)


@pytest.mark.slow
def test_run_without_tokens_opens_the_terminal_chat(db_path: Path, tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "--db", str(db_path)], input="/nvidia europe\n", capture_output=True,
        text=True, cwd=tmp_path, timeout=120,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "HOME": str(tmp_path)},
    )
    assert proc.returncode == 0, proc.stderr
    assert "terminal chat" in proc.stdout and "18,000" in proc.stdout


def test_every_command_has_help_text() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for choice in sub._choices_actions:  # type: ignore[attr-defined]
        assert choice.help, f"{choice.dest} has no help text"


def test_only_a_start_that_embeds_everything_first_is_announced(tmp_path: Path, db_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.cli.context import waits_for_embedding

    fresh = tmp_path / "fresh.db"
    monkeypatch.setenv("BOT_SEMANTIC", "now")
    assert waits_for_embedding(fresh)
    assert not waits_for_embedding(db_path)  # a copy of the session's database, vectors and all
    for mode in ("background", "off"):  # answers come at once: on words while the vectors are made, or always
        monkeypatch.setenv("BOT_SEMANTIC", mode)
        assert not waits_for_embedding(fresh)
