"""The Slack adapter: Bolt listeners that turn Slack requests into core calls and replies into Block Kit.

Thin on purpose: the ``/nvidia`` language is ``bot.chat.commands``, answers come
from ``KnowledgeBase`` and Block Kit from ``render_slack``; this module only
decides who sees a reply, where it goes (channel, thread, ephemeral) and what
happens when something fails. Every listener acks first (Slack's 3-second
limit), then works; every failure is logged with its cause and answered with a
short apology, so a user is never left without a reply.
"""

from __future__ import annotations

import logging
import re
import secrets
import sys
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped
from slack_sdk import WebClient

from bot.chat.commands import run_command
from bot.chat.render_slack import (
    ACTION_FEEDBACK,
    ACTION_SUGGEST,
    SlackMessage,
    from_slack,
    notice,
    parse_feedback,
    parse_suggestion,
    render,
    strip_mention,
    suggestion_kind,
)
from bot.chat.slack_admin import EDIT_FACT_CALLBACK, SlackAdmin, is_admin
from bot.config import Settings
from bot.core.models import Answer, Voter
from bot.core.ratelimit import RateLimiter
from bot.core.service import KnowledgeBase
from bot.logging_setup import request_scope
from bot.shutdown import stop_on_sigterm

log = logging.getLogger(__name__)

COMMAND = "/nvidia"
PLATFORM = "slack"
LISTENER_THREADS = 16
"""Answers worked on at once per process (mostly waiting on Slack's Web API); acks never wait for these."""
APOLOGY = "Sorry, something went wrong on my side while answering that. Please try again in a moment."
EXPIRED = "That button no longer works (the entry may have been changed). Ask again with `/nvidia`."
THANKS = "Thanks for the feedback: it helps moderators improve the answers."
UPDATED = "You had already voted on this answer; I've updated your vote."


class _DropClientTokenWarning(logging.Filter):
    """Bolt warns that ``$SLACK_BOT_TOKEN`` is unused whenever a client is given; ours carries that token."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Drop just that one warning."""
        return record.getMessage() != warning_client_prioritized_and_token_skipped()


def quiet_logger(name: str, settings: Settings) -> logging.Logger:
    """A logger for Bolt / slack_sdk at WARNING or above: their INFO and DEBUG lines include request bodies."""
    logger = logging.getLogger(name)
    level = logging.getLevelName(settings.log_level)
    logger.setLevel(max(logging.WARNING, level if isinstance(level, int) else logging.WARNING))
    if not any(isinstance(f, _DropClientTokenWarning) for f in logger.filters):
        logger.addFilter(_DropClientTokenWarning())
    return logger


def web_client(settings: Settings) -> WebClient:
    """The Web API client, pointed at ``SLACK_API_URL`` (Slack's by default; a local stub in tests)."""
    return WebClient(
        token=settings.slack_bot_token,
        base_url=settings.slack_api_url,
        logger=quiet_logger("bot.chat.slack_app.web", settings),
    )


def is_from_bot(event: dict[str, Any], bot_user_id: str | None) -> bool:
    """Whether a message came from a bot (this one or another): answering those risks reply loops."""
    return bool(
        event.get("bot_id")
        or event.get("bot_profile")
        or event.get("subtype")
        or not event.get("user")
        or (bot_user_id and event.get("user") == bot_user_id)
    )


def is_help(text: str) -> bool:
    """Help (and an empty command) is free: it does not count against the rate limit."""
    words = text.split()
    if words and words[0].lower() in (COMMAND, COMMAND.lstrip("/")):
        words = words[1:]
    return not words or words[0].lower() == "help"


