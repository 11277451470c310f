"""Configuration fails fast, names the setting, and never shows a secret or a traceback."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import ConfigError, load_settings

ROOT = Path(__file__).resolve().parents[1]
DISCORD = "MTE5ODc2NTQzMjEwOTg3NjU0.GhIjKl.FAKEdiscordTOKENfakeDISCORDtoken12"
SLACK_BOT = "xoxb-111-222-FAKESLACKBOTTOKEN"
SLACK_APP = "xapp-1-A111-222-FAKESLACKAPPTOKEN"
SIGNING = "0123456789abcdef0123456789abcdef"


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"DISCORD_TOKEN": "not-a-discord-token-FAKESECRET"}, "DISCORD_TOKEN"),
        ({"DISCORD_TOKEN": f"Bot {DISCORD}"}, "DISCORD_TOKEN"),
        ({"SLACK_BOT_TOKEN": "xoxp-111-222-FAKEUSERTOKEN"}, "SLACK_BOT_TOKEN"),
        ({"SLACK_BOT_TOKEN": SLACK_BOT, "SLACK_APP_TOKEN": "xoxb-FAKEWRONGKIND"}, "SLACK_APP_TOKEN"),
        ({"SLACK_BOT_TOKEN": SLACK_BOT, "SLACK_SIGNING_SECRET": "not hex FAKESECRET"}, "SLACK_SIGNING_SECRET"),
        ({"SLACK_APP_TOKEN": SLACK_APP}, "SLACK_BOT_TOKEN"),
        ({"RATE_USER_PER_WINDOW": "many"}, "RATE_USER_PER_WINDOW"),
        ({"RETENTION_DAYS": "-4"}, "RETENTION_DAYS"),
        ({"LOG_FORMAT": "xml"}, "LOG_FORMAT"),
        ({"ANSWERS_PUBLIC": "perhaps"}, "ANSWERS_PUBLIC"),
        ({"DISCORD_SHARD_IDS": "0,1"}, "DISCORD_SHARD_COUNT"),
    ],
)
def test_a_bad_setting_is_named_and_its_value_never_shown(env: dict[str, str], named: str) -> None:
    with pytest.raises(ConfigError) as refused:
        load_settings(env)
    message = str(refused.value)
    assert named in message
    for value in env.values():
        assert value not in message


def test_good_settings_load_and_secrets_stay_out_of_repr() -> None:
    settings = load_settings({"DISCORD_TOKEN": DISCORD, "SLACK_BOT_TOKEN": SLACK_BOT, "SLACK_APP_TOKEN": SLACK_APP,
                              "SLACK_SIGNING_SECRET": SIGNING, "RETENTION_DAYS": "30", "LOG_FORMAT": "JSON"})
    assert settings.mode == "discord" and settings.retention_days == 30 and settings.log_format == "json"
    assert set(settings.secrets) == {DISCORD, SLACK_BOT, SLACK_APP, SIGNING}
    for secret in settings.secrets:
        assert secret not in repr(settings)


def test_settings_come_from_dotenv_under_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("RETENTION_DAYS=12\nRATE_USER_PER_WINDOW=3\n", encoding="utf-8")
    monkeypatch.delenv("RETENTION_DAYS", raising=False)
    monkeypatch.setenv("RATE_USER_PER_WINDOW", "7")
    settings = load_settings(env_file=env_file)
    assert settings.retention_days == 12 and settings.user_rate == 7


def test_an_env_file_that_is_not_text_is_a_config_error(tmp_path: Path) -> None:
    binary = tmp_path / ".env"
    binary.write_bytes(b"\xff\xfe\x00TOKEN=\xff")
    with pytest.raises(ConfigError, match=r"\.env could not be read"):
        load_settings(env_file=binary)


def test_every_setting_the_code_reads_is_documented_in_env_example() -> None:
    read = set(re.findall(r'get\("([A-Z_]+)"\)', (ROOT / "bot" / "config.py").read_text(encoding="utf-8")))
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    documented = set(re.findall(r"^#?\s*([A-Z][A-Z_]+)=", example, re.MULTILINE))
    assert read and read <= documented, sorted(read - documented)


def run_bot(env: dict[str, str], cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    base = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONPATH": str(ROOT), "HOME": str(cwd)}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args, "--db", str(cwd / "kb.db")],
        capture_output=True, text=True, cwd=cwd, timeout=120, env={**base, **env}, stdin=subprocess.DEVNULL,
    )


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"SLACK_BOT_TOKEN": "xoxp-999-FAKEUSERTOKENNOTBOT", "SLACK_APP_TOKEN": SLACK_APP}, "SLACK_BOT_TOKEN"),
        ({"DISCORD_TOKEN": "FAKEDISCORD.TOKEN", "SLACK_BOT_TOKEN": SLACK_BOT}, "DISCORD_TOKEN"),
    ],
)
def test_run_with_a_malformed_token_stops_at_once_naming_it(env: dict[str, str], named: str, tmp_path: Path) -> None:
    proc = run_bot(env, tmp_path, "run")
    assert proc.returncode == 2
    assert named in proc.stderr and proc.stderr.startswith("error: configuration:")
    assert "Traceback" not in proc.stderr + proc.stdout
    for value in env.values():
        assert value not in proc.stderr + proc.stdout
    assert not (tmp_path / "kb.db").exists()  # it stopped before touching anything


def test_a_malformed_token_in_dotenv_stops_every_command(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("SLACK_BOT_TOKEN=xoxe-FAKEEXPIRINGTOKEN\n", encoding="utf-8")
    proc = run_bot({}, tmp_path, "ask", "hello")
    assert proc.returncode == 2 and "SLACK_BOT_TOKEN" in proc.stderr
    assert "FAKEEXPIRINGTOKEN" not in proc.stderr and "Traceback" not in proc.stderr
