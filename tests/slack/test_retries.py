"""Slack's Web API saying "slow down" (HTTP 429) over real HTTP: the reply is posted again after Retry-After.

The stub Web API answers the first ``chat.postMessage`` with 429 and ``Retry-After: 1``, then 200, as Slack
does when a channel's posting limit is hit. The app's real ``WebClient`` (built by ``build_app``) must retry.
"""

from __future__ import annotations

from bot.slack.bot import APOLOGY
from bot.slack.retries import MAX_RETRY_AFTER_S
from tests.slack.checks import check_message
from tests.slack.harness import SlackHarness, escaped, first_faq, mention, section_texts


def test_a_rate_limited_reply_is_posted_after_retry_after(slack: SlackHarness) -> None:
    _, question, answer = first_faq(slack.kb)
    slack.stub.rate_limited["chat.postMessage"] = ["1"]
    slack.event(mention(question, ts="1700000000.000429"))
    first, second = slack.stub.wait_for(lambda c: c.method == "chat.postMessage", count=2)
    assert slack.stub.rate_limited["chat.postMessage"] == [], "the first call was the one answered 429"
    assert second.body == first.body, "the same reply, posted again"
    check_message(second.body)
    assert escaped(answer) in section_texts(second.body)
    assert second.body["thread_ts"] == "1700000000.000429"


def test_a_pause_longer_than_a_user_will_wait_is_not_waited_for(slack: SlackHarness) -> None:
    slack.stub.rate_limited["chat.postMessage"] = [str(MAX_RETRY_AFTER_S + 1)]
    slack.event(mention("how many chips for mistral compute?", ts="1700000000.000430"))
    # The post fails at once and the user gets the apology; a retry that slept first would time out here.
    slack.stub.wait_for(lambda c: c.method.startswith("chat.") and c.body.get("text") == APOLOGY)
    assert len(slack.stub.made("chat.postMessage")) == 1 and slack.stub.rate_limited["chat.postMessage"] == []
