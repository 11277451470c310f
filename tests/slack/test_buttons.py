"""What the answer buttons carry: values that round-trip, stay compatible, and reject what is not ours."""

from __future__ import annotations

import json

from bot.core.models import Answer, Citation, Match
from bot.core.service import answer_key, feedback_key
from bot.slack.buttons import Vote, parse_feedback, parse_suggestion, suggestion_value
from bot.slack.render import render


def answered(**kw: object) -> Answer:
    base: dict[str, object] = {
        "question": "How many chips?", "status": "answered", "text": "18,000 chips.", "confidence": 0.91,
        "citations": (Citation("s1", "A title", "Pub", "2025-06-11", None, "A verbatim quote."),),
        "match": Match("faq", "chips"),
    }
    base.update(kw)
    return Answer(**base)  # type: ignore[arg-type]


def blocks_of(kind: str, payload: dict[str, object]) -> list[dict[str, object]]:
    return [b for b in payload["blocks"] if b["type"] == kind]  # type: ignore[attr-defined, index]


def test_feedback_value_round_trips_to_the_same_answer_key() -> None:
    answer = answered(question="Q with \"quotes\" and <!here>" * 20)
    value = blocks_of("actions", render(answer).payload())[0]["elements"][0]["value"]
    vote = parse_feedback(value)
    assert vote is not None and feedback_key(vote.ref, vote.question) == answer_key(answer)
    assert vote == Vote("faq:chips", answer.question)
    assert parse_feedback("not json") is None
    assert parse_feedback(json.dumps({"q": "x", "s": "bogus", "m": None})) is None


def test_suggestion_value_round_trip_and_rejects_foreign_values() -> None:
    assert parse_suggestion(suggestion_value(Match("faq", "a"), "Q?")) == ("a", "Q?")
    assert parse_suggestion("[]") is None and parse_suggestion("{") is None and parse_suggestion('{"id": ""}') is None


def test_a_vote_on_an_unmatched_answer_is_about_its_status() -> None:
    answer = Answer("how do I bake bread?", "no_answer", "I don't know.", 0.0)
    from_button = parse_feedback(json.dumps({"q": answer.question, "s": "no_answer", "m": None}))
    assert from_button == Vote(answer.ref, answer.question) == Vote("no_answer", "how do I bake bread?")
    # A match that is not a kind of entry (no answer carries one) is not a vote on the status either.
    assert parse_feedback(json.dumps({"q": "x", "s": "answered", "m": ["topic", "t"]})) is None


def test_a_vote_on_an_answer_from_a_source_names_the_source_sentence() -> None:
    answer = answered(match=Match("source", "s1-3"))
    value = blocks_of("actions", render(answer).payload())[0]["elements"][0]["value"]
    vote = parse_feedback(value)
    assert vote == Vote("source:s1-3", answer.question) and feedback_key(vote.ref, vote.question) == answer_key(answer)
