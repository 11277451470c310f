"""The Discord renderer takes any answer: never raises, stays within Discord's limits, never carries a live mention.

It relies on moderators' validation for the knowledge base's own text (answers, quotes, suggestions), so
those fields hold what validation lets through, while the user's question stays arbitrary. Discord never
pings from an embed and does not render mentions in titles, field names or footers; descriptions and field
values do render them, so that is where none may appear.
"""

from typing import Any

import discord
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot.core.models import Answer, Overview, OverviewItem, Source, Topic, TopicSummary
from bot.core.service import KnowledgeBase, clean_question
from bot.discord import render
from tests.hostile import DISCORD_LIVE, LONG_EXAMPLES, data_text, hostile_text, ids
from tests.strategies import answers, citations, units

PROPERTY = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MANY = settings(PROPERTY, max_examples=40)
"""For the tests that build dozens of entries per example."""


def assert_discord_ok(embeds: list[discord.Embed]) -> None:
    assert 1 <= len(embeds) <= 10
    assert render.embed_problems(embeds) == []
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
    assert_discord_ok(render.answer_embeds(answer))


@PROPERTY
@given(hostile_text)
@example("")
@example(LONG_EXAMPLES[0])
@example(LONG_EXAMPLES[1])
@example(LONG_EXAMPLES[4])
def test_discord_question_title_stays_within_limits(question: str) -> None:
    title = render.question_title(question)
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
    assert_discord_ok(render.overview_embeds(Overview("NVIDIA in Europe", "Intro", tuple(items))))
    assert_discord_ok(render.topics_embeds(topics))
    assert_discord_ok(render.sources_embeds(sources))
    assert_discord_ok(render.help_embeds())


def test_a_blank_source_title_still_renders() -> None:
    source = Source("s", "\r", None, None, None, "en", "")
    assert render.embed_problems(render.sources_embeds([source])) == []


# -- the whole path: anything typed, answered by the real knowledge base -----------------


@PROPERTY
@given(hostile_text)
@example(LONG_EXAMPLES[1])
@example("<@123> <!channel> @here how many chips will Mistral Compute use?")
def test_any_question_answered_and_rendered_for_discord(shared_kb: KnowledgeBase, raw: str) -> None:
    question, notes = clean_question(raw)
    answer = shared_kb.answers.from_match(question, shared_kb.matcher.match(question), notes)
    assert_discord_ok(render.answer_embeds(answer))
