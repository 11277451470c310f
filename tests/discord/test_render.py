"""Embeds for every reply, within every Discord limit, cut visibly and never rejected."""

from __future__ import annotations

from typing import Any

import discord
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.chat.commands import HELP_TEXT
from bot.core.curation import Curator, Version
from bot.core.models import Answer, Citation, Match, Overview, OverviewItem, Source, Topic, TopicSummary
from bot.discord import render as r

CITE = Citation("src-a", "A source", "Some Publisher", "2025-06-11", "https://example.com/a", "The quoted words.")
BARE = Citation("src-b", None, None, None, None, "A quote from a source with no metadata.")


def answered(citations: tuple[Citation, ...] = (CITE,), text: str = "The answer.", question: str = "Q?") -> Answer:
    return Answer(question, "answered", text, 0.8765, citations, Match("faq", "some-entry"))


def total(embeds: list[discord.Embed]) -> int:
    return sum(r.units(v) for e in embeds for v in _texts(dict(e.to_dict())))


def _texts(data: dict[str, Any]) -> list[str]:
    out = [data.get("title", ""), data.get("description", ""), data.get("footer", {}).get("text", "")]
    return out + [x for f in data.get("fields", []) for x in (f["name"], f["value"])]


# -- cutting ----------------------------------------------------------------------------------------------


def test_cut_leaves_short_text_alone_and_ends_long_text_with_an_ellipsis() -> None:
    assert r.cut("short", 10) == "short"
    assert r.cut("alpha beta gamma delta", 20) == "alpha beta gamma…", "cut at a word boundary"
    assert r.cut("alphabetagammadelta epsilon", 10) == "alphabeta…", "or mid-word when no boundary is near"
    assert r.cut("x" * 50, 10) == "x" * 9 + "…"


def test_cut_counts_astral_characters_twice_like_discord() -> None:
    text = "🤖" * 300
    assert len(text) == 300 and r.units(text) == 600
    cut = r.cut(text, 256)
    assert r.units(cut) <= 256 and cut.endswith("…") and len(cut) == 128
    assert r.units("\ud83e") == 1, "a lone surrogate (possible in gateway JSON) is measured, not an error"


def test_cut_never_leaves_a_dangling_escape_before_the_ellipsis() -> None:
    text = r.escape("a" * 9 + "*" * 20)
    cut = r.cut(text, 11)
    assert not cut[:-1].endswith("\\") and r.units(cut) <= 11


@given(st.text(max_size=3000), st.integers(min_value=1, max_value=2000))
def test_cut_always_fits(text: str, limit: int) -> None:
    cut = r.cut(text, limit)
    assert r.units(cut) <= limit
    assert cut == text or cut.endswith("…")


# -- answers ------------------------------------------------------------------------------------------------


def test_an_answer_shows_text_each_source_as_a_field_and_the_confidence_in_the_footer() -> None:
    embed = r.answer_embeds(answered((CITE, BARE)))[0].to_dict()
    assert embed["title"] == "Q?" and embed["description"] == "The answer."
    assert embed["footer"]["text"] == "Confidence 88% · faq some-entry"
    first, second = embed["fields"]
    assert first["name"] == "A source"
    assert first["value"] == (
        "**Publisher:** Some Publisher · **Date:** 2025-06-11\nhttps://example.com/a\n> “The quoted words.”"
    )
    assert second["name"] == "Untitled source"
    assert "**Publisher:** unknown · **Date:** unknown" in second["value"]
    assert "http" not in second["value"]
    assert embed["color"] == r.GREEN.value


def test_unsure_lists_the_suggestions_and_no_answer_points_to_topics() -> None:
    unsure = Answer("Hmm?", "unsure", "Did you mean?", 0.4, suggestions=("One?", "Two?"),
                    suggested=(Match("faq", "one"), Match("fact", "two")))
    embed = r.answer_embeds(unsure)[0].to_dict()
    assert "1. One?\n2. Two?" in embed["description"]
    assert "fields" not in embed and "not sure" in embed["footer"]["text"]
    nothing = Answer("Mars?", "no_answer", "I don't know that one.", 0.0)
    embed = r.answer_embeds(nothing)[0].to_dict()
    assert "/nvidia topics" in embed["description"] and embed["color"] == r.GREY.value


def test_notes_are_shown_above_the_answer() -> None:
    answer = Answer("Q?", "answered", "A.", 1.0, (CITE,), Match("faq", "x"), notes=("Your question was cut.",))
    assert r.answer_embeds(answer)[0].description == "*Your question was cut.*\nA."