class SlackBot:
    """What the listeners share: the knowledge base, settings, the rate limiter and recent event ids."""

    SEEN_EVENTS = 2000

    def __init__(self, kb: KnowledgeBase, settings: Settings) -> None:
        self.kb = kb
        self.settings = settings
        self.limiter = RateLimiter(settings.user_rate, settings.channel_rate, settings.rate_window_s)
        self._seen: OrderedDict[str, None] = OrderedDict()
        self._seen_lock = threading.Lock()
        self.admin = SlackAdmin(kb, settings)

    # -- the core ------------------------------------------------------------------------------------------

    def command_reply(self, text: str) -> SlackMessage:
        """The reply to ``/nvidia <text>`` or a mention / DM saying ``text``."""
        reply = run_command(self.kb, text, platform=PLATFORM)
        if isinstance(reply, Answer):  # what was answered, never the user's text
            match = f"{reply.match.kind}:{reply.match.id}" if reply.match else None
            log.info("answered", extra={"status": reply.status, "match": match, "platform": PLATFORM})
        else:
            log.info("replied", extra={"reply": type(reply).__name__, "platform": PLATFORM})
        return render(reply)

    def entry_reply(self, value: str) -> SlackMessage:
        """The answer behind a suggestion or topic button."""
        parsed = parse_suggestion(value)
        if parsed is None:
            return notice(EXPIRED)
        key, question = parsed
        kind = suggestion_kind(value)
        answer = self.kb.entry_answer(kind, key) if kind else self.kb.topic_answer(key)
        if answer is None:
            return notice(EXPIRED)
        return render(_with_question(answer, question))

    def vote(self, value: str, user_id: str, helpful: bool) -> SlackMessage:
        """Record a helpful / not-helpful vote, one per user per answer."""
        answer = parse_feedback(value)
        if answer is None:
            return notice(EXPIRED)
        first = self.kb.record_feedback(answer.ref, answer.question, Voter(PLATFORM, user_id), helpful=helpful)
        return notice(THANKS if first else UPDATED)

    def limited(self, user_id: str, channel_id: str | None) -> SlackMessage | None:
        """The friendly refusal when this user or channel asks too quickly, else None."""
        verdict = self.limiter.check(user_id, channel_id)
        return None if verdict.allowed else notice(verdict.message)

    def first_time(self, event_id: str | None) -> bool:
        """False for an event already handled: Slack retries events it thinks went unanswered."""
        if not event_id:
            return True
        with self._seen_lock:
            if event_id in self._seen:
                return False
            self._seen[event_id] = None
            while len(self._seen) > self.SEEN_EVENTS:
                self._seen.popitem(last=False)
            return True

    # -- delivery -----------------------------------------------------------------------------------------

    def public(self, message: SlackMessage) -> bool:
        """Answers go to the channel unless configured otherwise; errors, help and notices never do."""
        return self.settings.answers_public and not message.private

    def respond(self, respond: Respond, message: SlackMessage, *, thread_ts: str | None = None) -> None:
        """Reply through the request's response_url (slash commands and buttons)."""
        response = respond(
            **message.payload(),
            response_type="in_channel" if self.public(message) else "ephemeral",
            replace_original=False,
            thread_ts=thread_ts,
            unfurl_links=False,
            unfurl_media=False,
        )
        if response.status_code >= 300:
            raise RuntimeError(f"response_url refused the reply: HTTP {response.status_code} {response.body[:200]!r}")

    def post(self, client: WebClient, message: SlackMessage, *, channel: str, user: str, thread_ts: str,
             direct: bool) -> None:
        """Reply in a thread: a message everyone sees, or (private replies in channels) an ephemeral one."""
        if direct or self.public(message):
            client.chat_postMessage(channel=channel, thread_ts=thread_ts, unfurl_links=False, unfurl_media=False,
                                    **message.payload())
        else:
            client.chat_postEphemeral(channel=channel, user=user, thread_ts=thread_ts, **message.payload())

    @contextmanager
    def apologising(self, what: str, send: Callable[[SlackMessage], None]) -> Iterator[None]:
        """Log any failure with its cause and send the user a short apology instead of silence.

        Everything logged inside carries one request id, so a question's log lines can be found together.
        """
        try:
            with request_scope():
                yield
        except Exception:
            log.exception("slack: %s failed", what)
            try:
                send(notice(APOLOGY))
            except Exception:
                log.exception("slack: could not send the apology for a failed %s", what)


