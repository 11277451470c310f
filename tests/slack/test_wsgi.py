"""The production entry point ``bot.slack.wsgi:app`` under gunicorn: several workers, one database."""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from bot.core.service import KnowledgeBase, answer_key
from bot.slack import wsgi
from tests.slack.harness import SlackHarness, StubSlack, buttons, first_faq
from tests.slack.test_cli import cli_env

GUNICORN = shutil.which("gunicorn", path=str(Path(sys.executable).parent))


@pytest.mark.slow
@pytest.mark.skipif(GUNICORN is None, reason="gunicorn is not installed")
def test_gunicorn_workers_share_one_database(stub: StubSlack, db_path: Path, tmp_path: Path) -> None:
    env = cli_env(stub, db_path)
    assert GUNICORN
    proc = subprocess.Popen(
        [GUNICORN, "--workers", "2", "--threads", "4", "--bind", "127.0.0.1:0", "bot.slack.wsgi:app"],
        cwd=tmp_path, env=env, stderr=subprocess.PIPE, text=True,
    )
    try:
        assert proc.stderr is not None
        port = None
        for line in proc.stderr:  # gunicorn reports the port it bound before starting workers
            if "Listening at: http://127.0.0.1:" in line:
                port = int(line.rsplit(":", 1)[1].split()[0].rstrip(")"))
                break
        assert port, "gunicorn did not start"
        threading.Thread(target=proc.stderr.read, daemon=True).start()
        stub.wait_for(lambda c: c.method == "auth.test", count=2, timeout=60)  # one per worker, at boot
        kb = KnowledgeBase.open(db_path)
        harness = SlackHarness(stub, f"http://127.0.0.1:{port}", kb)
        assert harness.get("/healthz").status == 200
        _, question, _ = first_faq(kb)
        _, reply = harness.command(question)
        yes = buttons(reply)[0]
        for i in range(8):  # spread over both workers: every vote lands in the one database
            assert "Thanks" in harness.click(yes["action_id"], yes["value"], user=f"UG{i}")["text"]
        # Each worker saves votes behind its answers, so "Thanks" can come before the row. A graceful stop
        # (SIGTERM, as a deploy does) saves what is queued: wait for that, not for time to pass.
        proc.terminate()
        assert proc.wait(timeout=60) == 0
        key = answer_key(kb.ask(question))
        kb.store.behind.flush()  # this process's own queued writes (the question just asked)
        rows = list(kb.store.db.query("select count(*) as n from feedback where answer_key = ?", [key]))
        assert rows[0]["n"] == 8, "every vote saved by the time the workers have stopped"
        kb.close()
    finally:
        if proc.poll() is None:
            proc.terminate()
            proc.wait(timeout=30)


def test_importing_the_module_builds_nothing_until_app_is_asked_for() -> None:
    assert wsgi._production is None
    with pytest.raises(AttributeError):
        wsgi.__getattr__("application")
