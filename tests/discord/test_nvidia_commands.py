"""``/nvidia``, end to end: real interactions through the real command tree, replies read at the HTTP boundary.

Questions are found from the shipped data rather than hard-coded, so the tests
follow the knowledge base as colleagues extend it.
"""

from __future__ import annotations

import pytest

from bot.chat import commands
from bot.core.service import KnowledgeBase
from bot.discord import render
from tests.discord.checks import assert_well_formed, question_with, settings
from tests.discord.harness import connected, run
from tests.discord.payloads import AUTOCOMPLETE, interaction_payload, nvidia

# -- answers -----------------------------------------------------------------------------------------


def test_ask_answers_in_public_with_every_source_and_feedback_buttons(shared_kb: KnowledgeBase) -> None:
    kb = shared_kb  # an answered question: nothing is written
    faq = kb.answers.data.faq[0]
    expected = kb.ask(faq.question)
    assert expected.match is not None

    async def scenario() -> None:
        async with connected(kb, settings()) as discord_:
            sent = await discord_.command("ask", question=faq.question)
            assert sent.via == "response" and sent.type == 4
            assert not sent.ephemeral
            assert_well_formed(sent)
            embed = sent.embeds[0]
            assert embed["title"] == faq.question
            assert expected.text in embed["description"]
            assert "Confidence" in embed["footer"]["text"] and f"{expected.confidence:.0%}" in embed["footer"]["text"]
            fields = embed["fields"]
            assert len(fields) == len(expected.citations)
            for field, cite in zip(fields, expected.citations, strict=True):
                assert field["name"] == (cite.title or "Untitled source")
                assert f"**Publisher:** {cite.publisher or 'unknown'}" in field["value"]
                assert f"**Date:** {cite.published or 'unknown'}" in field["value"]
                assert render.escape(" ".join(cite.quote.split())) in field["value"]
            ids = [b["custom_id"] for b in sent.buttons]
            assert ids == [f"nvidia:fb:y:faq:{expected.match.id}", f"nvidia:fb:n:faq:{expected.match.id}"]

    run(scenario)


def test_unsure_offers_suggestion_buttons_and_pressing_one_answers_it(kb: KnowledgeBase) -> None:
    question = question_with(kb, "unsure")
    unsure = kb.ask(question)

    async def scenario() -> None:
        async with connected(kb, settings()) as discord_:
            sent = await discord_.command("ask", question=question)
            assert_well_formed(sent)
            description = sent.embeds[0]["description"]
            for suggestion in unsure.suggestions:
                assert render.escape(suggestion) in description
            suggest = [b for b in sent.buttons if b["custom_id"].startswith("nvidia:sg:")]
            assert [b["label"] for b in suggest] == [render.cut(s, 80) for s in unsure.suggestions]
            first = unsure.suggested[0]
            assert suggest[0]["custom_id"] == f"nvidia:sg:{first.kind}:{first.id}"
            assert "fields" not in sent.embeds[0]  # no sources for a guess
            assert any(b["custom_id"] == "nvidia:fb:y:unsure" for b in sent.buttons)

            answer = await discord_.press(sent, suggest[0]["custom_id"])
            assert answer.type == 4 and not answer.ephemeral
            assert_well_formed(answer)
            assert answer.embeds[0]["title"] == render.cut(unsure.suggestions[0], 80)
            entry = kb.topic_answer(first.id)
            assert entry is not None and entry.text is not None
            assert entry.text in answer.embeds[0]["description"]
            assert len(answer.embeds[0]["fields"]) == len(entry.citations)
            assert next(b["custom_id"] for b in answer.buttons).startswith("nvidia:fb:y:")

    run(scenario)


def test_no_answer_says_so_plainly_and_points_to_topics(kb: KnowledgeBase) -> None:
    question = question_with(kb, "no_answer")
    confidence = commands.ask(kb, question, platform="discord").confidence  # 0%, or nearly

    async def scenario() -> None:
        async with connected(kb, settings()) as discord_:
            sent = await discord_.command("ask", question=question)
            assert_well_formed(sent)
            embed = sent.embeds[0]
            assert "don't know" in embed["description"] and "/nvidia topics" in embed["description"]
            assert "fields" not in embed
            assert f"Confidence {confidence:.0%} · not answered" in embed["footer"]["text"]
            assert [b["custom_id"] for b in sent.buttons] == [
                "nvidia:ask", "nvidia:fb:y:no_answer", "nvidia:fb:n:no_answer"
            ]

    run(scenario)
    kb.store.behind.flush()  # votes and questions are saved behind the answers
    platforms = [row["platform"] for row in kb.store.db.query(
        "select platform from unanswered where question = ?", [question])]
    assert "discord" in platforms, "queued for moderators, as asked on Discord"


def test_answers_are_ephemeral_when_configured(shared_kb: KnowledgeBase) -> None:
    kb = shared_kb  # an answered question: nothing is written

    async def scenario() -> None:
        async with connected(kb, settings(answers_public=False)) as discord_:
            sent = await discord_.command("ask", question=kb.answers.data.faq[0].question)
            assert sent.ephemeral and sent.embeds

    run(scenario)


