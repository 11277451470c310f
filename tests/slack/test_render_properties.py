"""The Slack renderer takes any answer: never raises, stays within Block Kit's limits, never carries a live mention.

Slack escapes everything it shows, so its answers here are arbitrary in every field.
"""

from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot.chat.commands import ErrorReply, HelpReply, SourcesReply, TopicsReply
from bot.core.models import Answer, Overview, OverviewItem, Source, Topic, TopicSummary
from bot.core.service import KnowledgeBase, clean_question
from bot.slack import blocks, markup, render
from tests.hostile import LIVE_MENTION, LONG_EXAMPLES, hostile_field, hostile_text, ids
from tests.strategies import answers, citations, units

PROPERTY = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MANY = settings(PROPERTY, max_examples=40)
"""For the tests that build dozens of entries per example."""


def mrkdwn_and_plain_texts(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every text object in the blocks, wherever it sits."""
    found: list[dict[str, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") in ("mrkdwn", "plain_text") and "text" in node:
                found.append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(blocks)
    return found


def assert_slack_ok(message: blocks.SlackMessage) -> None:
    assert message.text.strip() and units(message.text) <= 40_000
    assert not LIVE_MENTION.search(message.text), message.text
    assert 1 <= len(message.blocks) <= 50
    action_ids: list[str] = []
    for block in message.blocks:
        kind = block["type"]
        assert kind in ("section", "context", "actions", "divider", "header")
        if kind == "section":
            assert 0 < units(block["text"]["text"]) <= 3000
        if kind == "context":
            assert 1 <= len(block["elements"]) <= 10
            assert all(0 < units(e["text"]) <= 2000 for e in block["elements"])
        buttons = block["elements"] if kind == "actions" else [block.get("accessory")] if "accessory" in block else []
        assert len(buttons) <= 25
        for button in buttons:
            assert 0 < units(button["text"]["text"]) <= 75
            assert 0 < len(button["action_id"]) <= 255 and units(button["value"]) <= 2000
            action_ids.append(button["action_id"])
    assert len(action_ids) == len(set(action_ids))
    for obj in mrkdwn_and_plain_texts(message.blocks):
        assert obj["text"].strip()
        assert not LIVE_MENTION.search(obj["text"]), obj["text"]
        if obj["type"] == "mrkdwn":
            assert obj.get("verbatim") is True  # Slack does not turn names into links or mentions


@PROPERTY
@given(answers(hostile_text, hostile_field))
def test_slack_answer_blocks(answer: Answer) -> None:
    assert_slack_ok(render.render(answer))


@MANY
@given(
    st.lists(st.builds(OverviewItem, hostile_field, citations(hostile_field)), max_size=40),
    st.lists(st.builds(TopicSummary, st.builds(Topic, ids, hostile_field, hostile_field),
                       st.integers(0, 99), st.lists(hostile_field, max_size=4).map(tuple)), max_size=60),
    st.lists(st.builds(Source, ids, st.none() | hostile_field, st.none() | hostile_field,
                       st.none() | hostile_field, st.none() | hostile_field, hostile_field, hostile_field),
             max_size=60),
    hostile_text,
)
def test_slack_overview_topics_sources_help_and_errors(
    items: list[OverviewItem], topics: list[TopicSummary], sources: list[Source], error: str
) -> None:
    assert_slack_ok(render.render(Overview("NVIDIA in Europe", "Intro", tuple(items))))
    assert_slack_ok(render.render(TopicsReply(tuple(topics))))
    assert_slack_ok(render.render(SourcesReply(tuple(sources))))
    assert_slack_ok(render.render(HelpReply()))
    assert_slack_ok(render.render(ErrorReply(error)))
    assert_slack_ok(blocks.notice(error))


@PROPERTY
@given(hostile_text, st.none() | st.text(max_size=12))
def test_slack_incoming_text_is_read_without_raising(text: str, bot_id: str | None) -> None:
    plain = markup.from_slack(markup.strip_mention(text, bot_id))
    assert isinstance(plain, str)


# -- the whole path: anything typed, answered by the real knowledge base -----------------


@PROPERTY
@given(hostile_text)
@example(LONG_EXAMPLES[1])
@example("<@123> <!channel> @here how many chips will Mistral Compute use?")
def test_any_question_answered_and_rendered_for_slack(shared_kb: KnowledgeBase, raw: str) -> None:
    question, notes = clean_question(raw)
    answer = shared_kb.answers.from_match(question, shared_kb.matcher.match(question), notes)
    assert_slack_ok(render.render(answer))