def _with_question(answer: Answer, question: str) -> Answer:
    """The entry's answer, shown under the suggestion the user pressed rather than the entry's id."""
    return replace(answer, question=question)


def build_app(kb: KnowledgeBase, settings: Settings, *, client: WebClient | None = None) -> App:
    """The Bolt app with every listener; calls ``auth.test`` once, through ``SLACK_API_URL``.

    Every listener is split in two: an ack function that runs in the request's own thread and does
    nothing but ``ack()``, and a lazy function, run on a thread pool, that does the work. So the ack
    never waits for the knowledge base, for Slack's Web API or for a busy pool (Bolt's default runs
    the whole listener on a pool of 5 and acks only once it gets a thread).
    """
    if not settings.slack_bot_token and client is None:
        raise ValueError("SLACK_BOT_TOKEN is required for Slack")
    bolt_logger = quiet_logger("bot.chat.slack_app.bolt", settings)
    app = App(
        client=client or web_client(settings),
        # Without a signing secret (Socket Mode) a random one makes every HTTP request fail verification,
        # rather than Bolt falling back to $SLACK_SIGNING_SECRET or accepting an empty key.
        signing_secret=settings.slack_signing_secret or secrets.token_hex(32),
        logger=bolt_logger,
        process_before_response=True,
        listener_executor=ThreadPoolExecutor(max_workers=LISTENER_THREADS, thread_name_prefix="slack-listener"),
    )
    register(app, SlackBot(kb, settings))
    return app


def ack_now(ack: Ack) -> None:
    """Acknowledge within Slack's 3 seconds, before any work."""
    ack()