def test_mentions_in_a_typed_question_are_shown_but_not_matched(shared_kb: KnowledgeBase) -> None:
    """``<@id>`` addresses a person: the answer shows the question as typed and matches the rest."""
    kb = shared_kb
    faq = kb.answers.data.faq[0]

    async def scenario() -> None:
        async with connected(kb, settings()) as discord_:
            sent = await discord_.command("ask", question=f"<@123456789012345678> {faq.question}")
            assert sent.embeds[0]["title"] == f"<@123456789012345678> {faq.question}"
            assert sent.buttons[0]["custom_id"].startswith("nvidia:fb:y:faq:")

    run(scenario)


# -- hostile input ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "@everyone @here how many AI factories will Europe get?",
        "<@123456789012345678> <@&123456789012345678> <#123> what is Mistral Compute?",
        "**bold** `code` ||spoiler|| [link](https://example.com) > quote",
        "x" * 10_000,
        "🤖" * 3000,
    ],
    ids=["everyone", "user-role-mentions", "markdown", "10k-chars", "astral-emoji"],
)
def test_hostile_questions_are_shown_not_triggered_and_fit(kb: KnowledgeBase, question: str) -> None:
    expected = commands.ask(kb, question, platform="discord")  # what the chat layer reads out of it

    async def scenario() -> None:
        async with connected(kb, settings()) as discord_:
            sent = await discord_.command("ask", question=question)
            assert sent.type == 4
            assert_well_formed(sent)
            title = sent.embeds[0]["title"]
            assert render.units(title) <= 256
            assert title.startswith(" ".join(question.split())[:20])
            for note in expected.notes:  # "longer than 500 characters", when what was read is that long
                assert note in sent.embeds[0]["description"]
            if len(question) > 500:
                assert title.endswith("…")

    run(scenario)


def test_hostile_fact_topic_gets_a_short_ephemeral_error(shared_kb: KnowledgeBase) -> None:
    kb = shared_kb  # a lookup: nothing is written

    async def scenario() -> None:
        async with connected(kb, settings()) as discord_:
            sent = await discord_.command("fact", topic="@everyone " + "z" * 10_000)
            assert sent.ephemeral and not sent.embeds
            assert "@everyone" in sent.content and "z…'" in sent.content, "the name is named back, shortened"
            assert_well_formed(sent)
            assert len(sent.content) <= 300

    run(scenario)


# -- the other commands --------------------------------------------------------------------------------


def test_help_is_ephemeral_and_the_listings_are_public(shared_kb: KnowledgeBase) -> None:
    kb = shared_kb  # listings: nothing is written

    async def scenario() -> None:
        async with connected(kb, settings()) as discord_:
            help_ = await discord_.command("help")
            assert help_.ephemeral and "/nvidia ask" in help_.text
            topics = await discord_.command("topics")
            assert not topics.ephemeral
            for summary in kb.topics()[:24]:
                assert render.escape(summary.topic.title) in topics.text
                assert f"`/nvidia fact topic:{summary.topic.id}`" in topics.text
            sources = await discord_.command("sources")
            assert not sources.ephemeral
            for source in kb.sources():
                assert render.escape(source.title or "Untitled source") in sources.text
            assert "**Date:** unknown" in sources.text  # the shipped sources give no dates
            europe = await discord_.command("europe")
            assert not europe.ephemeral
            assert europe.embeds[0]["title"] == kb.overview().title
            for item in kb.overview().items[:5]:
                assert render.cut(render.escape(item.headline), 256)[:40] in europe.text
            for sent in (help_, topics, sources, europe):
                assert_well_formed(sent)

    run(scenario)


def test_fact_autocomplete_offers_valid_choices_and_fact_answers_the_choice(shared_kb: KnowledgeBase) -> None:
    kb = shared_kb  # lookups: nothing is written

    async def scenario() -> None:
        async with connected(kb, settings()) as discord_:
            sent = await discord_.respond(interaction_payload(AUTOCOMPLETE, nvidia("fact", topic="mis",
                                                                                    focused="topic")))
            assert sent.type == 8
            choices = sent.payload["data"]["choices"]
            assert 0 < len(choices) <= 25
            assert all(1 <= len(c["name"]) <= 100 and 1 <= len(c["value"]) <= 100 for c in choices)
            assert choices == [{"name": label[:100], "value": key} for label, key in kb.completions("mis")[:25]]

            label, key = kb.completions("mis")[0]
            answer = await discord_.command("fact", topic=key)
            assert not answer.ephemeral and answer.embeds[0]["title"] == label
            assert answer.embeds[0]["fields"], "a fact answer shows its sources"
            assert_well_formed(answer)

            missing = await discord_.command("fact", topic="no-such-topic-qqq")
            assert missing.ephemeral and "No topic called" in missing.content

    run(scenario)


# -- cooldown --------------------------------------------------------------------------------------------


def test_cooldown_gives_a_friendly_ephemeral_message(kb: KnowledgeBase) -> None:
    # Its own database: the cooldown is counted there, and other tests' questions must not count against it.
    question = kb.answers.data.faq[0].question

    async def scenario() -> None:
        async with connected(kb, settings(user_rate=2, rate_window_s=60.0)) as discord_:
            for _ in range(2):
                assert (await discord_.command("ask", question=question)).embeds
            limited = await discord_.command("ask", question=question)
            assert limited.ephemeral and not limited.embeds
            assert limited.content.startswith("Easy there") and "Try again in" in limited.content
            other_user = await discord_.command("ask", question=question, user_id=77)
            assert other_user.embeds and not other_user.ephemeral

    run(scenario)
