"""Block Kit rendering: what users see, what Slack accepts, and what can never be triggered."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.chat.commands import ErrorReply, HelpReply, SourcesReply, TopicsReply, run_command
from bot.chat.render_slack import (
    ACTION_FEEDBACK,
    ACTION_SUGGEST,
    cut,
    escape,
    fit,
    from_slack,
    notice,
    parse_feedback,
    parse_suggestion,
    render,
    strip_mention,
    suggestion_value,
)
from bot.core.models import Answer, Citation, Match, Overview, OverviewItem, Source, Topic, TopicSummary
from bot.core.service import KnowledgeBase, answer_key
from tests.chat.slack_checks import check_message, check_safe_text, units

HOSTILE = "<!channel> <!here> <!everyone> @here <@U123> <#C1|general> <https://evil.example|click> & *bold* _x_ `c`"


def cite(**kw: str | None) -> Citation:
    base: dict[str, str | None] = {
        "source_id": "s1", "title": "A title", "publisher": "Pub", "published": "2025-06-11",
        "url": None, "quote": "A verbatim quote.",
    }
    base.update(kw)
    return Citation(**base)  # type: ignore[arg-type]


def answered(**kw: object) -> Answer:
    base: dict[str, object] = {
        "question": "How many chips?", "status": "answered", "text": "18,000 chips.", "confidence": 0.91,
        "citations": (cite(),), "match": Match("faq", "chips"),
    }
    base.update(kw)
    return Answer(**base)  # type: ignore[arg-type]


def blocks_of(kind: str, payload: dict[str, object]) -> list[dict[str, object]]:
    return [b for b in payload["blocks"] if b["type"] == kind]  # type: ignore[attr-defined, index]


def all_text(payload: dict[str, object]) -> str:
    return json.dumps(payload, ensure_ascii=False)


# -- escaping and cutting ----------------------------------------------------------------------------------


def test_escape_shows_markup_as_text() -> None:
    assert escape("<!channel> & <@U1>") == "&lt;!channel&gt; &amp; &lt;@U1&gt;"
    check_safe_text(escape(HOSTILE))
    assert "@\u2060here" in escape("@here") and "@\u2060Channel" in escape("@Channel")
    assert escape("mail me@example.com") == "mail me@example.com"


@pytest.mark.parametrize("limit", [1, 2, 10, 75, 3000])
def test_cut_respects_the_limit_and_marks_the_cut(limit: int) -> None:
    text = escape("word & <x> " * 1000)
    out = cut(text, limit)
    assert units(out) <= limit
    assert out.endswith("…")
    head = out[:-1]
    assert head.count("&") == head.count(";"), "an entity was split"


def test_cut_leaves_short_text_alone_and_counts_emoji_as_two() -> None:
    assert cut("short", 10) == "short"
    out = cut("😀" * 100, 75)
    assert units(out) <= 75 and out.endswith("…")
    assert cut(f"<https://x.example|{'a' * 50}> tail", 20) == "…"


def test_cut_prefers_a_word_boundary() -> None:
    assert cut("alpha beta gamma delta", 15) == "alpha beta…"


def test_fit_never_returns_empty() -> None:
    assert fit("", 10) and fit(None, 10)


# -- Slack markup in -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "plain"),
    [
        ("<@U123> hi", "@U123 hi"),
        ("<@U123|ann> hi", "@ann hi"),
        ("<#C1|general>", "#general"),
        ("<!channel> <!here|here>", "@channel here"),
        ("<!subteam^S1|@mods>", "@mods"),
        ("<https://x.example|click> <https://y.example>", "click https://y.example"),
        ("R&amp;D &lt;b&gt; &amp;lt;", "R&D <b> &lt;"),
        ("broken \ud800 surrogate", "broken \ufffd surrogate"),
        (None, ""),
    ],
)
def test_from_slack_gives_the_text_the_user_saw(raw: str | None, plain: str) -> None:
    assert from_slack(raw) == plain


def test_strip_mention_removes_only_the_bot() -> None:
    assert strip_mention("<@UBOT> how about <@U2>?", "UBOT") == "how about <@U2>?"
    assert strip_mention("<@UBOT|nvidia> hi", "UBOT") == "hi"
    assert strip_mention("<@UBOT> hi", None) == "<@UBOT> hi"


# -- answers -----------------------------------------------------------------------------------------------


def test_answer_has_text_sources_quotes_confidence_and_feedback() -> None:
    message = render(answered())
    payload = message.payload()
    check_message(payload)
    assert not message.private
    assert payload["blocks"][1] == {"type": "section", "text": {"type": "mrkdwn", "text": "18,000 chips.",
                                                                "verbatim": True}}
    contexts = [b["elements"][0]["text"] for b in blocks_of("context", payload)]
    assert any("How many chips?" in c for c in contexts)
    source = next(c for c in contexts if "A title" in c)
    assert "Pub" in source and "2025-06-11" in source and "“A verbatim quote.”" in source
    assert "Confidence: 91%" in contexts
    buttons = blocks_of("actions", payload)[0]["elements"]
    assert [b["action_id"] for b in buttons] == [f"{ACTION_FEEDBACK}:yes", f"{ACTION_FEEDBACK}:no"]
    assert "18,000 chips." in payload["text"]


def test_missing_source_fields_show_as_unknown_and_unsafe_urls_are_not_linked() -> None:
    payload = render(answered(citations=(cite(publisher=None, published=None, url="javascript:alert(1)"),))).payload()
    check_message(payload)
    text = all_text(payload)
    assert "publisher unknown" in text and "date unknown" in text
    assert "<javascript" not in text


def test_safe_url_becomes_a_link_with_escaped_ampersand() -> None:
    payload = render(answered(citations=(cite(url="https://ok.example/a?b=1&c=2"),))).payload()
    check_message(payload)
    assert "<https://ok.example/a?b=1&amp;c=2|A title>" in all_text(payload)


def test_feedback_value_round_trips_to_the_same_answer_key() -> None:
    answer = answered(question="Q with \"quotes\" and <!here>" * 20)
    value = blocks_of("actions", render(answer).payload())[0]["elements"][0]["value"]
    rebuilt = parse_feedback(value)
    assert rebuilt is not None and answer_key(rebuilt) == answer_key(answer)
    assert parse_feedback("not json") is None
    assert parse_feedback(json.dumps({"q": "x", "s": "bogus", "m": None})) is None


def test_hostile_data_is_shown_never_triggered() -> None:
    answer = answered(
        question=HOSTILE, text=HOSTILE, notes=(HOSTILE,),
        citations=(cite(title=HOSTILE, publisher=HOSTILE, published=HOSTILE, quote=HOSTILE, url=HOSTILE),),
    )
    payload = render(answer).payload()
    check_message(payload)
    assert "&lt;!channel&gt;" in payload["blocks"][2]["text"]["text"]


def test_many_citations_stay_within_fifty_blocks() -> None:
    payload = render(answered(citations=tuple(cite(quote=f"quote {i}") for i in range(80)))).payload()
    check_message(payload)
    assert len(payload["blocks"]) == 50
    assert "more sources" in all_text(payload)
    assert blocks_of("actions", payload), "the feedback buttons survive the cut"


def test_huge_fields_are_cut_cleanly() -> None:
    big = "word " * 5000
    answer = answered(question=big, text=big, citations=(cite(title=big, publisher=big, quote=big),))
    payload = render(answer).payload()
    check_message(payload)
    assert payload["blocks"][1]["text"]["text"].endswith("…")


def test_unsure_offers_suggestions_as_buttons() -> None:
    long_q = "What about " + "very " * 40 + "long questions?"
    answer = Answer("chips?", "unsure", "Did you mean?", 0.4, suggestions=("How many chips?", long_q),
                    suggested=(Match("faq", "chips"), Match("fact", "long")))
    payload = render(answer).payload()
    check_message(payload)
    buttons = blocks_of("actions", payload)[0]["elements"]
    assert [b["action_id"] for b in buttons] == [f"{ACTION_SUGGEST}:0", f"{ACTION_SUGGEST}:1"]
    assert buttons[1]["text"]["text"].endswith("…")
    assert parse_suggestion(buttons[0]["value"]) == ("chips", "How many chips?")
    assert parse_suggestion(buttons[1]["value"]) == ("long", long_q)
    assert "Confidence" not in all_text(payload), "no confidence or feedback on a guess"


def test_no_answer_has_no_buttons() -> None:
    payload = render(Answer("??", "no_answer", "I don't know.", 0.0)).payload()
    check_message(payload)
    assert not blocks_of("actions", payload)


def test_suggestion_value_round_trip_and_rejects_foreign_values() -> None:
    assert parse_suggestion(suggestion_value(Match("faq", "a"), "Q?")) == ("a", "Q?")
    assert parse_suggestion("[]") is None and parse_suggestion("{") is None and parse_suggestion('{"id": ""}') is None


# -- other replies -------------------------------------------------------------------------------------------


def test_help_and_errors_are_private_and_escaped() -> None:
    help_message = render(HelpReply())
    assert help_message.private
    check_message(help_message.payload())
    assert "/nvidia ask &lt;question&gt;" in all_text(help_message.payload())
    error = render(ErrorReply(f"No topic called {HOSTILE!r}."))
    assert error.private
    check_message(error.payload())


def test_notice_is_private() -> None:
    message = notice("Easy there <@U1>")
    assert message.private
    check_message(message.payload())


def test_topics_have_a_show_facts_button_each_and_stay_within_limits() -> None:
    topics = tuple(TopicSummary(Topic(f"t-{i}", f"Topic {i} {HOSTILE}", HOSTILE), 3, (HOSTILE,)) for i in range(70))
    payload = render(TopicsReply(topics)).payload()
    check_message(payload)
    assert len(payload["blocks"]) == 50
    first = payload["blocks"][1]["accessory"]
    assert parse_suggestion(first["value"]) == ("t-0", f"Topic 0 {HOSTILE}")


def test_overview_keeps_headline_and_source_together() -> None:
    items = tuple(OverviewItem(f"Headline {i}", cite(quote=f"q{i}")) for i in range(40))
    payload = render(Overview("Title", "Intro", items)).payload()
    check_message(payload)
    assert len(payload["blocks"]) <= 50
    assert "more headlines" in all_text(payload)
    assert not render(Overview("T", "I", ())).private


def test_sources_show_unknown_metadata() -> None:
    source = Source("s", None, None, None, None, "en", "text")
    payload = render(SourcesReply((source,))).payload()
    check_message(payload)
    assert "publisher unknown" in all_text(payload) and "date unknown" in all_text(payload)


# -- properties ------------------------------------------------------------------------------------------------

any_text = st.text(max_size=4000) | st.sampled_from([HOSTILE, "", " ", "&", "<", "@here", "😀" * 2000])


@settings(max_examples=150, deadline=None)
@given(
    question=any_text, text=any_text, quote=any_text, title=any_text, note=any_text,
    suggestions=st.lists(any_text, max_size=30), confidence=st.floats(0, 1),
    status=st.sampled_from(["answered", "unsure", "no_answer"]), n_cites=st.integers(0, 60),
)
def test_any_answer_is_a_valid_and_safe_payload(
    question: str, text: str, quote: str, title: str, note: str, suggestions: list[str], confidence: float,
    status: str, n_cites: int,
) -> None:
    answer = Answer(
        question, status, text, confidence,  # type: ignore[arg-type]
        citations=tuple(cite(title=title, quote=quote, publisher=note) for _ in range(n_cites)),
        match=Match("faq", "x"), suggestions=tuple(suggestions),
        suggested=tuple(Match("faq", f"id-{i}") for i in range(len(suggestions))), notes=(note,) if note else (),
    )
    check_message(render(answer).payload())


# -- with the shipped knowledge base -------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["europe", "topics", "sources", "help", "fact", "fact nothing-like-this"])
def test_every_command_reply_is_valid(shared_kb: KnowledgeBase, command: str) -> None:
    check_message(render(run_command(shared_kb, command, platform="test")).payload())


def test_every_faq_and_topic_answer_is_valid(shared_kb: KnowledgeBase) -> None:
    kb = shared_kb
    keys = [e.id for e in kb.answers.data.faq] + [t.id for t in kb.answers.data.topics]
    assert keys
    for key in keys:
        answer = kb.topic_answer(key)
        if answer is not None:
            message = render(answer)
            check_message(message.payload())
            assert len(blocks_of("context", message.payload())) >= 2, "at least the question and one source"
