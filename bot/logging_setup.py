"""Logging for every bot process: text or JSON lines, one request id per question, and no secret ever written.

Secrets leak through logs in ways no code review catches: a library's error
message quoting a header, a traceback's exception text, an ``extra`` field.
So scrubbing is not left to each call site. Every record is cleaned as it is
created (message, arguments, traceback, stack), whichever logger or handler
it goes to, and our handler cleans the ``extra`` fields too: the configured
secrets and anything shaped like a Slack or Discord token become
``[redacted]``.

Adapters call :func:`new_request_id` (or use :func:`request_scope`) when a
question arrives; every record logged while answering it, in that thread or
asyncio task, carries the same ``request_id``.
"""

from __future__ import annotations

import json
import logging
import re
import secrets as _random
import sys
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from types import TracebackType
from typing import IO, Any, TextIO

from bot.config import Settings

REDACTED = "[redacted]"

TOKEN_SHAPES = re.compile(
    r"xox[abeoprs]-[A-Za-z0-9-]{6,}"  # Slack bot, user, legacy and config tokens
    r"|xapp-[A-Za-z0-9-]{6,}"  # Slack app-level tokens
    r"|[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{20,}"  # Discord bot tokens (and JWT-like strings)
    r"|mfa\.[A-Za-z0-9_-]{20,}"  # Discord MFA user tokens
)
"""Token-shaped text, redacted even when it is not one of ours (a pasted or leaked token is still a token)."""

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)
"""The id of the question being answered in this thread or asyncio task (None outside one)."""

