"""Logs: JSON lines with a request id, and no secret in them whatever goes wrong."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.config import Settings
from bot.core.models import Answer
from bot.core.service import KnowledgeBase
from bot.logging_setup import (
    REDACTED,
    configure_logging,
    new_request_id,
    request_id_var,
    request_scope,
    scrub,
)
from bot.terminal.chat import chat

ROOT = Path(__file__).resolve().parents[1]
DISCORD = "MTE5ODc2NTQzMjEwOTg3NjU0.GhIjKl.FAKEdiscordTOKENfakeDISCORDtoken12"
SLACK_BOT = "xoxb-111-222-FAKESLACKBOTTOKEN"
SLACK_APP = "xapp-1-A111-222-FAKESLACKAPPTOKEN"
SIGNING = "0f1e2d3c4b5a69780f1e2d3c4b5a6978"
SECRETS = (DISCORD, SLACK_BOT, SLACK_APP, SIGNING)
SETTINGS = Settings(discord_token=DISCORD, slack_bot_token=SLACK_BOT, slack_app_token=SLACK_APP,
                    slack_signing_secret=SIGNING, log_format="json", log_level="DEBUG")


@pytest.fixture
def restore_logging() -> Iterator[None]:
    """Put the process's logging back as it was (pytest's own handlers, hooks and levels)."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    filters = {h: list(h.filters) for h in handlers}
    hooks = (sys.excepthook, threading.excepthook)
    yield
    root.handlers[:] = handlers
    for handler, kept in filters.items():
        handler.filters[:] = kept
    root.setLevel(level)
    sys.excepthook, threading.excepthook = hooks
    logging.captureWarnings(False)


def configured(restore_logging: None, settings: Settings = SETTINGS) -> io.StringIO:
    stream = io.StringIO()
    configure_logging(settings, stream=stream)
    return stream


