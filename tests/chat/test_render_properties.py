"""Both renderers take any answer: never raise, stay within the platform's limits, never carry a live mention.

Slack escapes everything it shows, so its answers here are arbitrary in every field. Discord's renderer
relies on moderators' validation for the knowledge base's own text (answers, quotes, suggestions), so
those fields hold what validation lets through, while the user's question stays arbitrary. Discord never
pings from an embed and does not render mentions in titles, field names or footers; descriptions and field
values do render them, so that is where none may appear.
"""

from __future__ import annotations

from typing import Any

import discord
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot.chat import render_discord, render_slack
from bot.chat.commands import ErrorReply, HelpReply, SourcesReply, TopicsReply
from bot.core.models import Answer, Citation, Match, Overview, OverviewItem, Source, Topic, TopicSummary
from bot.core.service import KnowledgeBase, clean_question
from tests.hostile import DISCORD_LIVE, LIVE_MENTION, LONG_EXAMPLES, data_text, hostile_field, hostile_text, ids

PROPERTY = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MANY = settings(PROPERTY, max_examples=40)
"""For the tests that build dozens of entries per example."""


def units(text: str) -> int:
    """UTF-16 code units: the stricter of the ways either platform counts."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def citations(text: st.SearchStrategy[str]) -> st.SearchStrategy[Citation]:
    optional = st.none() | text
    return st.builds(Citation, ids, optional, optional, optional, optional, text)


def answers(question: st.SearchStrategy[str], text: st.SearchStrategy[str]) -> st.SearchStrategy[Answer]:
    """Answers of every status, with the question from ``question`` and everything else from ``text``."""
    matches = st.builds(Match, st.sampled_from(["faq", "fact"]), ids)
    return st.builds(
        Answer,
        question=question,
        status=st.sampled_from(["answered", "unsure", "no_answer"]),
        text=st.none() | text,
        confidence=st.floats(0, 1),
        citations=st.lists(citations(text), max_size=30).map(tuple),
        match=st.none() | matches,
        suggestions=st.lists(text, max_size=8).map(tuple),
        suggested=st.lists(matches, max_size=8).map(tuple),
        notes=st.lists(text, max_size=3).map(tuple),
    )


# -- Discord -----------------------------------------------------------------------------------------------


def assert_discord_ok(embeds: list[discord.Embed]) -> None:
    assert 1 <= len(embeds) <= 10
    assert render_discord.embed_problems(embeds) == []
    total = 0
    for embed in embeds:
        data: dict[str, Any] = embed.to_dict()  # type: ignore[assignment]
        title, description = data.get("title", ""), data.get("description", "")
        footer = data.get("footer", {}).get("text", "")
        fields = data.get("fields", [])
        assert units(title) <= 256 and units(description) <= 4096 and units(footer) <= 2048
        assert len(fields) <= 25
        total += units(title) + units(description) + units(footer)
        for field in fields:
            assert field["name"].strip() and field["value"].strip()
            assert units(field["name"]) <= 256 and units(field["value"]) <= 1024
            total += units(field["name"]) + units(field["value"])
            assert not DISCORD_LIVE.search(field["value"]), field["value"]
        assert not DISCORD_LIVE.search(description), description
    assert total <= 6000


@PROPERTY
@given(answers(hostile_text, data_text))
def test_discord_answer_embeds(answer: Answer) -> None:
    assert_discord_ok(render_discord.answer_embeds(answer))


@PROPERTY
@given(hostile_text)
@example("")
@example(LONG_EXAMPLES[0])
@example(LONG_EXAMPLES[1])
@example(LONG_EXAMPLES[4])
def test_discord_question_title_stays_within_limits(question: str) -> None:
    title = render_discord.question_title(question)
    assert 0 < units(title) <= 256


@MANY
@given(
    st.lists(st.builds(OverviewItem, data_text, citations(data_text)), max_size=40),
    st.lists(st.builds(TopicSummary, st.builds(Topic, ids, data_text, data_text), st.integers(0, 99),
                       st.lists(data_text, max_size=4).map(tuple)), max_size=40),
    st.lists(st.builds(Source, ids, st.none() | data_text, st.none() | data_text, st.none() | data_text,
                       st.none() | data_text, data_text, data_text), max_size=40),
)
def test_discord_overview_topics_and_sources(
    items: list[OverviewItem], topics: list[TopicSummary], sources: list[Source]
) -> None:
    assert_discord_ok(render_discord.overview_embeds(Overview("NVIDIA in Europe", "Intro", tuple(items))))
    assert_discord_ok(render_discord.topics_embeds(topics))
    assert_discord_ok(render_discord.sources_embeds(sources))
    assert_discord_ok(render_discord.help_embeds())


def test_a_blank_source_title_still_renders() -> None:
    source = Source("s", "\r", None, None, None, "en", "")
    assert render_discord.embed_problems(render_discord.sources_embeds([source])) == []


# -- Slack -------------------------------------------------------------------------------------------------


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


def assert_slack_ok(message: render_slack.SlackMessage) -> None:
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
    assert_slack_ok(render_slack.render(answer))


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
    assert_slack_ok(render_slack.render(Overview("NVIDIA in Europe", "Intro", tuple(items))))
    assert_slack_ok(render_slack.render(TopicsReply(tuple(topics))))
    assert_slack_ok(render_slack.render(SourcesReply(tuple(sources))))
    assert_slack_ok(render_slack.render(HelpReply()))
    assert_slack_ok(render_slack.render(ErrorReply(error)))
    assert_slack_ok(render_slack.notice(error))


@PROPERTY
@given(hostile_text, st.none() | st.text(max_size=12))
def test_slack_incoming_text_is_read_without_raising(text: str, bot_id: str | None) -> None:
    plain = render_slack.from_slack(render_slack.strip_mention(text, bot_id))
    assert isinstance(plain, str)


# -- the whole path: anything typed, answered by the real knowledge base, rendered for both -----------------


@PROPERTY
@given(hostile_text)
@example(LONG_EXAMPLES[1])
@example("<@123> <!channel> @here how many chips will Mistral Compute use?")
def test_any_question_answered_and_rendered_for_both_platforms(shared_kb: KnowledgeBase, raw: str) -> None:
    question, notes = clean_question(raw)
    answer = shared_kb.answers.from_match(question, shared_kb.matcher.match(question), notes)
    assert_discord_ok(render_discord.answer_embeds(answer))
    assert_slack_ok(render_slack.render(answer))