def test_markdown_in_quotes_is_escaped_so_the_quote_reads_verbatim() -> None:
    cite = Citation("s", "T", "P", None, None, "2*3 = 6 and __init__")
    value = r.answer_embeds(answered((cite,)))[0].fields[0].value or ""
    assert "2\\*3 = 6 and \\_\\_init\\_\\_" in value


def test_a_huge_answer_is_cut_to_every_limit_with_visible_ellipses() -> None:
    long_cite = Citation("s", "T" * 400, "P" * 300, "D", None, "quote " * 400)
    answer = answered((long_cite,) * 60, text="word " * 2000, question="why " * 300)
    embeds = r.answer_embeds(answer)
    assert r.embed_problems(embeds) == []
    assert total(embeds) <= 6000
    data = embeds[0].to_dict()
    assert data["title"].endswith("…") and data["description"].endswith("…")
    assert any(f["value"].endswith("…") for f in data["fields"])
    more = [f for e in embeds for f in e.to_dict().get("fields", []) if f["name"] == "More"]
    assert more and "more sources not shown" in more[0]["value"] and "/nvidia sources" in more[0]["value"]
    shown = sum(len(e.fields) for e in embeds) - 1
    assert 4 <= shown < 60, "several sources shown, the rest counted"


def test_many_short_sources_are_all_shown_across_embeds() -> None:
    answer = answered(tuple(Citation(f"s{i}", f"Source {i}", "P", None, None, f"q{i}") for i in range(40)))
    embeds = r.answer_embeds(answer)
    assert r.embed_problems(embeds) == []
    assert len(embeds) == 2 and len(embeds[0].fields) == 25 and len(embeds[1].fields) == 15
    assert embeds[-1].footer.text and not embeds[0].footer.text


@settings(max_examples=60, deadline=None)
@given(
    question=st.text(min_size=0, max_size=700),
    text=st.text(max_size=6000),
    quotes=st.lists(st.text(min_size=1, max_size=1500), max_size=40),
    meta=st.one_of(st.none(), st.text(max_size=400)),
)
def test_any_answer_fits_discord(question: str, text: str, quotes: list[str], meta: str | None) -> None:
    cites = tuple(Citation("s", meta, meta, meta, None, q) for q in quotes)
    embeds = r.answer_embeds(answered(cites, text=text, question=question))
    assert r.embed_problems(embeds) == []


# -- the other replies -----------------------------------------------------------------------------------------


def test_overview_puts_each_headline_with_its_source() -> None:
    items = tuple(OverviewItem(f"Headline {i}.", CITE) for i in range(3))
    embed = r.overview_embeds(Overview("NVIDIA in Europe", "Intro.", items))[0].to_dict()
    assert embed["title"] == "NVIDIA in Europe" and embed["description"] == "Intro."
    assert [f["name"] for f in embed["fields"]] == ["Headline 0.", "Headline 1.", "Headline 2."]
    assert embed["fields"][0]["value"].startswith("*A source*\n**Publisher:** Some Publisher")
    assert "> “The quoted words.”" in embed["fields"][0]["value"]


def test_a_long_overview_stays_within_the_message_budget() -> None:
    items = tuple(OverviewItem("H" * 300, Citation("s", "T", None, None, None, "q" * 900)) for _ in range(80))
    embeds = r.overview_embeds(Overview("T", "I" * 5000, items))
    assert r.embed_problems(embeds) == [] and len(embeds) <= 10
    assert "more headlines" in embeds[-1].fields[-1].value  # type: ignore[operator]


def test_topics_name_the_id_to_use_with_fact() -> None:
    topic = TopicSummary(Topic("mistral-compute", "Mistral Compute", "The AI cloud."), 4, ("What is it?",))
    embed = r.topics_embeds([topic])[0].to_dict()
    assert embed["fields"][0]["name"] == "Mistral Compute"
    assert "`/nvidia fact topic:mistral-compute`" in embed["fields"][0]["value"]
    assert "• What is it?" in embed["fields"][0]["value"]
    many = [topic] * 300
    assert r.embed_problems(r.topics_embeds(many)) == []


def test_sources_show_unknown_for_missing_metadata() -> None:
    source = Source("zhitong", "Title", "Zhitong Finance", None, None, "en", "text")
    value = r.sources_embeds([source])[0].fields[0].value or ""
    assert "**Publisher:** Zhitong Finance · **Date:** unknown" in value
    assert "**Link:** unknown" in value and "`zhitong`" in value