def records(stream: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def assert_no_secret(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text
    for fragment in ("FAKESLACK", "FAKEdiscord", "FAKEOTHER"):
        assert fragment not in text


def test_json_lines_carry_time_level_logger_message_request_id_and_extras(restore_logging: None) -> None:
    stream = configured(restore_logging)
    log = logging.getLogger("bot.test")
    with request_scope() as rid:
        log.info("question received", extra={"platform": "slack", "chars": 42})
        log.warning("answered with %s", "no_answer", extra={"status": "no_answer"})
    log.info("outside any question")
    question, answer, outside = records(stream)
    assert question["request_id"] == answer["request_id"] == rid
    assert outside["request_id"] is None
    assert question["level"] == "INFO" and question["logger"] == "bot.test"
    assert question["message"] == "question received" and question["platform"] == "slack" and question["chars"] == 42
    assert answer["message"] == "answered with no_answer" and answer["status"] == "no_answer"
    assert str(question["time"]).endswith("+00:00")


def test_concurrent_tasks_and_threads_keep_their_own_request_ids(restore_logging: None) -> None:
    stream = configured(restore_logging)
    log = logging.getLogger("bot.test")

    asked: list[str] = []
    gate = asyncio.Event()

    async def handle(name: str) -> str:
        rid = new_request_id()
        log.info("question", extra={"who": name})
        asked.append(name)
        if len(asked) == 2:
            gate.set()
        await gate.wait()  # both questions are in flight before either is answered
        log.info("answer", extra={"who": name})
        return rid

    async def both() -> list[str]:
        return list(await asyncio.gather(handle("a"), handle("b")))

    ids = dict(zip("ab", asyncio.run(both()), strict=True))

    def in_thread(name: str) -> None:
        ids[name] = new_request_id()
        log.info("question", extra={"who": name})
        log.info("answer", extra={"who": name})

    threads = [threading.Thread(target=in_thread, args=(n,)) for n in ("c", "d")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=10)
    seen: dict[str, set[object]] = {}
    for rec in records(stream):
        if rec["logger"] == "bot.test":
            seen.setdefault(str(rec["who"]), set()).add(rec["request_id"])
    assert seen == {name: {rid} for name, rid in ids.items()}
    assert len(set(ids.values())) == 4
    assert request_id_var.get() is None


def test_no_secret_reaches_the_log_whatever_carries_it(restore_logging: None) -> None:
    stream = configured(restore_logging)
    log = logging.getLogger("slack_sdk.web")
    log.error(f"auth failed for {SLACK_BOT}")
    log.error("auth failed for %s and %r", SLACK_APP, {"token": DISCORD})
    log.warning("signature check", extra={"secret": SIGNING, "headers": {"Authorization": f"Bearer {SLACK_BOT}"}})
    log.info("unknown tokens too: xoxp-9-FAKEOTHERUSER and %s", "abcdefghijklmnopqrstuvwx.FAKEOT.abcdefghijklmnopqrst")
    try:
        raise RuntimeError(f"401 Unauthorized: token {DISCORD} rejected")
    except RuntimeError:
        log.exception("login failed")
    log.debug("where", stack_info=True, extra={"argv": [SLACK_BOT]})
    out = stream.getvalue()
    assert_no_secret(out)
    assert out.count(REDACTED) >= 8
    logged = records(stream)
    assert "RuntimeError" in str(logged[4]["exc"]) and "Traceback" in str(logged[4]["exc"])
    assert logged[2]["headers"] == {"Authorization": f"Bearer {REDACTED}"}


def test_a_librarys_own_handler_gets_scrubbed_records_too(restore_logging: None) -> None:
    configured(restore_logging)
    own = io.StringIO()
    handler = logging.StreamHandler(own)  # e.g. discord.py's default handler on the "discord" logger
    library = logging.getLogger("discord.gateway.test")
    library.addHandler(handler)
    try:
        library.error("shard failed to connect with %s", DISCORD)
    finally:
        library.removeHandler(handler)
    assert "shard failed" in own.getvalue()
    assert_no_secret(own.getvalue())


def test_uncaught_exceptions_are_logged_scrubbed(restore_logging: None) -> None:
    stream = configured(restore_logging)
    try:
        raise ValueError(f"bad token {SLACK_BOT}")
    except ValueError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    (logged,) = records(stream)
    assert logged["level"] == "CRITICAL" and "ValueError" in str(logged["exc"])
    assert_no_secret(stream.getvalue())


def test_text_format_shows_the_request_id_and_extras(restore_logging: None) -> None:
    stream = configured(restore_logging, Settings(slack_bot_token=SLACK_BOT, log_format="text"))
    log = logging.getLogger("bot.test")
    with request_scope("abc123"):
        log.warning("answered %s", SLACK_BOT, extra={"status": "answered"})
    line = stream.getvalue().strip()
    assert "[abc123]" in line and 'status="answered"' in line and REDACTED in line
    assert SLACK_BOT not in line


def test_scrub_is_there_for_error_messages_shown_to_users() -> None:
    message = f"Slack said invalid_auth for {SLACK_BOT}; Discord said 401 for {DISCORD}"
    assert scrub(message, []) == f"Slack said invalid_auth for {REDACTED}; Discord said 401 for {REDACTED}"
    assert scrub(f"signing {SIGNING}", [SIGNING]) == f"signing {REDACTED}"
    assert scrub("an ordinary sentence. With dots. And 18,000 chips.", []) == (
        "an ordinary sentence. With dots. And 18,000 chips."
    )


class FailingKnowledgeBase(KnowledgeBase):
    """A knowledge base whose answers fail with a library error quoting a token."""

    def ask(self, question: str, **options: Any) -> Answer:
        raise ConnectionError(f"upstream refused token {SLACK_BOT}")


def test_a_failing_answer_logs_no_secret_and_shows_the_user_none(
    restore_logging: None, kb: KnowledgeBase
) -> None:
    stream = configured(restore_logging)
    out = io.StringIO()
    failing = FailingKnowledgeBase(kb.store)
    chat(failing, io.StringIO("How many chips?\n"), out)
    logged = records(stream)
    assert any(r["level"] == "ERROR" and "ConnectionError" in str(r.get("exc")) for r in logged)
    assert all(r["request_id"] for r in logged if r["level"] == "ERROR")
    assert "Sorry, something went wrong" in out.getvalue()
    assert_no_secret(stream.getvalue() + out.getvalue())


def test_failure_paths_of_the_cli_leak_no_secret(tmp_path: Path) -> None:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONPATH": str(ROOT), "HOME": str(tmp_path),
        "SLACK_BOT_TOKEN": SLACK_BOT, "SLACK_APP_TOKEN": SLACK_APP, "LOG_FORMAT": "json", "LOG_LEVEL": "DEBUG",
    }
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"junk" * 100)
    runs = [
        ["health", "--db", str(tmp_path / "missing.db")],
        ["health", "--db", str(bad)],
        ["restore", str(bad), "--db", str(tmp_path / "kb.db")],
        ["purge", "--db", str(tmp_path / "missing.db")],
        ["ask", "hello", "--db", str(bad)],
    ]
    seen = ""
    for args in runs:
        proc = subprocess.run([sys.executable, "-m", "bot", *args], capture_output=True, text=True, cwd=tmp_path,
                              env=env, timeout=120, stdin=subprocess.DEVNULL)
        assert proc.returncode != 0, args
        seen += proc.stdout + proc.stderr
    for config_error in ({"DISCORD_TOKEN": DISCORD + "!"}, {"SLACK_SIGNING_SECRET": "FAKEOTHER" + SIGNING}):
        proc = subprocess.run([sys.executable, "-m", "bot", "run"], capture_output=True, text=True, cwd=tmp_path,
                              env={**env, **config_error}, timeout=120, stdin=subprocess.DEVNULL)
        assert proc.returncode == 2
        seen += proc.stdout + proc.stderr
    assert seen
    assert_no_secret(seen)


def test_without_a_stream_it_follows_whatever_stderr_is_now(
    restore_logging: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    configure_logging(Settings(log_format="json"))
    later = io.StringIO()
    monkeypatch.setattr(sys, "stderr", later)  # a test runner or daemon swapped stderr after set-up
    logging.getLogger("bot.test").warning("still seen")
    assert json.loads(later.getvalue())["message"] == "still seen"


def test_an_explicit_request_id_in_extra_is_allowed_and_wins(restore_logging: None) -> None:
    stream = configured(restore_logging)
    with request_scope("ambient"):
        logging.getLogger("bot.test").info("relayed", extra={"request_id": "from-slack-retry"})
        logging.getLogger("bot.test").info("plain")
    relayed, plain = records(stream)
    assert relayed["request_id"] == "from-slack-retry" and plain["request_id"] == "ambient"
