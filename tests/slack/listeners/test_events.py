"""Mentions and direct messages over real HTTP: answered in a thread, never a reply to a bot, retries once."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

import pytest

from bot.slack.bot import APOLOGY
from tests.slack.checks import check_message
from tests.slack.harness import (
    BOT_TOKEN,
    BOT_USER,
    HOSTILE,
    SIGNING_SECRET,
    SlackHarness,
    dm,
    escaped,
    first_faq,
    mention,
    section_texts,
)


def test_mention_is_answered_in_a_thread(slack: SlackHarness) -> None:
    _, question, answer = first_faq(slack.kb)
    slack.event(mention(question, ts="1700000000.000100"))
    call = slack.stub.wait_for(lambda c: c.method == "chat.postMessage")[0]
    assert call.body["channel"] == "C1" and call.body["thread_ts"] == "1700000000.000100"
    assert call.body["unfurl_links"] is False
    check_message(call.body)
    assert escaped(answer) in section_texts(call.body)
    assert BOT_USER not in json.dumps(call.body), "the bot's own mention is not part of the question"


def test_mention_inside_a_thread_stays_in_that_thread(slack: SlackHarness) -> None:
    slack.event(mention("topics", ts="1700000000.000900", thread_ts="1700000000.000001"))
    call = slack.stub.wait_for(lambda c: c.method == "chat.postMessage")[0]
    assert call.body["thread_ts"] == "1700000000.000001"


def test_mention_escapes_everything_and_triggers_no_mention(slack: SlackHarness) -> None:
    slack.event(mention(f"ask {HOSTILE}"))
    call = slack.stub.wait_for(lambda c: c.method == "chat.postMessage")[0]
    check_message(call.body)
    text = json.dumps(call.body, ensure_ascii=False)
    assert "<!channel>" not in text and "<@U123>" not in text and "<https://evil" not in text
    assert "@\u2060channel" in text, "the question is echoed with the broadcast defused"


def test_mention_help_is_private_in_the_thread(slack: SlackHarness) -> None:
    slack.event(mention("help", ts="1700000000.000555"))
    call = slack.stub.wait_for(lambda c: c.method == "chat.postEphemeral")[0]
    assert call.body["user"] == "U1" and call.body["thread_ts"] == "1700000000.000555"
    assert not slack.stub.made("chat.postMessage")


def test_moderator_words_in_a_mention_point_to_the_command(slack: SlackHarness) -> None:
    slack.event(mention("admin fact retire mistral-compute-chips", ts="1700000000.000556"))
    call = slack.stub.wait_for(lambda c: c.method == "chat.postEphemeral")[0]
    assert "/nvidia admin help" in call.body["text"]
    assert not slack.kb.store.db.execute("select count(*) from audit where platform = 'slack'").fetchone()[0]


def test_mentions_answered_privately_when_configured(start_app: Callable[..., SlackHarness]) -> None:
    slack = start_app(answers_public=False)
    slack.event(mention("europe"))
    call = slack.stub.wait_for(lambda c: c.method == "chat.postEphemeral")[0]
    assert call.body["user"] == "U1"


def test_direct_message_is_answered_in_a_thread(slack: SlackHarness) -> None:
    _, question, answer = first_faq(slack.kb)
    slack.event(dm(question, ts="1700000000.000300"))
    call = slack.stub.wait_for(lambda c: c.method == "chat.postMessage")[0]
    assert call.body["channel"] == "D1" and call.body["thread_ts"] == "1700000000.000300"
    assert escaped(answer) in section_texts(call.body)


def test_bot_messages_and_edits_are_ignored_so_there_is_no_reply_loop(slack: SlackHarness) -> None:
    ignored = [
        dm("from another bot", bot_id="B2", ts="1.1"),
        dm("from a bot", subtype="bot_message", ts="1.2"),
        dm("our own reply", user=BOT_USER, ts="1.3"),
        dm("edited", subtype="message_changed", ts="1.4"),
        {**mention("hi", ts="1.5"), "bot_id": "B2"},
        {"type": "message", "channel_type": "channel", "user": "U1", "text": "hi", "ts": "1.6", "channel": "C1"},
    ]
    for event in ignored:
        slack.event(event)
    slack.event(dm("europe", ts="2.0"))  # a barrier: answered after every ignored event was handled
    posted = slack.stub.wait_for(lambda c: c.method.startswith("chat."))
    assert [c.body["thread_ts"] for c in posted] == ["2.0"]


def test_a_retried_event_is_answered_once(slack: SlackHarness) -> None:
    slack.event(mention("europe", ts="3.0"), event_id="Ev-same")
    slack.event(mention("europe", ts="3.0"), event_id="Ev-same", headers={"X-Slack-Retry-Num": "1"})
    slack.event(mention("topics", ts="4.0"))  # barrier
    posted = slack.stub.wait_for(lambda c: c.method == "chat.postMessage", count=2)
    assert sorted(c.body["thread_ts"] for c in posted) == ["3.0", "4.0"]


def test_rate_limit_per_channel(start_app: Callable[..., SlackHarness]) -> None:
    slack = start_app(user_rate=100, channel_rate=2)
    slack.command("europe", user="U1", channel="C9")
    slack.command("europe", user="U2", channel="C9")
    _, refused = slack.command("europe", user="U3", channel="C9")
    assert "this channel" in refused["text"]
    slack.event(mention("europe", user="U4", channel="C9"))
    call = slack.stub.wait_for(lambda c: c.method == "chat.postEphemeral")[0]
    assert "Easy there" in call.body["text"] and call.body["user"] == "U4"


def test_a_slack_api_failure_is_logged_with_its_cause_and_no_token(
    slack: SlackHarness, caplog: pytest.LogCaptureFixture
) -> None:
    slack.stub.failures["chat.postMessage"] = "not_in_channel"
    with caplog.at_level(logging.DEBUG):
        slack.event(mention("europe", ts="5.0"))
        apology = slack.stub.wait_for(lambda c: c.method == "chat.postEphemeral")[0]
    assert apology.body["text"] == APOLOGY and apology.body["thread_ts"] == "5.0"
    assert "not_in_channel" in caplog.text
    for secret in (BOT_TOKEN, SIGNING_SECRET):
        assert secret not in caplog.text