def test_help_is_the_shared_help_text() -> None:
    embed = r.help_embeds()[0]
    assert embed.description == HELP_TEXT


def test_the_real_knowledge_base_renders_within_limits(shared_kb: Any) -> None:
    kb = shared_kb
    for entry in kb.answers.data.faq:
        assert r.embed_problems(r.answer_embeds(kb.ask(entry.question))) == [], entry.id
    for summary in kb.topics():
        assert r.embed_problems(r.answer_embeds(kb.topic_answer(summary.topic.id))) == []
    assert r.embed_problems(r.overview_embeds(kb.overview())) == []
    assert r.embed_problems(r.topics_embeds(kb.topics())) == []
    assert r.embed_problems(r.sources_embeds(kb.sources())) == []


# -- the checker itself ---------------------------------------------------------------------------------------


def test_embed_problems_catches_each_kind_of_overflow() -> None:
    bad = discord.Embed(title="t" * 257, description="d" * 4097)
    bad.set_footer(text="f" * 2049)
    for _ in range(26):
        bad.add_field(name="n" * 257, value="v" * 1025)
    problems = r.embed_problems([bad] * 11)
    assert any("11 embeds" in p for p in problems)
    assert any("title is 257" in p for p in problems)
    assert any("description is 4097" in p for p in problems)
    assert any("footer is 2049" in p for p in problems)
    assert any("26 fields" in p for p in problems)
    assert any("field 0 name is 257" in p for p in problems)
    assert any("field 0 value is 1025" in p for p in problems)
    assert any("characters in all" in p for p in problems)
    assert r.embed_problems([discord.Embed(title="ok")]) == []


# -- what moderators see ---------------------------------------------------------------------------------------


def test_an_entry_shows_every_field_its_version_and_state(shared_kb: Any) -> None:
    record = Curator.of(shared_kb).get("fact", "mistral-compute-chips")
    embed = r.record_embeds(record)[0].to_dict()
    assert embed["title"] == "fact mistral-compute-chips"
    assert embed["description"] == f"Version {record.version} · live" and embed["color"] == r.GREEN.value
    names = [f["name"] for f in embed["fields"]]
    assert "Statement" in names and "Quote" in names and "Id" not in names
    assert r.record_embeds(record, title="The newer version")[0].title == "The newer version"


def test_history_is_newest_first_and_an_empty_queue_says_so(shared_kb: Any) -> None:
    versions = Curator.of(shared_kb).history("fact", "mistral-compute-chips")
    embed = r.history_embeds("fact", "mistral-compute-chips", versions)[0].to_dict()
    assert embed["title"] == "History of fact mistral-compute-chips"
    assert embed["fields"][0]["name"].startswith(f"v{versions[-1].version} ·")
    assert r.unanswered_embeds([])[0].description == "No open questions. Nice."


SMUGGLED = "see [click here](https://evil.example/login), <@&123>, <@42>, <#7> and @everyone or @here"


def _inert(text: str) -> bool:
    """No link Discord would make clickable and no mention it would draw as a pill or broadcast."""
    return not any(mark in text for mark in ("://", "<@", "<#", "@everyone", "@here"))


def test_links_and_mentions_in_a_sources_quote_are_shown_but_inert() -> None:
    cite = Citation("s", "Title <@1>", "P", None, "https://example.com/a",
                    f"Zorblax will deploy 7,777 widgets, {SMUGGLED}.")
    field = r.answer_embeds(answered((cite,)))[0].fields[0]
    value = field.value or ""
    assert value.startswith("**Publisher:** P · **Date:** unknown\nhttps://example.com/a\n"), "the source's own link"
    quote = value.split("\n", 2)[2]
    assert _inert(quote) and _inert(field.name or "")
    shown = quote.replace(r.ZERO_WIDTH, "").replace("\\", "")
    assert shown.startswith("> “Zorblax will deploy 7,777 widgets, see [click here](https://evil.example/login)")


def test_links_and_mentions_in_an_answers_own_text_and_a_moderators_name_are_inert() -> None:
    embed = r.answer_embeds(answered(text=f"The answer, {SMUGGLED}."))[0]
    assert _inert(embed.description or "")
    assert "The answer, see" in (embed.description or "")
    version = Version("fact", "f", 1, "update", "<@1> https://evil.example", "discord", "2026-01-01T00:00:00+00:00",
                      f"because {SMUGGLED}", None)
    history = r.history_embeds("fact", "f", [version])[0].fields[0]
    assert _inert(history.name or "") and _inert(history.value or "")
