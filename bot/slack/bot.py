"""What every Slack listener shares: the knowledge base, the rate limiter, seen events, and how replies are sent.

The listeners (:mod:`bot.slack.listeners`) only read Slack's request; the
decisions live here: what a command gets (through the shared
:mod:`bot.chat.commands`), who sees a reply (channel, thread, ephemeral), and
what happens when something fails (logged with its cause and answered with a
short apology, so a user is never left without a reply).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace

from slack_bolt import Respond
from slack_sdk import WebClient

from bot.chat import commands
from bot.chat.grammar import AdminCommand, Command
from bot.config import Settings
from bot.core.models import Answer, Voter
from bot.core.once import Once
from bot.core.ratelimit import RateLimiter
from bot.core.service import KnowledgeBase, UnknownEntry
from bot.logging_setup import request_scope
from bot.slack.admin import SlackAdmin
from bot.slack.blocks import SlackMessage, notice
from bot.slack.buttons import parse_feedback, parse_suggestion, suggestion_kind
from bot.slack.render import render

log = logging.getLogger(__name__)

PLATFORM = "slack"
APOLOGY = "Sorry, something went wrong on my side while answering that. Please try again in a moment."
EXPIRED = "That button no longer works (the entry may have been changed). Ask again with `/nvidia`."
THANKS = "Thanks for the feedback: it helps moderators improve the answers."
UPDATED = "You had already voted on this answer; I've updated your vote."
EVENT_MEMORY_S = 3600.0
"""How long a handled event id is remembered: Slack retries an event three times within about five minutes."""


class SlackBot:
    """What the listeners share: the knowledge base, settings, the rate limiter and handled event ids.

    Both the limits and the event ids live in the database, so they hold across every worker sharing it.
    """

    def __init__(self, kb: KnowledgeBase, settings: Settings) -> None:
        self.kb = kb
        self.settings = settings
        self.limiter = RateLimiter(settings.user_rate, settings.channel_rate, settings.rate_window_s,
                                   hits=kb.store.limits, namespace=PLATFORM)
        self.events = Once(kb.store.limits, EVENT_MEMORY_S, namespace=f"{PLATFORM}:event")
        self.admin = SlackAdmin(kb, settings)

    # -- the core ------------------------------------------------------------------------------------------

    def command_reply(self, command: Command, text: str) -> SlackMessage:
        """The reply to a user command parsed from ``text`` (``/nvidia <text>``, a mention or a DM)."""
        if isinstance(command, AdminCommand):
            # Moderator commands run only from ``/nvidia admin`` (see SlackAdmin); said anywhere else they get
            # the shared reply to moderator words outside the moderator command.
            reply = commands.run_command(self.kb, text, platform=PLATFORM)
        else:
            reply = commands.run(self.kb, command, platform=PLATFORM)
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
        return render(replace(answer, question=question))  # shown under the suggestion pressed, not the entry id

    def vote(self, value: str, user_id: str, helpful: bool) -> SlackMessage:
        """Record a helpful / not-helpful vote, one per user per answer; a vote on an entry gone records nothing."""
        vote = parse_feedback(value)
        if vote is None:
            return notice(EXPIRED)
        try:
            first = self.kb.record_feedback(vote.ref, vote.question, Voter(PLATFORM, user_id), helpful=helpful)
        except UnknownEntry:
            return notice(EXPIRED)
        return notice(THANKS if first else UPDATED)

    def limited(self, user_id: str, channel_id: str | None) -> SlackMessage | None:
        """The friendly refusal when this user or channel asks too quickly, else None."""
        verdict = self.limiter.check(user_id, channel_id)
        return None if verdict.allowed else notice(verdict.message)

    def first_time(self, event_id: str | None) -> bool:
        """False for an event already handled here or by another worker: Slack retries events it thinks failed."""
        return not event_id or self.events.first_time(event_id)

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