_STANDARD = frozenset(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {
    "message", "asctime", "request_id", "taskName", "_scrubbed", "_request_id",
}
"""Attributes every record has; anything else on a record came from ``extra=``."""

_OURS = "_bot_logging_handler"
_secrets: tuple[str, ...] = ()
_factory_installed = False


def new_request_id() -> str:
    """Start a request in this context and return its id (12 hex digits: short enough to grep, rare enough)."""
    rid = _random.token_hex(6)
    request_id_var.set(rid)
    return rid


@contextmanager
def request_scope(request_id: str | None = None) -> Iterator[str]:
    """Within the block, records carry ``request_id`` (a new one by default); the previous id comes back after."""
    rid = request_id or _random.token_hex(6)
    token = request_id_var.set(rid)
    try:
        yield rid
    finally:
        request_id_var.reset(token)


def scrub(text: str, secrets: Iterable[str] | None = None) -> str:
    """``text`` with every configured secret and every token-shaped string replaced by ``[redacted]``.

    Also for error messages shown to users: anything that might quote a library's error goes through here.
    """
    for secret in sorted(set(_secrets if secrets is None else secrets), key=len, reverse=True):
        if secret:
            text = text.replace(secret, REDACTED)
    return TOKEN_SHAPES.sub(REDACTED, text)


def _scrub_value(value: Any) -> Any:
    """An ``extra`` value made safe: strings scrubbed, numbers kept, containers scrubbed through JSON."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, dict | list | tuple):
        try:
            return json.loads(scrub(json.dumps(value, default=str, ensure_ascii=False)))
        except ValueError:
            return scrub(repr(value))
    return scrub(str(value))


def _scrub_record(record: logging.LogRecord) -> None:
    """Clean the parts of a record that exist when it is created (``extra`` fields come later)."""
    if getattr(record, "_scrubbed", False):
        return
    try:
        message = record.getMessage()
    except Exception:  # a bad format string must not lose the record, nor crash the caller
        message = f"{record.msg!r} (unformattable arguments)"
    record.msg, record.args = scrub(message), None
    if record.exc_info and not record.exc_text:
        record.exc_text = logging.Formatter().formatException(record.exc_info)
    if record.exc_text:
        record.exc_text = scrub(record.exc_text)
    if record.stack_info:
        record.stack_info = scrub(record.stack_info)
    if not hasattr(record, "_request_id"):  # kept apart from ``request_id``, which ``extra=`` may still set
        record._request_id = request_id_var.get()
    record._scrubbed = True


def request_id_of(record: logging.LogRecord) -> str | None:
    """The record's request id: an explicit ``extra={"request_id": ...}``, else the one current when logged."""
    explicit = record.__dict__.get("request_id")
    if explicit:
        return str(explicit)
    return record.__dict__["_request_id"] if "_request_id" in record.__dict__ else request_id_var.get()


def _install_factory() -> None:
    """Scrub every record at creation, so even a library's own handler never sees a secret."""
    global _factory_installed
    if _factory_installed:
        return
    previous = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        _scrub_record(record)
        return record

    logging.setLogRecordFactory(factory)
    _factory_installed = True


class ScrubFilter(logging.Filter):
    """Scrubs what the record factory cannot: ``extra`` fields, which are set after a record is created."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Clean the record in place; never drops one."""
        _scrub_record(record)
        for key, value in list(record.__dict__.items()):
            if key not in _STANDARD:
                record.__dict__[key] = _scrub_value(value)
        record.request_id = request_id_of(record)
        return True


def extras(record: logging.LogRecord) -> dict[str, Any]:
    """The ``extra=`` fields of a record."""
    return {k: v for k, v in record.__dict__.items() if k not in _STANDARD and not k.startswith("_")}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request_id, then the extras (and ``exc``)."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as one line of JSON (newlines inside values are escaped by JSON itself)."""
        out: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": request_id_of(record),
        }
        for key, value in extras(record).items():
            out[key if key not in out else f"extra_{key}"] = value
        if record.exc_info and not record.exc_text:
            record.exc_text = scrub(self.formatException(record.exc_info))
        if record.exc_text:
            out["exc"] = record.exc_text
        if record.stack_info:
            out["stack"] = record.stack_info
        return json.dumps(out, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """``time LEVEL logger [request id] message key=value ...``: for people reading a terminal."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        """The usual line, with the extras appended as ``key=value``."""
        had = record.__dict__.get("request_id")
        record.request_id = request_id_of(record) or "-"
        try:
            line = super().format(record)
        finally:
            record.request_id = had
        fields = extras(record)
        if not fields:
            return line
        head, sep, tail = line.partition("\n")
        pairs = " ".join(f"{k}={json.dumps(v, ensure_ascii=False, default=str)}" for k, v in fields.items())
        return f"{head} {pairs}{sep}{tail}"


class StderrHandler(logging.StreamHandler[TextIO]):
    """Writes to whatever ``sys.stderr`` is when a record is emitted, not what it was at set-up.

    Test runners and daemonising tools replace ``sys.stderr``; a handler holding the old one would write
    to a closed file (as ``logging.lastResort`` avoids in the same way).
    """

    def __init__(self) -> None:
        super().__init__()

    @property
    def stream(self) -> TextIO:
        """The current standard error."""
        return sys.stderr

    @stream.setter
    def stream(self, value: TextIO) -> None:
        """Ignored: the stream is always the current standard error."""


def configure_logging(
    settings: Settings, *, stream: IO[str] | None = None, level: str | int | None = None
) -> logging.Handler:
    """Send every log record to ``stream`` (stderr) as text or JSON, scrubbed; replace any earlier set-up.

    ``level`` overrides ``settings.log_level`` (one-shot commands log warnings only). Returns the handler,
    so tests can remove it.
    """
    global _secrets
    _secrets = tuple(s for s in settings.secrets if s)
    _install_factory()
    handler: logging.Handler = logging.StreamHandler(stream) if stream is not None else StderrHandler()
    handler.setFormatter(JsonFormatter() if settings.log_format == "json" else TextFormatter())
    handler.addFilter(ScrubFilter())
    setattr(handler, _OURS, True)
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, _OURS, False)]:
        root.removeHandler(old)
    for other in root.handlers:  # someone else's handler still gets the extras scrubbed
        if not any(isinstance(f, ScrubFilter) for f in other.filters):
            other.addFilter(ScrubFilter())
    root.addHandler(handler)
    root.setLevel(level if level is not None else settings.log_level)
    logging.captureWarnings(True)
    _install_excepthooks()
    return handler


def _install_excepthooks() -> None:
    """Uncaught exceptions go through logging (so through the scrubber) rather than straight to stderr."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        logging.getLogger("bot").critical("unhandled error", exc_info=(kind, exc, tb))

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or issubclass(args.exc_type, SystemExit):
            return
        name = args.thread.name if args.thread else "?"
        logging.getLogger("bot").critical(
            "unhandled error in thread %s", name, exc_info=(args.exc_type, args.exc_value, args.exc_traceback)
        )

    sys.excepthook = hook
    threading.excepthook = thread_hook