def register(app: App, bot: SlackBot) -> None:
    """Attach the command, event and action listeners to ``app``."""

    def on_command(command: dict[str, Any], respond: Respond, client: WebClient) -> None:
        def send(message: SlackMessage) -> None:
            bot.respond(respond, message)

        with bot.apologising("slash command", send):
            text = from_slack(command.get("text"))
            refusal = None if is_help(text) else bot.limited(command["user_id"], command.get("channel_id"))
            if refusal is None and is_admin(text):
                reply = bot.admin.command(text, client=client, user_id=command["user_id"],
                                          user_name=command.get("user_name"), trigger_id=command.get("trigger_id"),
                                          channel_id=command.get("channel_id"))
                if reply is not None:
                    send(reply)
                return
            send(refusal or bot.command_reply(text))

    def on_question(event: dict[str, Any], body: dict[str, Any], client: WebClient, context: BoltContext,
                    direct: bool) -> None:
        if is_from_bot(event, context.bot_user_id) or not bot.first_time(body.get("event_id")):
            return
        channel, user = event.get("channel"), event.get("user")
        thread_ts = event.get("thread_ts") or event.get("ts")
        if not (channel and user and thread_ts):
            log.warning("slack: ignored a %s without channel, user or ts", event.get("type"))
            return

        def send(message: SlackMessage) -> None:
            bot.post(client, message, channel=channel, user=user, thread_ts=thread_ts, direct=direct)

        with bot.apologising("direct message" if direct else "mention", send):
            text = from_slack(strip_mention(event.get("text") or "", context.bot_user_id))
            refusal = bot.limited(user, None if direct else channel)
            send(refusal or bot.command_reply(text))

    def on_mention(event: dict[str, Any], body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        on_question(event, body, client, context, direct=False)

    def on_message(event: dict[str, Any], body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        # Every message event is acknowledged; only a person's own message in our DMs is a question.
        if event.get("channel_type") == "im":
            on_question(event, body, client, context, direct=True)

    def on_suggestion(body: dict[str, Any], action: dict[str, Any], respond: Respond) -> None:
        thread_ts = (body.get("message") or {}).get("thread_ts")

        def send(message: SlackMessage) -> None:
            bot.respond(respond, message, thread_ts=thread_ts)

        with bot.apologising("suggestion button", send):
            refusal = bot.limited(body["user"]["id"], (body.get("channel") or {}).get("id"))
            send(refusal or bot.entry_reply(str(action.get("value") or "")))

    def on_feedback(body: dict[str, Any], action: dict[str, Any], respond: Respond) -> None:
        def send(message: SlackMessage) -> None:
            bot.respond(respond, message)

        with bot.apologising("feedback button", send):
            helpful = str(action.get("action_id", "")).endswith(":yes")
            send(bot.vote(str(action.get("value") or ""), body["user"]["id"], helpful))

    app.command(COMMAND)(ack=ack_now, lazy=[on_command])
    app.view(EDIT_FACT_CALLBACK)(bot.admin.on_fact_edit_submit)
    app.event("app_mention")(ack=ack_now, lazy=[on_mention])
    app.event("message")(ack=ack_now, lazy=[on_message])
    app.action(re.compile(rf"^{ACTION_SUGGEST}:"))(ack=ack_now, lazy=[on_suggestion])
    app.action(re.compile(rf"^{ACTION_FEEDBACK}:(yes|no)$"))(ack=ack_now, lazy=[on_feedback])

    @app.error
    def on_error(error: Exception) -> None:
        # Reached only for failures outside the listeners' own handling (never with the request body).
        log.error("slack: request failed: %s", type(error).__name__, exc_info=error)


# -- running --------------------------------------------------------------------------------------------


def run_http(kb: KnowledgeBase, settings: Settings, port: int = 3000, *, host: str = "0.0.0.0") -> int:
    """HTTP mode on one process (threads): POST /slack/events and GET /healthz until interrupted."""
    from bot.chat.slack_wsgi import make_server

    if not (settings.slack_bot_token and settings.slack_signing_secret):
        print("error: HTTP mode needs SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET", file=sys.stderr)
        return 2
    try:
        server = make_server(kb, settings, host=host, port=port)
    except Exception as exc:  # auth.test refused or Slack unreachable: say so, without a traceback
        log.error("slack: could not start HTTP mode: %s", exc)
        print(f"error: could not start Slack HTTP mode: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    bound_host, bound_port = server.server_address[:2]
    print(f"Slack HTTP mode: http://{bound_host!s}:{bound_port}/slack/events (health: /healthz)", file=sys.stderr)
    try:
        with stop_on_sigterm(server.shutdown):  # SIGTERM ends the loop the way Ctrl-C does
            server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        kb.close()
    return 0


def run_socket_mode(kb: KnowledgeBase, settings: Settings) -> int:
    """Socket Mode: no public URL, Slack's events arrive over a WebSocket opened with the app token."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    if not (settings.slack_bot_token and settings.slack_app_token):
        print("error: Socket Mode needs SLACK_BOT_TOKEN and SLACK_APP_TOKEN", file=sys.stderr)
        return 2
    try:
        app = build_app(kb, settings)
        handler = SocketModeHandler(app, settings.slack_app_token)
    except Exception as exc:
        log.error("slack: could not start Socket Mode: %s", exc)
        print(f"error: could not start Slack Socket Mode: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    try:
        handler.connect()  # type: ignore[no-untyped-call]
        print("Slack Socket Mode: connected; Ctrl-C to stop", file=sys.stderr)
        stopped = threading.Event()
        with stop_on_sigterm(stopped.set):
            stopped.wait()
    except KeyboardInterrupt:
        pass
    except Exception as exc:
        log.error("slack: Socket Mode connection failed: %s", exc)
        print(f"error: Slack Socket Mode connection failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    finally:
        handler.close()  # type: ignore[no-untyped-call]
        kb.close()
    return 0
