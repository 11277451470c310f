"""Typed settings from the environment (and a ``.env`` file), validated at start-up.

Secrets have no default and are never printed: a missing or malformed one
fails at start with a message naming the setting, not deep inside a library.
Every setting is listed, with a comment, in ``.env.example``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from dotenv import dotenv_values

DEFAULT_SLACK_API_URL = "https://slack.com/api/"

_DISCORD_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{20,}$")


class ConfigError(ValueError):
    """A setting is missing or malformed; the message names it and never shows its value."""


@dataclass(frozen=True)
class Settings:
    """Everything the bot reads from its environment."""

    discord_token: str | None = field(default=None, repr=False)
    discord_moderator_role_ids: frozenset[int] = frozenset()
    discord_shard_ids: tuple[int, ...] | None = None
    discord_shard_count: int | None = None
    slack_bot_token: str | None = field(default=None, repr=False)
    slack_app_token: str | None = field(default=None, repr=False)
    slack_signing_secret: str | None = field(default=None, repr=False)
    slack_api_url: str = DEFAULT_SLACK_API_URL
    slack_moderator_ids: frozenset[str] = frozenset()
    slack_moderator_usergroup: str | None = None
    answers_public: bool = True
    user_rate: int = 5
    """Questions one user may ask per rate window."""
    channel_rate: int = 20
    """Questions one channel may ask per rate window."""
    rate_window_s: float = 60.0
    log_format: str = "text"
    log_level: str = "INFO"
    retention_days: int = 90
    answer_from_sources: bool = True
    """``ANSWER_FROM_SOURCES``: answer from a source's own sentence, labelled as not yet reviewed, when no curated
    entry answers (``bot.core.source_answers``)."""

    @property
    def secrets(self) -> tuple[str, ...]:
        """Every secret value set, so logs and errors can be scrubbed of them."""
        values = (self.discord_token, self.slack_bot_token, self.slack_app_token, self.slack_signing_secret)
        return tuple(v for v in values if v)

    @property
    def mode(self) -> str:
        """Which adapter ``run`` starts: discord, slack-socket, slack-http or terminal."""
        if self.discord_token:
            return "discord"
        if self.slack_bot_token and self.slack_app_token:
            return "slack-socket"
        if self.slack_bot_token and self.slack_signing_secret:
            return "slack-http"
        return "terminal"


def load_settings(env: Mapping[str, str] | None = None, env_file: Path | None = Path(".env")) -> Settings:
    """Read settings from ``env`` (default: the process environment over ``.env``) and validate them."""
    values: dict[str, str] = {}
    if env is None:
        if env_file is not None and env_file.exists():
            try:
                values.update({k: v for k, v in dotenv_values(env_file).items() if v is not None})
            except (OSError, UnicodeDecodeError) as exc:  # a directory, unreadable, or not text
                raise ConfigError(f"{env_file} could not be read as a .env file ({type(exc).__name__})") from None
        values.update(os.environ)
    else:
        values.update(env)

    def get(name: str) -> str | None:
        value = values.get(name)
        return value.strip() if value and value.strip() else None

    discord_token = get("DISCORD_TOKEN")
    if discord_token and not _DISCORD_TOKEN.match(discord_token):
        raise ConfigError("DISCORD_TOKEN does not look like a Discord bot token (three dot-separated parts)")
    bot_token = get("SLACK_BOT_TOKEN")
    if bot_token and not bot_token.startswith("xoxb-"):
        raise ConfigError("SLACK_BOT_TOKEN must be a bot token starting with 'xoxb-'")
    app_token = get("SLACK_APP_TOKEN")
    if app_token and not app_token.startswith("xapp-"):
        raise ConfigError("SLACK_APP_TOKEN must be an app-level token starting with 'xapp-'")
    signing = get("SLACK_SIGNING_SECRET")
    if signing and not re.fullmatch(r"[0-9a-fA-F]{16,}", signing):
        raise ConfigError("SLACK_SIGNING_SECRET must be the hexadecimal signing secret (app's Basic Information)")
    if (app_token or signing) and not bot_token:
        raise ConfigError("SLACK_BOT_TOKEN is required when SLACK_APP_TOKEN or SLACK_SIGNING_SECRET is set")
    api_url = get("SLACK_API_URL") or DEFAULT_SLACK_API_URL
    if not re.match(r"^https?://", api_url):
        raise ConfigError("SLACK_API_URL must be an http(s) URL")
    if not api_url.endswith("/"):
        api_url += "/"
    log_format = (get("LOG_FORMAT") or "text").lower()
    if log_format not in ("text", "json"):
        raise ConfigError("LOG_FORMAT must be 'text' or 'json'")
    log_level = (get("LOG_LEVEL") or "INFO").upper()
    if log_level not in ("DEBUG", "INFO", "WARNING", "ERROR"):
        raise ConfigError("LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR")
    shard_ids = _ints(get("DISCORD_SHARD_IDS"), "DISCORD_SHARD_IDS")
    shard_count = _int(get("DISCORD_SHARD_COUNT"), "DISCORD_SHARD_COUNT", None)
    if shard_ids and not shard_count:
        raise ConfigError("DISCORD_SHARD_COUNT is required when DISCORD_SHARD_IDS is set")
    if shard_ids and shard_count and any(i >= shard_count for i in shard_ids):
        raise ConfigError("DISCORD_SHARD_IDS must all be below DISCORD_SHARD_COUNT")
    return Settings(
        discord_token=discord_token,
        discord_moderator_role_ids=frozenset(_ints(get("DISCORD_MODERATOR_ROLE_IDS"), "DISCORD_MODERATOR_ROLE_IDS")),
        discord_shard_ids=tuple(shard_ids) if shard_ids else None,
        discord_shard_count=shard_count,
        slack_bot_token=bot_token,
        slack_app_token=app_token,
        slack_signing_secret=signing,
        slack_api_url=api_url,
        slack_moderator_ids=frozenset(_list(get("SLACK_MODERATOR_IDS"))),
        slack_moderator_usergroup=get("SLACK_MODERATOR_USERGROUP"),
        answers_public=_bool(get("ANSWERS_PUBLIC"), "ANSWERS_PUBLIC", True),
        user_rate=_int(get("RATE_USER_PER_WINDOW"), "RATE_USER_PER_WINDOW", 5) or 5,
        channel_rate=_int(get("RATE_CHANNEL_PER_WINDOW"), "RATE_CHANNEL_PER_WINDOW", 20) or 20,
        rate_window_s=float(_int(get("RATE_WINDOW_SECONDS"), "RATE_WINDOW_SECONDS", 60) or 60),
        log_format=log_format,
        log_level=log_level,
        retention_days=_int(get("RETENTION_DAYS"), "RETENTION_DAYS", 90) or 90,
        answer_from_sources=answer_from_sources(values),
    )


def answer_from_sources(env: Mapping[str, str] | None = None, env_file: Path | None = Path(".env")) -> bool:
    """``ANSWER_FROM_SOURCES`` (on unless ``off``), from ``env`` or the process environment over ``.env``.

    Read on its own as well as with the other settings: the knowledge base needs it wherever it is opened
    (``ask``, ``eval``, a bot), and a bad Discord token has nothing to do with it.
    """
    if env is None:
        value = os.environ.get(SOURCES_SETTING)
        if value is None and env_file is not None and env_file.is_file():
            try:
                value = dotenv_values(env_file).get(SOURCES_SETTING)
            except (OSError, UnicodeDecodeError):  # load_settings names the file's problem where it matters
                value = None
    else:
        value = env.get(SOURCES_SETTING)
    value = value.strip() if value and value.strip() else None
    return _bool(value, SOURCES_SETTING, True)


SOURCES_SETTING = "ANSWER_FROM_SOURCES"


def _list(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(",") if v.strip()]


def _ints(value: str | None, name: str) -> list[int]:
    try:
        return [int(v) for v in _list(value)]
    except ValueError:
        raise ConfigError(f"{name} must be a comma-separated list of whole numbers") from None


def _int(value: str | None, name: str, default: int | None) -> int | None:
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number") from None
    if number <= 0:
        raise ConfigError(f"{name} must be above zero")
    return number


def _bool(value: str | None, name: str, default: bool) -> bool:
    if value is None:
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ConfigError(f"{name} must be true or false")
