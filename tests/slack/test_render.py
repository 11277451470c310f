"""Replies as Block Kit: what users see, what Slack accepts, and what can never be triggered."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.chat import commands
from bot.chat.commands import ErrorReply, HelpReply, SourcesReply, TopicsReply
from bot.chat.grammar import AdminCommand, parse
from bot.core.models import Answer, Citation, Match, Overview, OverviewItem, Source, Topic, TopicSummary
from bot.core.service import KnowledgeBase
from bot.slack.buttons import ACTION_FEEDBACK, ACTION_SUGGEST, parse_suggestion
from bot.slack.render import render
from tests.slack.checks import check_message

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


# -- other replies -------------------------------------------------------------------------------------------


def test_help_and_errors_are_private_and_escaped() -> None:
    help_message = render(HelpReply())
    assert help_message.private
    check_message(help_message.payload())
    assert "/nvidia ask &lt;question&gt;" in all_text(help_message.payload())
    error = render(ErrorReply(f"No topic called {HOSTILE!r}."))
    assert error.private
    check_message(error.payload())



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
    parsed = parse(command)
    assert not isinstance(parsed, AdminCommand)
    check_message(render(commands.run(shared_kb, parsed, platform="test")).payload())


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
