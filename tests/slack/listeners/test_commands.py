"""The ``/nvidia`` slash command over real HTTP: acked at once, answered through the response_url."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from bot.chat.grammar import USER_HELP
from bot.slack.bot import APOLOGY
from bot.slack.buttons import ACTION_FEEDBACK
from tests.slack.checks import check_message
from tests.slack.harness import (
    WAIT,
    Response,
    SlackHarness,
    buttons,
    context_texts,
    escaped,
    first_faq,
    section_texts,
)


@pytest.fixture
def held(slack: SlackHarness, monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Every answer waits until the event is set: whatever arrives before that came before the answer."""
    release = threading.Event()
    real_ask = slack.kb.ask

    def slow_ask(question: str, **kwargs: Any) -> Any:
        assert release.wait(WAIT)
        return real_ask(question, **kwargs)

    monkeypatch.setattr(slack.kb, "ask", slow_ask)
    yield release
    release.set()


def test_slash_command_acks_at_once_then_answers_in_channel(slack: SlackHarness, held: threading.Event) -> None:
    _, question, answer = first_faq(slack.kb)
    ack, rid = slack.send_command(f"ask {question}")
    assert ack.status == 200 and ack.body == ""
    assert not slack.stub.made("response_url"), "acked while the answer was still being worked on"
    held.set()
    reply = slack.reply_to(rid)
    assert reply["response_type"] == "in_channel" and reply["replace_original"] is False
    check_message(reply)
    assert escaped(answer) in section_texts(reply)
    contexts = context_texts(reply)
    assert any(t.startswith("Confidence: ") for t in contexts)
    assert any("“" in t and ("date unknown" in t or any(ch.isdigit() for ch in t)) for t in contexts)
    assert [b["action_id"] for b in buttons(reply)] == [f"{ACTION_FEEDBACK}:yes", f"{ACTION_FEEDBACK}:no"]


def test_plain_question_is_a_shortcut_for_ask(slack: SlackHarness) -> None:
    _, question, answer = first_faq(slack.kb)
    _, reply = slack.command(question)
    assert escaped(answer) in section_texts(reply)


def test_every_command_is_acked_before_its_answer(slack: SlackHarness, held: threading.Event) -> None:
    """Twenty commands one after another, each acked (empty body) while every answer is still held.

    How fast the acks are is measured by ``benchmarks.slack_ack``, not asserted here.
    """
    _, question, _ = first_faq(slack.kb)
    sent = [slack.send_command(question, user=f"U{i}") for i in range(20)]
    assert all(ack.status == 200 and ack.body == "" for ack, _ in sent)
    assert not slack.stub.made("response_url"), "no answer yet: the acks came first"
    held.set()
    for _, rid in sent:
        check_message(slack.reply_to(rid))


def test_the_ack_does_not_wait_for_the_answer(slack: SlackHarness, held: threading.Event) -> None:
    """Even with every answering thread stuck, each request is acked at once; answers follow when freed."""
    _, question, _ = first_faq(slack.kb)
    count = 40  # more than the listener threads
    acks: list[tuple[Response, str]] = []
    lock = threading.Lock()

    def send(i: int) -> None:
        sent = slack.send_command(question, user=f"U{i}", channel=f"C{i}")
        with lock:
            acks.append(sent)

    senders = [threading.Thread(target=send, args=(i,)) for i in range(count)]
    for t in senders:
        t.start()
    for t in senders:
        t.join(WAIT)
    assert len(acks) == count and all(a.status == 200 and a.body == "" for a, _ in acks)
    assert not slack.stub.made("response_url"), "no answer yet: the acks came first"
    held.set()
    answers = slack.stub.wait_for(lambda c: c.method == "response_url", count=count)
    assert {c.body["_path"] for c in answers} == {f"/response/{rid}" for _, rid in acks}


@pytest.mark.parametrize("text", ["help", "", "fact", "ask", "fact no-such-topic-<!channel>"])
def test_help_and_errors_are_ephemeral(slack: SlackHarness, text: str) -> None:
    _, reply = slack.command(text)
    assert reply["response_type"] == "ephemeral"
    check_message(reply)


def test_help_is_the_shared_help(slack: SlackHarness) -> None:
    _, reply = slack.command("help")
    assert reply["text"] == escaped(USER_HELP)


@pytest.mark.parametrize("text", ["europe", "topics", "sources"])
def test_listings_are_posted_in_channel(slack: SlackHarness, text: str) -> None:
    _, reply = slack.command(text)
    assert reply["response_type"] == "in_channel"
    check_message(reply)


def test_answers_can_be_configured_private(start_app: Callable[..., SlackHarness]) -> None:
    slack = start_app(answers_public=False)
    _, question, _ = first_faq(slack.kb)
    _, reply = slack.command(question)
    assert reply["response_type"] == "ephemeral"


def test_fact_command_answers_a_topic(slack: SlackHarness) -> None:
    topic = slack.kb.topics()[0].topic
    _, reply = slack.command(f"fact {topic.id}")
    check_message(reply)
    assert reply["response_type"] == "in_channel"
    assert len([t for t in context_texts(reply) if "“" in t]) >= 1


def test_rate_limit_per_user_is_friendly_and_private(start_app: Callable[..., SlackHarness]) -> None:
    slack = start_app(user_rate=2, channel_rate=100)
    assert slack.command("europe", user="U7")[1]["response_type"] == "in_channel"
    slack.command("europe", user="U7")
    _, refused = slack.command("europe", user="U7")
    assert refused["response_type"] == "ephemeral" and "Easy there" in refused["text"]
    assert slack.command("help", user="U7")[1]["response_type"] == "ephemeral", "help still works"
    assert "Easy there" not in slack.command("help", user="U7")[1]["text"]
    assert "Easy there" not in slack.command("fact", user="U7")[1]["text"], "a usage reply is free too"
    assert slack.command("europe", user="U8")[1]["response_type"] == "in_channel", "other users are not limited"


def test_a_core_failure_is_logged_and_apologised_for(slack: SlackHarness, monkeypatch: pytest.MonkeyPatch,
                                                     caplog: pytest.LogCaptureFixture) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("database is on fire")

    monkeypatch.setattr(slack.kb, "ask", broken)
    with caplog.at_level(logging.DEBUG):
        _, reply = slack.command("ask anything at all")
    assert reply["response_type"] == "ephemeral" and reply["text"] == APOLOGY
    record = next(r for r in caplog.records if "slash command failed" in r.getMessage())
    assert record.exc_info and "database is on fire" in str(record.exc_info[1])
